package io.comention.tagging;

import java.text.Normalizer;

/**
 * Folds text for matching while remembering where every folded character came from.
 *
 * <p>Folding: diacritics are removed (NFKD, then combining marks dropped: {@code Côte} becomes
 * {@code Cote}), compatibility forms are unified (full-width letters, ligatures), curly quotes become
 * {@code '} or {@code "}, the dash family becomes {@code -}, every kind of space becomes a plain space,
 * and zero-width characters (ZWSP, ZWJ, ZWNJ, word joiner, BOM, soft hyphen) are dropped. Case is kept:
 * the matcher decides per alias whether case matters.
 *
 * <p>Pure ASCII input is not copied through the folding table at all (the common case stays cheap).
 * Folding of a non-ASCII UTF-16 unit is computed once and cached for the life of the JVM.
 */
final class TextNormalizer {

    private static final String KEEP = new String("keep"); // identity marker, compared by reference
    private static final String[] CACHE = new String[65536];

    private TextNormalizer() {}

    /** Normalised view of {@code original}. */
    static NormalizedText normalize(String original) {
        int n = original.length();
        int i = 0;
        while (i < n && original.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            return new NormalizedText(original, original.toCharArray(), n, null);
        }
        char[] out = new char[n + 16];
        int[] map = new int[n + 16];
        original.getChars(0, i, out, 0);
        for (int k = 0; k < i; k++) {
            map[k] = k;
        }
        int len = i;
        for (; i < n; i++) {
            char c = original.charAt(i);
            String f = c < 0x80 ? KEEP : fold(c);
            if (f == KEEP) {
                if (len == out.length) {
                    out = grow(out);
                    map = grow(map);
                }
                out[len] = c;
                map[len++] = i;
            } else {
                for (int k = 0; k < f.length(); k++) {
                    if (len == out.length) {
                        out = grow(out);
                        map = grow(map);
                    }
                    out[len] = f.charAt(k);
                    map[len++] = i;
                }
            }
        }
        return new NormalizedText(original, out, len, map);
    }

    /** The folded form of one UTF-16 unit: {@link #KEEP} for itself, "" to drop it, else the replacement. */
    private static String fold(char c) {
        String cached = CACHE[c];
        if (cached == null) {
            cached = computeFold(c);
            CACHE[c] = cached; // benign race: the value is deterministic and Strings are immutable
        }
        return cached;
    }

    static boolean isDropped(char c) {
        return c >= 0x80 && fold(c).isEmpty();
    }

    private static String computeFold(char c) {
        if (Character.isSurrogate(c)) {
            return KEEP;
        }
        switch (c) {
            case '\u200B': case '\u200C': case '\u200D': case '\u2060': case '\uFEFF': case '\u00AD':
            case '\u180E': case '\u200E': case '\u200F':
                return "";
            case '\u2018': case '\u2019': case '\u201A': case '\u201B': case '\u2032': case '\u02BC':
            case '\u02BB': case '\u00B4': case '\uFF07':
                return "'";
            case '\u201C': case '\u201D': case '\u201E': case '\u201F': case '\u2033': case '\u00AB':
            case '\u00BB': case '\uFF02':
                return "\"";
            case '\u2010': case '\u2011': case '\u2012': case '\u2013': case '\u2014': case '\u2015':
            case '\u2212': case '\uFE58': case '\uFE63': case '\uFF0D':
                return "-";
            case '\u00DF': return "ss";
            case '\u0131': return "i";
            case '\u0141': return "L";
            case '\u0142': return "l";
            case '\u00D8': return "O";
            case '\u00F8': return "o";
            case '\u0110': case '\u00D0': return "D";
            case '\u0111': case '\u00F0': return "d";
            case '\u00C6': return "AE";
            case '\u00E6': return "ae";
            case '\u0152': return "OE";
            case '\u0153': return "oe";
            case '\u00DE': return "Th";
            case '\u00FE': return "th";
            default:
                break;
        }
        if (isMark(c)) {
            return "";
        }
        if (Character.isSpaceChar(c) || Character.isWhitespace(c)) {
            return " ";
        }
        String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKD);
        StringBuilder sb = new StringBuilder(decomposed.length());
        for (int k = 0; k < decomposed.length(); k++) {
            char d = decomposed.charAt(k);
            if (!isMark(d)) {
                sb.append(d);
            }
        }
        String folded = sb.toString();
        if (folded.isEmpty() || (folded.length() == 1 && folded.charAt(0) == c)) {
            return KEEP;
        }
        return folded;
    }

    static boolean isMark(char c) {
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK
                || t == Character.COMBINING_SPACING_MARK;
    }

    private static char[] grow(char[] a) {
        return java.util.Arrays.copyOf(a, a.length + (a.length >> 1) + 16);
    }

    private static int[] grow(int[] a) {
        return java.util.Arrays.copyOf(a, a.length + (a.length >> 1) + 16);
    }

    /** Folded characters plus, for each, the index of the original UTF-16 unit it came from. */
    static final class NormalizedText {
        final String original;
        final char[] chars;
        final int length;
        private final int[] toOriginal; // null: identity

        NormalizedText(String original, char[] chars, int length, int[] toOriginal) {
            this.original = original;
            this.chars = chars;
            this.length = length;
            this.toOriginal = toOriginal;
        }

        /** Original offset of the folded character at {@code index}. */
        int originalStart(int index) {
            return toOriginal == null ? index : toOriginal[index];
        }

        /**
         * Original end offset (exclusive) of a folded range ending at {@code endExclusive}; trailing
         * combining marks and dropped characters that belong to the last character are included.
         */
        int originalEnd(int endExclusive) {
            if (toOriginal == null) {
                return endExclusive;
            }
            int end = toOriginal[endExclusive - 1] + 1;
            int n = original.length();
            while (end < n) {
                char c = original.charAt(end);
                if (c >= 0x80 && isMark(c)) {
                    end++;
                } else {
                    break;
                }
            }
            return end;
        }
    }
}
