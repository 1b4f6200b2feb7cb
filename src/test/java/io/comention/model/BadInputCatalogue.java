package io.comention.model;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.comention.model.DeadLetter.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Test catalogue of bad and odd {@code news.raw} records, each with what must happen to it: processed
 * (odd but valid), dead-lettered with a given error kind and reason, or dropped as a duplicate of an
 * earlier case's id. Used by the parser-level catalogue test and by the end-to-end bad-input ITCase, so
 * both check the same records. docs/bad-input.md lists the same kinds.
 */
public final class BadInputCatalogue {

    /** The record-size limit both tests configure (input.max_record_bytes). */
    public static final int MAX_RECORD_BYTES = 64 * 1024;

    public enum Outcome {
        PROCESSED,
        DEAD_LETTER,
        DUPLICATE
    }

    /**
     * One catalogue entry. {@code errorKind} and {@code reasonPart} are set for dead letters; {@code
     * sameIdAs} names the id a duplicate repeats; the original and the duplicate are both keyed by it, so
     * they land on the same partition in order and the original is the one kept.
     */
    public record Case(
            String name,
            byte[] key,
            byte[] value,
            Outcome outcome,
            ErrorKind errorKind,
            String reasonPart,
            String sameIdAs) {
        @Override
        public String toString() {
            return name;
        }
    }

    private BadInputCatalogue() {}

