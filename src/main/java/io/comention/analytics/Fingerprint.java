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

    private static final long SEED = 1125899906842597L;

    private Fingerprint() {}

    /** The fingerprint of an article, or an empty array when its text is too short to compare. */
    public static long[] of(String title, String body) {
        String text = body != null && !body.isBlank() ? body : title;
        if (text == null) {
            return new long[0];
        }
        long[] words = new long[capacityFor(text)];
        int count = asciiWordHashes(text, words);
        if (count < 0) { // beyond ASCII: lower-cased a character at a time by the JDK's rules
            count = wordHashes(text, words, false);
        }
        if (count < 0) { // a character whose lower case the JDK makes from its context or several chars
            String lowerCased = text.toLowerCase(Locale.ROOT);
            words = new long[capacityFor(lowerCased)];
            count = wordHashes(lowerCased, words, true);
        }
        int shingles = count - SHINGLE_WORDS + 1;
        if (shingles < MIN_SHINGLES) {
            return new long[0];
        }
        long[] hashes = shingleHashes(words, shingles);
        long[] mins = new long[SIZE];
        Arrays.fill(mins, Long.MAX_VALUE);
        for (long h : hashes) {
            int bin = (int) (h >>> BIN_SHIFT);
            long v = h & VALUE_MASK;
            if (v < mins[bin]) {
                mins[bin] = v;
            }
        }
        densify(mins);
        return mins;
    }

    /**
     * The hash of each shingle: seeded, then for each of its {@value #SHINGLE_WORDS} words {@code h = mix(31
     * * h + word)}. Computed one word position at a time over all shingles rather than one shingle at a
     * time, so the steps in flight are independent (no waiting on the previous multiply) and each loop is
     * a plain map over arrays the JIT can vectorise; the values are the same.
     */
    private static long[] shingleHashes(long[] words, int shingles) {
        long[] h = new long[shingles];
        for (int i = 0; i < shingles; i++) {
            h[i] = mix(31 * SEED + words[i]);
        }
        for (int i = 0; i < shingles; i++) {
            h[i] = mix(31 * h[i] + words[i + 1]);
        }
        for (int i = 0; i < shingles; i++) {
            h[i] = mix(31 * h[i] + words[i + 2]);
        }
        for (int i = 0; i < shingles; i++) {
            h[i] = mix(31 * h[i] + words[i + 3]);
        }
        return h;
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
    private static final int[] ASCII_WORD_CHAR = new int[128];

    /** For ASCII: -1 for a character of a word, 0 for one outside words. */
    private static final int[] ASCII_WORD_MASK = new int[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ASCII_WORD_CHAR[c] = c;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_WORD_CHAR[c] = c;
            ASCII_WORD_CHAR[c - 'a' + 'A'] = c;
        }
        for (int c = 0; c < 128; c++) {
            ASCII_WORD_MASK[c] = ASCII_WORD_CHAR[c] != 0 ? -1 : 0;
        }
    }

    /** Room for the word hashes of a text: at most one word per two characters, plus the scan's last write. */
    private static int capacityFor(String text) {
        return text.length() / 2 + 2;
    }

    /**
     * The {@link String#hashCode} of each word (a run of letters and digits) of an all-ASCII text
     * lower-cased, into {@code out}; their number, or -1 when the text has a character beyond ASCII. In
     * ASCII the letters and digits are exactly {@code [A-Za-z0-9]} and lower-casing only maps A–Z, so two
     * table look-ups give each character's lower case and whether it is in a word. Without a branch per
     * character (a word's end is hard to predict): each step writes the running hash at the next free
     * slot, which a word's end keeps by moving on, and a character outside words resets the hash to 0.
     */
    private static int asciiWordHashes(String text, long[] out) {
        int count = 0;
        int h = 0;
        int inWord = 0; // -1 after a character of a word
        int seen = 0; // every character or'ed: 128 or more when one is beyond ASCII
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            seen |= c;
            int mask = ASCII_WORD_MASK[c & 127];
            out[count] = h;
            count -= inWord & ~mask; // a word ended before c: keep its hash
            h = (31 * h + ASCII_WORD_CHAR[c & 127]) & mask;
            inWord = mask;
        }
        if (seen >= 128) {
            return -1;
        }
        out[count] = h;
        return count - inWord;
    }

    /**
     * As {@link #asciiWordHashes} for any text: each character beyond ASCII is lower-cased as {@link
     * String#toLowerCase(Locale) toLowerCase(Locale.ROOT)} would ({@link Character#toLowerCase(int)}) and
     * is in a word when {@link Character#isLetterOrDigit(int) a letter or digit}. A text that is not {@code
     * lowerCased} gives -1 at a character whose lower case {@code toLowerCase} takes from its context or
     * makes of several chars (capital sigma, capital I with dot above, and surrogates for safety): the
     * caller then lower-cases the whole text the JDK's way first. (FingerprintTest holds every char, in and
     * between words, to the fingerprint of the text lower-cased whole.)
     */
    private static int wordHashes(String text, long[] out, boolean lowerCased) {
        int count = 0;
        int h = 0;
        int inWord = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int w;
            int mask;
            if (c < 128) {
                w = ASCII_WORD_CHAR[c];
                mask = ASCII_WORD_MASK[c];
            } else {
                w = lowerCased ? (Character.isLetterOrDigit(c) ? c : 0) : lowerCasedWordChar(c);
                if (w < 0) {
                    return -1;
                }
                mask = w != 0 ? -1 : 0;
            }
            out[count] = h;
            count -= inWord & ~mask;
            h = (31 * h + w) & mask;
            inWord = mask;
        }
        out[count] = h;
        return count - inWord;
    }

    /**
     * A character beyond ASCII lower-cased, when it is then a letter or digit; 0 when it is not; -1 when
     * {@link String#toLowerCase(Locale) toLowerCase(Locale.ROOT)} lower-cases it otherwise than {@link
     * Character#toLowerCase(int)} alone: capital sigma (final or not by context), capital I with dot
     * above (two chars), surrogates (whole code points).
     */
    private static int lowerCasedWordChar(char c) {
        if (c == '\u03a3' || c == '\u0130' || Character.isSurrogate(c)) {
            return -1;
        }
        int lower = Character.toLowerCase((int) c);
        if (lower < 128) {
            return ASCII_WORD_CHAR[lower];
        }
        if (lower > Character.MAX_VALUE) {
            return -1;
        }
        return Character.isLetterOrDigit(lower) ? lower : 0;
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
