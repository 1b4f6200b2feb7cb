package io.comention.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.comention.model.Article;
import io.comention.model.DeadLetter;
import io.comention.model.DeadLetter.ErrorKind;
import io.comention.model.RawRecord;
import java.time.Instant;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parse step: valid articles go on, every other record to the dead letters with its error and reason. */
class ParseArticlesTest {

    static final long KAFKA_TIME = Instant.parse("2011-10-19T09:00:00Z").toEpochMilli();

    private OneInputStreamOperatorTestHarness<RawRecord, Article> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new ParseArticles(1024));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static RawRecord raw(long offset, String value) {
        return new RawRecord("news.raw", 0, offset, KAFKA_TIME, null, value == null ? null : value.getBytes(UTF_8));
    }

    @Test
    void shouldPassValidArticlesAndDeadLetterTheRestWithTheirReason() throws Exception {
        harness.processElement(new StreamRecord<>(
                raw(0, "{\"id\":\"a1\",\"title\":\"Kabul talks\",\"published_at\":\"2011-10-19T08:00:00Z\"}"),
                KAFKA_TIME));
        harness.processElement(new StreamRecord<>(raw(1, "{not json"), KAFKA_TIME));
        harness.processElement(new StreamRecord<>(raw(2, null), KAFKA_TIME));
        harness.processElement(
                new StreamRecord<>(raw(3, "{\"id\":\"a2\",\"title\":\"" + "x".repeat(2000) + "\"}"), KAFKA_TIME));
        harness.processElement(new StreamRecord<>(raw(4, "{\"id\":\"a3\"}"), KAFKA_TIME));

        assertThat(harness.extractOutputValues())
                .extracting(Article::id, Article::eventTime)
                .containsExactly(tuple("a1", Instant.parse("2011-10-19T08:00:00Z")));
        var deadLetters = harness.getSideOutput(ParseArticles.DEAD_LETTERS).stream()
                .map(StreamRecord::getValue)
                .toList();
        assertThat(deadLetters)
                .extracting(DeadLetter::errorKind)
                .containsExactly(
                        ErrorKind.INVALID_JSON, ErrorKind.EMPTY_RECORD, ErrorKind.TOO_LARGE, ErrorKind.NO_TEXT);
        assertThat(deadLetters.get(0).reason()).startsWith("invalid JSON");
        assertThat(deadLetters.get(2).reason()).contains("exceeds the limit of 1024 bytes");
        // the record itself travels on, byte for byte, with its coordinates
        assertThat(deadLetters).extracting(d -> d.record().offset()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(deadLetters.get(0).record().value()).isEqualTo("{not json".getBytes(UTF_8));
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.failedAt()).isNotNull());
    }
}
