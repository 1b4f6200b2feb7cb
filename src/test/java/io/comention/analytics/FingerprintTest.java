package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

public class FingerprintTest {

    public static final String WIRE = "WASHINGTON, Oct 19 (Wire) - Secretary of State Hillary Clinton and CIA Director "
            + "David Petraeus will press Pakistan this week to act against Haqqani network sanctuaries in North "
            + "Waziristan, officials said on Wednesday, as Washington weighs how far it can push Islamabad without "
            + "breaking a relationship it still needs to end the war in Afghanistan. The two are expected in "
            + "Islamabad on Thursday after talks in Kabul with President Hamid Karzai.";

    @Test
    void aLightlyEditedCopyIsSimilarAndADifferentStoryIsNot() {
        String copy = WIRE.replace("WASHINGTON, Oct 19 (Wire) - ", "WASHINGTON: ")
                .replace("on Wednesday", "on Wednesday (Wire)")
                .replace("Sept.", "Sept");
        String other = "BRUSSELS - European leaders meet on Sunday to agree a bigger rescue fund for Greece as "
                + "Germany and France argue over how much private bondholders should lose, officials said on "
                + "Wednesday, with markets watching for a deal before the G20 summit in Cannes next month.";
        long[] a = Fingerprint.of("Clinton, Petraeus to press Pakistan", WIRE);
        long[] b = Fingerprint.of("Clinton and Petraeus to press Islamabad", copy);
        long[] c = Fingerprint.of("Europe haggles over Greek rescue", other);
        assertThat(Fingerprint.similarity(a, b)).isGreaterThanOrEqualTo(0.6);
        assertThat(Fingerprint.similarity(a, c)).isLessThan(0.2);
        assertThat(Fingerprint.similarity(a, a)).isEqualTo(1.0);
    }

    @Test
    void shortTextsHaveNoFingerprintAndMatchNothing() {
        assertThat(Fingerprint.of("Kabul", "Talks resume.")).isEmpty();
        assertThat(Fingerprint.similarity(new long[0], new long[0])).isZero();
    }

    @Test
    void shortDifferentTextsDoNotAgreeOnTheBinsTheyLeaveEmpty() {
        // twelve words: nine shingles for sixteen bins, so most bins get no shingle of their own
        long[] a = Fingerprint.of(null, "ministers from both sides met in the capital on monday to discuss trade");
        long[] b = Fingerprint.of(null, "the storm closed ports along the coast and delayed flights for two days");
        assertThat(a).hasSize(Fingerprint.SIZE);
        assertThat(Fingerprint.similarity(a, b)).isLessThan(0.2);
        assertThat(Fingerprint.similarity(a, a)).isEqualTo(1.0);
    }

    @Test
    void caseAndPunctuationDoNotMatter() {
        assertThat(Fingerprint.of(null, WIRE))
                .containsExactly(Fingerprint.of(null, WIRE.toUpperCase().replace(",", " ;")));
    }

    @Test
    void asciiTextGetsTheSameFingerprintAsThroughTheGeneralPath() {
        // a no-break space is no word character, so the text's words are the same, but it is not ASCII:
        // the fingerprint with it comes from the general path (lower-cased copy, Character's classes)
        String mixed = WIRE.toUpperCase().replace(",", " ;") + " Route 66, 2026: US-Pakistan TALKS.";
        assertThat(Fingerprint.of(null, mixed))
                .hasSize(Fingerprint.SIZE)
                .containsExactly(Fingerprint.of(null, mixed + "\u00a0"));
        assertThat(Fingerprint.of("Title", "x")).isEmpty();
    }

    // --- the same values as the algorithm before it was made faster (fingerprints in state must match) ---

