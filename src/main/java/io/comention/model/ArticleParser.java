package io.comention.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.comention.model.DeadLetter.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * Parses and validates one {@code news.raw} record into an {@link Article}, or says precisely why it
 * cannot. Rules: the value must be strict UTF-8 JSON (a leading byte-order mark is tolerated) holding an
 * object no larger than the configured limit; the known fields must be strings when present; title or
 * body must hold text. A missing id is derived from the url, else from a hash of title and body. Event
 * time is {@code published_at} when it parses and is plausible (after 1990 and at most a day after the
 * record's Kafka timestamp), else the Kafka timestamp. Unknown fields are ignored; trailing content
 * after the object and a field named twice are refused. docs/bad-input.md lists what happens to each
 * kind of bad input.
 */
public final class ArticleParser {

    private static final Instant EARLIEST_PLAUSIBLE = Instant.parse("1990-01-01T00:00:00Z");
    private static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);
    /**
     * One JSON value per record, each field once: a second object after the first, or a field named
     * twice, would otherwise be dropped silently (only the first object, only the last value kept).
     */
    private static final ObjectReader STRICT_READER = Json.MAPPER
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final int maxRecordBytes;

    public ArticleParser(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The outcome: exactly one of {@code article} and {@code error} is set. */
    public record Result(Article article, ErrorKind error, String reason) {
        static Result ok(Article a) {
            return new Result(a, null, null);
        }

        static Result fail(ErrorKind kind, String reason) {
            return new Result(null, kind, reason);
        }

        public boolean ok() {
            return article != null;
        }
    }

    public Result parse(RawRecord record) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return Result.fail(ErrorKind.EMPTY_RECORD, "record has no value (null or empty)");
        }
        if (value.length > maxRecordBytes) {
            return Result.fail(
                    ErrorKind.TOO_LARGE,
                    "record of " + value.length + " bytes exceeds the limit of " + maxRecordBytes
                            + " bytes (input.max_record_bytes)");
        }
        // Jackson reads the bytes itself (its byte-based parser, about twice as fast as one over a decoded
        // String); it does not check every rule of UTF-8, so text with any non-ASCII byte is checked first
        if (!isAscii(value)) {
            try {
                checkStrictUtf8(value);
            } catch (MalformedInputException e) {
                return Result.fail(ErrorKind.INVALID_UTF8, "value is not valid UTF-8 (malformed input)");
            } catch (CharacterCodingException e) {
                return Result.fail(ErrorKind.INVALID_UTF8, "value is not valid UTF-8: " + e.getMessage());
            }
        }
        int start = hasByteOrderMark(value) ? 3 : 0;
        JsonNode node;
        try {
            node = STRICT_READER.readTree(value, start, value.length - start);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Trailing token")) {
                message = "trailing content after the first JSON value (one article per record)";
            }
            return Result.fail(ErrorKind.INVALID_JSON, "invalid JSON: " + message);
        } catch (IOException e) {
            return Result.fail(ErrorKind.INVALID_JSON, "invalid JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return Result.fail(ErrorKind.INVALID_JSON, "invalid JSON: no content");
        }
        if (!node.isObject()) {
            return Result.fail(
                    ErrorKind.NOT_AN_OBJECT,
                    "expected a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        try {
            return Result.ok(toArticle(node, record.timestamp()));
        } catch (WrongType e) {
            return Result.fail(ErrorKind.WRONG_TYPE, e.getMessage());
        } catch (NoText e) {
            return Result.fail(ErrorKind.NO_TEXT, e.getMessage());
        }
    }

    private static Article toArticle(JsonNode node, long kafkaTimestamp) {
        String url = string(node, "url");
        String source = string(node, "source");
        String language = string(node, "language");
        String title = blankToNull(string(node, "title"));
        String body = blankToNull(string(node, "body"));
        String publishedRaw = string(node, "published_at");
        if (title == null && body == null) {
            throw new NoText("article has neither title nor body text");
        }
        String id = blankToNull(string(node, "id"));
        if (id == null) {
            id = url != null ? "url-" + sha256(url) : "hash-" + sha256(nullToEmpty(title) + "\n" + nullToEmpty(body));
        }
        Instant publishedAt = parseTime(publishedRaw);
        Instant recordTime = Instant.ofEpochMilli(Math.max(0, kafkaTimestamp));
        boolean plausible = publishedAt != null
                && !publishedAt.isBefore(EARLIEST_PLAUSIBLE)
                && !publishedAt.isAfter(recordTime.plus(MAX_FUTURE_SKEW));
        Instant eventTime = plausible ? publishedAt : recordTime;
        return new Article(id, url, source, publishedAt, language, title, body, eventTime);
    }

    private static Instant parseTime(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(raw.trim());
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String string(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new WrongType("field '" + field + "' must be a string, was "
                    + v.getNodeType().name().toLowerCase());
        }
        return v.textValue();
    }

    private static void checkStrictUtf8(byte[] bytes) throws CharacterCodingException {
        StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** UTF-8's byte order mark, EF BB BF: tolerated at the start, as a decoded U+FEFF was before. */
    private static boolean hasByteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String sha256(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class WrongType extends RuntimeException {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }

    private static final class NoText extends RuntimeException {
        NoText(String message) {
            super(message, null, false, false);
        }
    }
}