    public static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // ---- not an article at all: dead letters ----
        c.add(dead("tombstone (null value)", "tomb-1", null, ErrorKind.EMPTY_RECORD, "no value"));
        c.add(dead("empty value", null, bytes(""), ErrorKind.EMPTY_RECORD, "no value"));
        c.add(dead("whitespace only", null, bytes("  \n\t "), ErrorKind.INVALID_JSON, "no content"));
        c.add(dead("invalid JSON", null, bytes("{not json"), ErrorKind.INVALID_JSON, "invalid JSON"));
        c.add(dead(
                "truncated JSON",
                "trunc-1",
                bytes("{\"id\":\"trunc-1\",\"title\":\"Kabul and Islamab"),
                ErrorKind.INVALID_JSON,
                "invalid JSON"));
        c.add(dead(
                "plain text instead of JSON",
                null,
                bytes("Pakistan and Afghanistan agreed to reopen the border."),
                ErrorKind.INVALID_JSON,
                "invalid JSON"));
        c.add(dead(
                "JSON array instead of an object",
                null,
                bytes("[{\"title\":\"Kabul\"},{\"title\":\"Islamabad\"}]"),
                ErrorKind.NOT_AN_OBJECT,
                "got array"));
        c.add(dead(
                "JSON string instead of an object",
                null,
                bytes("\"Kabul and Islamabad\""),
                ErrorKind.NOT_AN_OBJECT,
                "got string"));
        c.add(dead("JSON number instead of an object", null, bytes("42"), ErrorKind.NOT_AN_OBJECT, "got number"));
        c.add(dead("JSON boolean instead of an object", null, bytes("true"), ErrorKind.NOT_AN_OBJECT, "got boolean"));
        c.add(dead("JSON null literal", null, bytes("null"), ErrorKind.NOT_AN_OBJECT, "got null"));
        c.add(dead(
                "two objects in one record",
                null,
                bytes("{\"id\":\"two-1\",\"title\":\"Kabul\"}{\"id\":\"two-2\",\"title\":\"Islamabad\"}"),
                ErrorKind.INVALID_JSON,
                "trailing"));
        c.add(dead(
                "trailing garbage after the object",
                null,
                bytes("{\"id\":\"garb-1\",\"title\":\"Kabul\"} xyz"),
                ErrorKind.INVALID_JSON,
                "Unrecognized token 'xyz'"));
        c.add(dead(
                "duplicate field names",
                null,
                bytes("{\"id\":\"dupfield-1\",\"title\":\"Kabul\",\"title\":\"Paris\"}"),
                ErrorKind.INVALID_JSON,
                "duplicate field 'title'"));
        c.add(dead(
                "JavaScript literals (NaN, comments, single quotes)",
                null,
                bytes("{'title': 'Kabul', /* note */ \"score\": NaN}"),
                ErrorKind.INVALID_JSON,
                "invalid JSON"));
        c.add(dead(
                "raw control character inside a string",
                null,
                bytes("{\"title\":\"Kabul\u0001 talks\"}"),
                ErrorKind.INVALID_JSON,
                "CTRL-CHAR"));
        c.add(dead("empty object", null, bytes("{}"), ErrorKind.NO_TEXT, "neither title nor body"));
        c.add(dead(
                "missing text (metadata only)",
                null,
                bytes("{\"id\":\"meta-1\",\"url\":\"https://x.example/meta-1\",\"source\":\"x.example\"}"),
                ErrorKind.NO_TEXT,
                "neither title nor body"));
        c.add(dead(
                "blank title and body",
                null,
                bytes("{\"id\":\"blank-1\",\"title\":\"  \",\"body\":\"\\n\\t\"}"),
                ErrorKind.NO_TEXT,
                "neither title nor body"));
        c.add(dead(
                "null title and body",
                null,
                bytes("{\"id\":\"null-1\",\"title\":null,\"body\":null}"),
                ErrorKind.NO_TEXT,
                "neither title nor body"));
        c.add(dead(
                "title of the wrong type (number)",
                null,
                bytes("{\"id\":\"wt-1\",\"title\":5}"),
                ErrorKind.WRONG_TYPE,
                "field 'title' must be a string, was number"));
        c.add(dead(
                "body of the wrong type (object)",
                null,
                bytes("{\"id\":\"wt-2\",\"title\":\"Kabul\",\"body\":{\"text\":\"x\"}}"),
                ErrorKind.WRONG_TYPE,
                "field 'body' must be a string, was object"));
        c.add(dead(
                "title of the wrong type (array)",
                null,
                bytes("{\"id\":\"wt-3\",\"title\":[\"Kabul\"]}"),
                ErrorKind.WRONG_TYPE,
                "field 'title' must be a string, was array"));
        c.add(dead(
                "id of the wrong type (number)",
                null,
                bytes("{\"id\":12345,\"title\":\"Kabul\"}"),
                ErrorKind.WRONG_TYPE,
                "field 'id' must be a string, was number"));
        c.add(dead(
                "published_at as epoch number",
                null,
                bytes("{\"id\":\"wt-5\",\"title\":\"Kabul\",\"published_at\":1318996800}"),
                ErrorKind.WRONG_TYPE,
                "field 'published_at' must be a string, was number"));
        c.add(dead(
                "invalid UTF-8 (bad continuation byte)",
                null,
                concat(bytes("{\"title\":\"Kabul "), new byte[] {(byte) 0xC3, (byte) 0x28}, bytes("\"}")),
                ErrorKind.INVALID_UTF8,
                "not valid UTF-8"));
        c.add(dead(
                "overlong UTF-8 encoding",
                null,
                concat(bytes("{\"title\":\"Kabul "), new byte[] {(byte) 0xC0, (byte) 0xAF}, bytes("\"}")),
                ErrorKind.INVALID_UTF8,
                "not valid UTF-8"));
        c.add(dead(
                "Latin-1 instead of UTF-8",
                null,
                concat(bytes("{\"title\":\"Caf"), new byte[] {(byte) 0xE9}, bytes(" in Kabul\"}")),
                ErrorKind.INVALID_UTF8,
                "not valid UTF-8"));
        c.add(dead(
                "UTF-16 with a byte-order mark",
                null,
                concat(
                        new byte[] {(byte) 0xFE, (byte) 0xFF},
                        "{\"title\":\"Kabul\"}".getBytes(StandardCharsets.UTF_16BE)),
                ErrorKind.INVALID_UTF8,
                "not valid UTF-8"));
        c.add(dead(
                "oversized record",
                "big-1",
                bytes("{\"id\":\"big-1\",\"title\":\"Kabul\",\"body\":\"" + "word ".repeat(MAX_RECORD_BYTES / 5 + 10)
                        + "\"}"),
                ErrorKind.TOO_LARGE,
                "exceeds the limit of " + MAX_RECORD_BYTES));
        c.add(dead(
                "deeply nested JSON (100 levels)",
                null,
                bytes("{\"id\":\"deep-1\",\"title\":\"Kabul\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}"),
                ErrorKind.INVALID_JSON,
                "nesting depth"));
        c.add(dead(
                "very deeply nested JSON (30,000 levels)",
                null,
                bytes("{\"x\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}"),
                ErrorKind.INVALID_JSON,
                "nesting depth"));
        c.add(dead(
                "number too long to parse",
                null,
                bytes("{\"id\":\"num-1\",\"title\":\"Kabul\",\"n\":" + "9".repeat(2_000) + "}"),
                ErrorKind.INVALID_JSON,
                "number"));