    /** Checks {@link Fingerprint#of} against {@link Reference#of} for one title and body. */
    private static void assertSameAsReference(String title, String body) {
        long[] expected = Reference.of(title, body);
        long[] actual = Fingerprint.of(title, body);
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("fingerprint differs from the reference for title " + describe(title)
                    + " and body " + describe(body) + ": expected " + Arrays.toString(expected) + " but was "
                    + Arrays.toString(actual));
        }
    }

    private static String describe(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < Math.min(s.length(), 200); i++) {
            char c = s.charAt(i);
            out.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.append(s.length() > 200 ? "...\" (" + s.length() + " chars)" : "\"")
                .toString();
    }

    private static String sample() throws IOException {
        try (InputStream in = FingerprintTest.class
                .getClassLoader()
                .getResourceAsStream("samples/afghanistan-seeks-pakistans-help.txt")) {
            assertThat(in).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSampleArticleGetsTheReferenceFingerprint() throws IOException {
        String sample = sample();
        String title = sample.lines().findFirst().orElseThrow();
        String body = sample.substring(sample.indexOf('\n') + 1);
        assertThat(Fingerprint.of(title, body)).hasSize(Fingerprint.SIZE);
        assertSameAsReference(title, body);
        assertSameAsReference(title, sample);
        assertSameAsReference(sample, null);
        assertSameAsReference(title, body.repeat(3)); // ~7 KB
        // the sample has curly quotes; as plain ASCII, upper-cased, and with accented capitals
        String ascii = body.replace('\u2019', '\'').replace('\u2018', '\'');
        assertSameAsReference(title, ascii);
        assertSameAsReference(title, ascii.toUpperCase(Locale.ROOT));
        assertSameAsReference(title, body.replace("Pakistan", "PAKİSTAN").replace("peace", "PEACÉ"));
        assertSameAsReference(title, body.replace("Taliban", "ΤΑΛΙΜΠΑΝ ΟΔΟΣ"));
        for (int cut = 0; cut < body.length(); cut += 37) {
            assertSameAsReference(title, body.substring(0, cut));
            assertSameAsReference(null, body.substring(cut));
        }
    }

    @Test
    void randomAsciiTextsGetTheReferenceFingerprint() {
        SplittableRandom random = new SplittableRandom(15);
        String punctuation = " \t\n\r.,;:!?'\"()[]{}-_/\\@#$%^&*+=<>|~`\u0000\u007f";
        for (int t = 0; t < 2000; t++) {
            int length = t < 500 ? random.nextInt(120) : random.nextInt(6000);
            StringBuilder text = new StringBuilder(length);
            while (text.length() < length) {
                int kind = random.nextInt(10);
                if (kind < 6) { // a word: letters of either case, sometimes digits
                    for (int i = 1 + random.nextInt(12); i > 0; i--) {
                        int r = random.nextInt(62);
                        text.append(r < 26 ? (char) ('a' + r) : r < 52 ? (char) ('A' + r - 26) : (char) ('0' + r - 52));
                    }
                } else if (kind < 8) {
                    text.append(' ');
                } else { // a run of other ASCII characters
                    for (int i = 1 + random.nextInt(4); i > 0; i--) {
                        text.append(
                                random.nextInt(4) == 0
                                        ? (char) random.nextInt(128)
                                        : punctuation.charAt(random.nextInt(punctuation.length())));
                    }
                }
            }
            String s = text.toString();
            assertSameAsReference(null, s);
            assertSameAsReference(s, s.length() > 10 ? s.substring(0, 10) : s);
        }
    }

    @Test
    void textsBeyondAsciiGetTheReferenceFingerprint() {
        String[] words = {
            "café",
            "CAFÉ",
            "Straße",
            "STRASSE",
            "ß",
            "İstanbul",
            "İİİ",
            "ıi",
            "ISTANBUL",
            "Москва",
            "МОСКВА",
            "привет",
            "北京",
            "東京都",
            "中国人民",
            "ΟΔΟΣ",
            "ΟΔΟΣ.",
            "Σ",
            "σς",
            "ΣΑΣ",
            "Ǆemal",
            "ǅ",
            "ǆ",
            "\u212a",
            "\u212b",
            "\u2160\u2161",
            "\u24b6\u24d0",
            "\uff21\uff41",
            "naïve",
            "Ærø",
            "\u00b5",
            "\u00ff",
            "\u0178",
            "\ud83d\ude00",
            "\ud801\udc00",
            "\ud801",
            "\udc00",
            "a\u0307",
            "\u0660\u0661",
            "\u00a0",
            "\u2019",
            "\u201c",
            "\u2014",
            "\ufeff",
            "\uffff",
            "Washington",
            "IRAN",
            "2026",
            "x1",
            "a",
            "",
            "-",
            "--",
            "."
        };
        String[] gaps = {" ", "  ", ", ", ". ", "\n", "\u00a0", "\u2019", "\u3000", "-", "", "\u2014"};
        SplittableRandom random = new SplittableRandom(2026);
        for (int t = 0; t < 3000; t++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(t < 1000 ? 20 : 400); n > 0; n--) {
                text.append(words[random.nextInt(words.length)]).append(gaps[random.nextInt(gaps.length)]);
            }
            String s = text.toString();
            assertSameAsReference(null, s);
            assertSameAsReference("Title", s);
        }
        for (String w : words) {
            assertSameAsReference(null, (w + " ").repeat(20));
            assertSameAsReference(null, ("one two " + w + " three four five six").repeat(3));
            assertSameAsReference(null, ("x" + w + "y ").repeat(20));
        }
    }

    @Test
    void everyCharacterGetsTheReferenceTreatment() {
        // each char once between words, once inside a word, and once in a text with a capital sigma (which
        // sends the whole text through the JDK's lower-casing): the per-char rules agree with toLowerCase
        String words = "the quick brown fox jumps over the lazy dog again and again ";
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String ch = String.valueOf((char) c);
            assertSameAsReference(null, words + ch + " " + words);
            assertSameAsReference(null, words + "Ab" + ch + "Cd " + ch + ch + words);
            if (c % 64 == 0) {
                assertSameAsReference(null, words + "ΟΔΟΣ " + "x" + ch + "y " + words);
            }
        }
    }

    @Test
    void emptyBlankAndShortTextsGetTheReferenceFingerprint() {
        String[] texts = {
            null, "", " ", "   ", "\t\n", "\u00a0", "\u2003", ".", "a", "A", "é", "İ", "a b c", "one, two."
        };
        for (String title : texts) {
            for (String body : texts) {
                assertSameAsReference(title, body);
            }
        }
        assertThat(Fingerprint.of(null, null)).isEmpty();
        assertThat(Fingerprint.of("", "")).isEmpty();
        assertThat(Fingerprint.of(null, "   ")).isEmpty();
    }

    @Test
    void wordCountsAroundTheMinimumGetTheReferenceFingerprint() {
        int minWords = Fingerprint.MIN_SHINGLES + Fingerprint.SHINGLE_WORDS - 1;
        String[] separators = {" ", ", ", " -- ", "\n\n", "\u00a0", "\u2019"};
        String[][] ends = {{"", ""}, {" ", " "}, {"...", "!"}, {"\"", "\""}, {"\u201c", "\u201d"}};
        for (int n = 0; n <= minWords + 3; n++) {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(i % 3 == 0 ? "Word" + i : i % 3 == 1 ? "w" + i : "WORD");
            }
            for (String separator : separators) {
                for (String[] end : ends) {
                    String text = end[0] + String.join(separator, list) + end[1];
                    assertSameAsReference(null, text);
                    assertSameAsReference(text, "");
                    assertThat(Fingerprint.of(null, text)).hasSize(n >= minWords ? Fingerprint.SIZE : 0);
                }
            }
        }
    }

    /**
     * A verbatim copy of {@link Fingerprint#of} as it was before it was made faster (main at 94a76e3):
     * fingerprints stored in Flink state by earlier versions are compared with new ones, so every text
     * must keep exactly this fingerprint.
     */
    static final class Reference {
        static final int SIZE = 16;
        private static final int BIN_SHIFT = 64 - 4;
        private static final long VALUE_MASK = (1L << BIN_SHIFT) - 1;
        static final int SHINGLE_WORDS = 4;
        static final int MIN_SHINGLES = 8;

        static long[] of(String title, String body) {
            String text = body != null && !body.isBlank() ? body : title;
            if (text == null) {
                return new long[0];
            }
            long[] words = wordHashes(text, false);
            if (words == null) { // beyond ASCII: lower-cased by the JDK's rules first
                words = wordHashes(text.toLowerCase(Locale.ROOT), true);
            }
            int shingles = words.length - SHINGLE_WORDS + 1;
            if (shingles < MIN_SHINGLES) {
                return new long[0];
            }
            long[] mins = new long[SIZE];
            Arrays.fill(mins, Long.MAX_VALUE);
            for (int i = 0; i < shingles; i++) {
                long h = 1125899906842597L;
                for (int w = i; w < i + SHINGLE_WORDS; w++) {
                    h = 31 * h + words[w];
                    h = mix(h);
                }
                int bin = (int) (h >>> BIN_SHIFT);
                long v = h & VALUE_MASK;
                if (v < mins[bin]) {
                    mins[bin] = v;
                }
            }
            densify(mins);
            return mins;
        }

        private static void densify(long[] mins) {
            for (int i = 0; i < SIZE; i++) {
                if (mins[i] != Long.MAX_VALUE) {
                    continue;
                }
                for (int d = 1; d < SIZE; d++) {
                    long borrowed = mins[(i + d) % SIZE];
                    if (borrowed != Long.MAX_VALUE && (borrowed >>> BIN_SHIFT) == 0) {
                        mins[i] = borrowed | ((long) d << BIN_SHIFT);
                        break;
                    }
                }
            }
        }

        private static final char[] ASCII_WORD_CHAR = new char[128];

        static {
            for (char c = '0'; c <= '9'; c++) {
                ASCII_WORD_CHAR[c] = c;
            }
            for (char c = 'a'; c <= 'z'; c++) {
                ASCII_WORD_CHAR[c] = c;
                ASCII_WORD_CHAR[c - 'a' + 'A'] = c;
            }
        }

        private static long[] wordHashes(String text, boolean lowerCased) {
            long[] out = new long[64];
            int count = 0;
            int h = 0;
            boolean inWord = false;
            for (int i = 0, n = text.length(); i <= n; i++) {
                char c = i < n ? text.charAt(i) : ' ';
                char w;
                if (c < 128) {
                    w = ASCII_WORD_CHAR[c];
                } else if (lowerCased) {
                    w = Character.isLetterOrDigit(c) ? c : 0;
                } else {
                    return null;
                }
                if (w != 0) {
                    h = 31 * h + w;
                    inWord = true;
                } else if (inWord) {
                    if (count == out.length) {
                        out = Arrays.copyOf(out, count * 2);
                    }
                    out[count++] = h;
                    h = 0;
                    inWord = false;
                }
            }
            return Arrays.copyOf(out, count);
        }

        private static long mix(long h) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
            return h;
        }
    }
}
