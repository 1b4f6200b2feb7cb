package io.comention.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.DeadLetter.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArticleParserTest {

    private static final long KAFKA_TS = Instant.parse("2011-10-19T10:00:00Z").toEpochMilli();
    private final ArticleParser parser = new ArticleParser(4096);

    private static RawRecord raw(String value) {
        return raw(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static RawRecord raw(byte[] value) {
        return new RawRecord("news.raw", 0, 7L, KAFKA_TS, null, value);
    }

    @Test
    void parsesAFullArticle() {
        var r = parser.parse(raw("""
                {"id":"a1","url":"https://x.example/a1","source":"x.example","published_at":"2011-10-19T08:00:00Z",
                 "language":"en","title":"Afghanistan seeks Pakistan’s help","body":"Text.","extra":{"ignored":true}}"""));
        assertThat(r.ok()).isTrue();
        Article a = r.article();
        assertThat(a.id()).isEqualTo("a1");
        assertThat(a.title()).isEqualTo("Afghanistan seeks Pakistan’s help");
        assertThat(a.publishedAt()).isEqualTo(Instant.parse("2011-10-19T08:00:00Z"));
        assertThat(a.eventTime()).isEqualTo(a.publishedAt());
    }

    @Test
    void derivesAMissingIdFromTheUrlElseTheContent() {
        var byUrl1 = parser.parse(raw("{\"url\":\"https://x.example/1\",\"title\":\"T\"}"))
                .article();
        var byUrl2 = parser.parse(raw("{\"url\":\"https://x.example/1\",\"title\":\"Other\"}"))
                .article();
        var byText = parser.parse(raw("{\"title\":\"T\",\"body\":\"B\"}")).article();
        assertThat(byUrl1.id()).startsWith("url-").isEqualTo(byUrl2.id());
        assertThat(byText.id()).startsWith("hash-");
        assertThat(parser.parse(raw("{\"title\":\"T\",\"body\":\"B\"}"))
                        .article()
                        .id())
                .isEqualTo(byText.id());
    }

    @Test
    void fallsBackToTheKafkaTimestampForMissingUnparsableOrImplausibleDates() {
        for (String date : new String[] {null, "yesterday", "1970-01-01T00:00:00Z", "2031-01-01T00:00:00Z"}) {
            String json = date == null ? "{\"title\":\"T\"}" : "{\"title\":\"T\",\"published_at\":\"" + date + "\"}";
            assertThat(parser.parse(raw(json)).article().eventTime())
                    .as(String.valueOf(date))
                    .isEqualTo(Instant.ofEpochMilli(KAFKA_TS));
        }
    }

    @Test
    void acceptsOffsetsAndAByteOrderMark() {
        var r = parser.parse(raw("\uFEFF{\"title\":\"T\",\"published_at\":\"2011-10-19T10:00:00+05:00\"}"));
        assertThat(r.article().eventTime()).isEqualTo(Instant.parse("2011-10-19T05:00:00Z"));
    }

    @Test
    void rejectsBadRecordsWithAReason() {
        assertRejected(raw((byte[]) null), ErrorKind.EMPTY_RECORD, "no value");
        assertRejected(raw(""), ErrorKind.EMPTY_RECORD, "no value");
        assertRejected(raw("{not json"), ErrorKind.INVALID_JSON, "invalid JSON");
        assertRejected(raw("{\"title\":\"T\""), ErrorKind.INVALID_JSON, "invalid JSON");
        assertRejected(raw("[1,2]"), ErrorKind.NOT_AN_OBJECT, "got array");
        assertRejected(raw("42"), ErrorKind.NOT_AN_OBJECT, "got number");
        assertRejected(raw("{}"), ErrorKind.NO_TEXT, "neither title nor body");
        assertRejected(raw("{\"title\":\"  \",\"body\":null}"), ErrorKind.NO_TEXT, "neither title nor body");
        assertRejected(raw("{\"title\":5}"), ErrorKind.WRONG_TYPE, "field 'title' must be a string, was number");
        assertRejected(
                raw(new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}),
                ErrorKind.INVALID_UTF8,
                "UTF-8");
        assertRejected(
                raw("{\"title\":\"" + "x".repeat(5000) + "\"}"), ErrorKind.TOO_LARGE, "exceeds the limit of 4096");
        assertRejected(
                raw("{\"a\":" + "[".repeat(200) + "]".repeat(200) + ",\"title\":\"T\"}"),
                ErrorKind.INVALID_JSON,
                "nesting");
    }

    private void assertRejected(RawRecord record, ErrorKind kind, String reasonPart) {
        var r = parser.parse(record);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo(kind);
        assertThat(r.reason()).containsIgnoringCase(reasonPart);
    }
}