        // ---- odd but valid: processed ----
        c.add(ok(
                "null key",
                null,
                article("odd-null-key", "Kabul talks", "Officials in Kabul and Islamabad met on Tuesday.")));
        c.add(new Case(
                "key that is not UTF-8",
                new byte[] {(byte) 0xFF, 0x00, (byte) 0xFE},
                article("odd-binary-key", "Kabul and Tehran", "Iran and Afghanistan signed a water agreement."),
                Outcome.PROCESSED,
                null,
                null,
                null));
        c.add(ok(
                "byte-order mark",
                null,
                concat(
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        article("odd-bom", "Ankara and Athens", "Turkey and Greece resumed talks over the Aegean."))));
        c.add(
                ok(
                        "escaped control characters",
                        null,
                        bytes(
                                "{\"id\":\"odd-control\",\"title\":\"Beijing\\u0000 and\\u0007 Tokyo\",\"body\":\"China\\tand Japan\\r\\nheld \\u001b[1mtalks\\u001b[0m.\"}")));
        c.add(ok(
                "zero-width and invisible characters",
                null,
                json(
                        "odd-zero-width",
                        "Pak\u200Bistan and Afghan\u200Distan",
                        "Pakistan\u200C\u2060 and \uFEFFAfghanistan\u00AD signed a trade pact in Kabul\u200E.")));
        c.add(ok(
                "right-to-left text and marks",
                null,
                json(
                        "odd-rtl",
                        "\u202Bباكستان وأفغانستان\u202C",
                        "\u200Fوقعت باكستان وأفغانستان اتفاقا. ישראל ומצרים נפגשו. Egypt\u200F and Israel met.")));
        c.add(
                ok(
                        "emoji, flags and ZWJ sequences",
                        null,
                        json(
                                "odd-emoji",
                                "🇵🇰 Pakistan 🤝 Afghanistan 🇦🇫",
                                "👨‍👩‍👧 families crossed from Pakistan 🚶🏽‍♀️ into Afghanistan; 🇺🇸 United States aid 💵 followed.")));
        c.add(
                ok(
                        "HTML markup and entities",
                        null,
                        json(
                                "odd-html",
                                "<h1>Kabul &amp; Islamabad</h1>",
                                "<p>The <b>Pakistani</b> army said <a href=\"https://x.example\">Afghan</a> forces&nbsp;fired.</p><script>alert('Kabul')</script><!-- India -->")));
        c.add(ok(
                "implausibly old date",
                null,
                json(
                        "odd-date-1970",
                        "Paris and Berlin",
                        "France and Germany agreed a budget.",
                        "1970-01-01T00:00:00Z")));
        c.add(ok(
                "date in the far future",
                null,
                json(
                        "odd-date-9999",
                        "Paris and Rome",
                        "France and Italy agreed on migration.",
                        "9999-12-31T23:59:59Z")));
        c.add(ok(
                "unparsable date",
                null,
                json(
                        "odd-date-text",
                        "Madrid and Lisbon",
                        "Spain and Portugal shared a power grid.",
                        "yesterday afternoon")));
        c.add(ok(
                "impossible calendar date",
                null,
                json(
                        "odd-date-feb30",
                        "Oslo and Stockholm",
                        "Norway and Sweden signed a border deal.",
                        "2011-02-30T10:00:00Z")));
        c.add(ok(
                "huge single token",
                null,
                json("odd-huge-token", "Kabul", "Pakistan " + "A".repeat(50_000) + " Afghanistan")));
        c.add(ok(
                "article naming hundreds of entities",
                null,
                json("odd-many-entities", "The world at the United Nations", allCountryNames())));
        c.add(
                ok(
                        "unknown fields and nesting within the limit",
                        null,
                        bytes(
                                "{\"id\":\"odd-extra\",\"title\":\"Cairo and Amman\",\"meta\":{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}},\"tags\":[\"x\"],\"score\":1e999999}")));
        c.add(ok("title only", "odd-title-only", bytes("{\"id\":\"odd-title-only\",\"title\":\"Moscow warns Kyiv\"}")));
        c.add(ok(
                "body only",
                "odd-body-only",
                bytes("{\"id\":\"odd-body-only\",\"body\":\"Russia and Ukraine exchanged prisoners.\"}")));
        c.add(ok(
                "CJK and combining characters",
                null,
                json("odd-cjk", "中国和日本举行会谈", "中华人民共和国与日本国 met; Pakista\u0301n and Me\u0301xico too.")));
        c.add(
                ok(
                        "unpaired surrogate escape (passed on escaped)",
                        null,
                        bytes(
                                "{\"id\":\"odd-surrogate\",\"title\":\"Kabul \\ud800 talks\",\"body\":\"Pakistan\\udc00 and Afghanistan.\"}")));
        c.add(ok(
                "line and paragraph separators",
                null,
                json("odd-separators", "Delhi\u2028and Dhaka", "India\u2029and Bangladesh\u0085opened a rail link.")));
        c.add(ok(
                "very long id",
                null,
                json("odd-long-id-" + "x".repeat(5_000), "Lima and Quito", "Peru and Ecuador met.")));
        c.add(
                ok(
                        "missing id, derived from the url",
                        null,
                        bytes(
                                "{\"url\":\"https://x.example/no-id\",\"title\":\"Nairobi and Kampala\",\"body\":\"Kenya and Uganda met.\"}")));
        c.add(
                ok(
                        "empty id, derived from the text",
                        null,
                        bytes(
                                "{\"id\":\"\",\"title\":\"Hanoi and Vientiane\",\"body\":\"Vietnam and Laos met at the Mekong.\"}")));

