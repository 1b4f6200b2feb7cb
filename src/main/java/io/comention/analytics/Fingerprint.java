package io.comention.analytics;

import java.util.Arrays;
import java.util.Locale;

/**
 * A content fingerprint that survives light edits: MinHash over overlapping 4-word shingles of the
 * article body (or title when there is no body), lower-cased and stripped of punctuation. Two texts'
 * fingerprints agree in about as many positions as the share of shingles the texts have in common
 * (their Jaccard similarity), so a syndicated copy with a new headline, dateline or a changed word
 * still matches its original, while different stories on the same topic do not.
 *
 * <p>One hash per shingle (one-permutation MinHash): its top 4 bits pick one of {@value #SIZE} bins
 * and each bin keeps the smallest remaining value, instead of {@value #SIZE} hash functions over every
 * shingle, which made fingerprinting cost as much as tagging. A bin no shingle fell into borrows the
 * value of the next filled bin to its right, marked with the distance in its top bits (rotation
 * densification), so two short texts do not agree merely because both left the same bin empty.
 */
public final class Fingerprint {

    /** Positions (bins) per fingerprint. */
    public static final int SIZE = 16;

    private static final int BIN_SHIFT = 64 - 4; // top 4 bits choose the bin: SIZE = 2^4
    private static final long VALUE_MASK = (1L << BIN_SHIFT) - 1;
    static final int SHINGLE_WORDS = 4;
    /** Below this many shingles a text is too short to call anything a copy of it. */
    static final int MIN_SHINGLES = 8;

    private Fingerprint() {}

    /** The fingerprint of an article, or an empty array when its text is too short to compare. */
    public static long[] of(String title, String body) {
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

    /** Fills each empty bin from the next filled one to its right (wrapping), tagged with the distance. */
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

    /** The share of positions where two fingerprints agree: an estimate of the texts' similarity. */
    public static double similarity(long[] a, long[] b) {
        if (a.length != SIZE || b.length != SIZE) {
            return 0.0;
        }
        int same = 0;
        for (int i = 0; i < SIZE; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return (double) same / SIZE;
    }

    /** For ASCII: 0 for a character outside words, else the character lower-cased. */
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

    /**
     * The {@link String#hashCode} of each word (a run of letters and digits) of the text lower-cased,
     * computed in place: no word strings are made. ASCII characters are looked up in a table (in ASCII the
     * letters and digits are exactly {@code [A-Za-z0-9]} and lower-casing only maps A–Z), so an all-ASCII
     * text needs neither a lower-cased copy nor {@link Character}'s tables. A text that is not {@code
     * lowerCased} gives null at its first character beyond ASCII.
     */
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

    /** A 64-bit finaliser (the MurmurHash3 fmix64 constants): spreads every input bit over the output. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