        // ---- duplicates of an earlier id ----
        c.add(dup(
                "same id, corrected text",
                "odd-title-only",
                bytes("{\"id\":\"odd-title-only\",\"title\":\"Moscow warns Kyiv again\"}")));
        c.add(dup(
                "same record replayed",
                "odd-body-only",
                bytes("{\"id\":\"odd-body-only\",\"body\":\"Russia and Ukraine exchanged prisoners.\"}")));
        return List.copyOf(c);
    }

    private static Case dead(String name, String key, byte[] value, ErrorKind kind, String reasonPart) {
        return new Case(name, key == null ? null : bytes(key), value, Outcome.DEAD_LETTER, kind, reasonPart, null);
    }

    private static Case ok(String name, String key, byte[] value) {
        return new Case(name, key == null ? null : bytes(key), value, Outcome.PROCESSED, null, null, null);
    }

    private static Case dup(String name, String sameIdAs, byte[] value) {
        return new Case(name, bytes(sameIdAs), value, Outcome.DUPLICATE, null, null, sameIdAs);
    }

    private static byte[] article(String id, String title, String body) {
        return json(id, title, body);
    }

    private static byte[] json(String id, String title, String body) {
        return json(id, title, body, "2011-10-19T08:00:00Z");
    }

    private static byte[] json(String id, String title, String body, String publishedAt) {
        var node = Json.MAPPER.createObjectNode();
        node.put("id", id);
        node.put("source", "catalogue.example");
        node.put("published_at", publishedAt);
        node.put("title", title);
        node.put("body", body);
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String allCountryNames() {
        StringBuilder b = new StringBuilder("Delegates from ");
        for (String code : Locale.getISOCountries()) {
            b.append(new Locale("", code).getDisplayCountry(Locale.ENGLISH)).append(", ");
        }
        return b.append("and observers attended.").toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
