package io.comention.tagging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Folds text for matching while remembering where every folded character came from.
 *
 * <p>Folding: compatibility forms are unified (NFKC: full-width letters, ligatures, half-width kana);
 * accents and other diacritics of alphabetic scripts are removed ({@code Côte} becomes {@code Cote},
 * Arabic short vowels and Hebrew points are dropped), while vowel signs of Indic and South-East Asian
 * scripts, kana voicing marks and Hangul syllables are kept, because there they change the word.
 * Curly quotes become {@code '} or {@code "}, the dash family becomes {@code -}, every kind of space
 * becomes a plain space, zero-width characters (ZWSP, ZWJ, ZWNJ, word joiner, BOM, soft hyphen) and the
 * Arabic tatweel are dropped, and Persian/Urdu yeh and kaf are written as their Arabic forms.
 * Case is kept: the matcher decides per alias whether case matters.
 *
 * <p>Markup: HTML tags are removed (inline tags such as {@code <b>} join the text around them, other
 * tags separate words; {@code <script>}/{@code <style>} content and comments are dropped) and character
 * references ({@code &amp;}, {@code &rsquo;}, {@code &#8217;}, {@code &#x2019;}, {@code &eacute;}) are
 * decoded before folding. Offsets still point into the original text.
 *
 * <p>Pure ASCII input without {@code <} or {@code &} is not copied through the folding table at all (the
 * common case stays cheap). Folding of a non-ASCII UTF-16 unit is computed once and cached for the life
 * of the JVM.
 */
final class TextNormalizer {

    private static final String KEEP = new String("keep"); // identity marker, compared by reference
    private static final String[] CACHE = new String[65536];
    private static final Set<String> INLINE_TAGS = Set.of(
            "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s",
            "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr");
    private static final Map<String, String> NAMED_REFS = namedReferences();
    private static final int MAX_TAG_LENGTH = 4096;

    private TextNormalizer() {}

    /** Normalised view of {@code original}. */
    static NormalizedText normalize(String original) {
        int n = original.length();
        int i = 0;
        while (i < n) {
            char c = original.charAt(i);
            if (c >= 0x80 || c == '<' || c == '&') {
                break;
            }
            i++;
        }
        if (i == n) {
            return new NormalizedText(original, original.toCharArray(), n, null, null);
        }
        // Most non-ASCII characters of news text (curly quotes, dashes, accented letters) fold to exactly
        // one character: then offsets stay the identity and no offset tables are needed.
        char[] same = original.toCharArray();
        int k = i;
        for (; k < n; k++) {
            char c = same[k];
            if (c < 0x80) {
                if (c == '<' || c == '&') {
                    break;
                }
            } else {
                String folded = fold(c);
                if (folded != KEEP) {
                    if (folded.length() != 1) {
                        break;
                    }
                    same[k] = folded.charAt(0);
                }
            }
        }
        if (k == n) {
            return new NormalizedText(original, same, n, null, null);
        }
        Folder f = new Folder(original, i);
        while (i < n) {
            char c = original.charAt(i);
            if (c == '<') {
                i = f.tag(i);
            } else if (c == '&') {
                i = f.reference(i);
            } else {
                f.fold(c, i, i + 1);
                i++;
            }
        }
        return new NormalizedText(original, f.out, f.len, f.starts, f.ends);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    /**
     * The folded text as ASCII bytes, when folding leaves nothing but ASCII and the text has no markup
     * ({@code <} or {@code &}): then folded offsets equal original offsets and the bytes are exactly the
     * characters {@link #normalize} would return. Writes them to {@code out[0, length)} (which needs
     * {@code length + 8} bytes) and returns true; returns false for any other text, which must take the
     * general path.
     *
     * <p>Why: news text is nearly all ASCII plus a few curly quotes and dashes, and a byte array can be
     * scanned eight characters at a time, where {@code String.charAt} costs a call per character.
     * {@code getBytes(ISO_8859_1)} is a vectorised copy in the JDK; a character it cannot map becomes
     * {@code ?}, so every {@code ?} is checked against the string.
     */
    static boolean foldToAscii(String s, byte[] out) {
        byte[] raw = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = raw.length;
        System.arraycopy(raw, 0, out, 0, n);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONGS.get(out, i);
            // a set bit per byte that is non-ASCII, '<', '&' or '?' (may also flag a byte next to one: exact checks
            // follow)
            long special = (x | hasByte(x, '<') | hasByte(x, '&') | hasByte(x, '?')) & HIGH;
            if (special != 0 && !foldBytes(s, out, i, i + 8)) {
                return false;
            }
        }
        return foldBytes(s, out, i, n);
    }

    /** Non-zero (in the byte's top bit) for bytes equal to {@code b}; may flag false positives above a hit. */
    private static long hasByte(long x, char b) {
        long y = x ^ (ONES * b);
        return (y - ONES) & ~y;
    }

    private static boolean foldBytes(String s, byte[] out, int from, int to) {
        for (int k = from; k < to; k++) {
            int b = out[k];
            if (b == '<' || b == '&') {
                return false;
            }
            if (b < 0 || b == '?') {
                char c = s.charAt(k);
                if (c < 0x80) {
                    continue; // a real '?'
                }
                String folded = fold(c);
                if (folded == KEEP || folded.length() != 1 || folded.charAt(0) >= 0x80) {
                    return false;
                }
                out[k] = (byte) folded.charAt(0);
            }
        }
        return true;
    }

    /** Appends folded characters with their original ranges. */
    private static final class Folder {
        final String src;
        char[] out;
        int[] starts;
        int[] ends;
        int len;

        Folder(String src, int asciiPrefix) {
            this.src = src;
            int cap = src.length() + 16;
            out = new char[cap];
            starts = new int[cap];
            ends = new int[cap];
            src.getChars(0, asciiPrefix, out, 0);
            for (int k = 0; k < asciiPrefix; k++) {
                starts[k] = k;
                ends[k] = k + 1;
            }
            len = asciiPrefix;
        }

        void put(char c, int from, int to) {
            if (len == out.length) {
                int cap = len + (len >> 1) + 16;
                out = Arrays.copyOf(out, cap);
                starts = Arrays.copyOf(starts, cap);
                ends = Arrays.copyOf(ends, cap);
            }
            out[len] = c;
            starts[len] = from;
            ends[len++] = to;
        }

        void fold(char c, int from, int to) {
            String folded = c < 0x80 ? KEEP : TextNormalizer.fold(c);
            if (folded == KEEP) {
                put(c, from, to);
            } else {
                for (int k = 0; k < folded.length(); k++) {
                    put(folded.charAt(k), from, to);
                }
            }
        }

        /** At a '<': skips a tag, comment or script/style element; a '<' that starts no tag is text. */
        int tag(int i) {
            int n = src.length();
            if (src.startsWith("<!--", i)) {
                int close = src.indexOf("-->", i + 4);
                int end = close < 0 ? n : close + 3;
                put(' ', i, end);
                return end;
            }
            char next = i + 1 < n ? src.charAt(i + 1) : ' ';
            boolean closing = next == '/';
            int nameStart = closing ? i + 2 : i + 1;
            if (nameStart >= n || !(isAsciiLetter(src.charAt(nameStart)) || next == '!' || next == '?')) {
                fold('<', i, i + 1);
                return i + 1;
            }
            int gt = src.indexOf('>', nameStart);
            if (gt < 0 || gt - i > MAX_TAG_LENGTH) {
                fold('<', i, i + 1);
                return i + 1;
            }
            int nameEnd = nameStart;
            while (nameEnd < gt && (isAsciiLetter(src.charAt(nameEnd)) || Character.isDigit(src.charAt(nameEnd)))) {
                nameEnd++;
            }
            String name = src.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
            int end = gt + 1;
            if (!closing && (name.equals("script") || name.equals("style"))) {
                int close = src.toLowerCase(Locale.ROOT).indexOf("</" + name, end);
                if (close >= 0) {
                    int closeGt = src.indexOf('>', close);
                    end = closeGt < 0 ? n : closeGt + 1;
                } else {
                    end = n;
                }
            }
            if (!INLINE_TAGS.contains(name)) {
                put(' ', i, end); // block-level tags separate words: "</p><p>"
            }
            return end;
        }

        /** At a '&': decodes a character reference; an '&' that starts none is text. */
        int reference(int i) {
            int n = src.length();
            int semi = src.indexOf(';', i + 1);
            if (semi > i + 1 && semi - i <= 12) {
                String body = src.substring(i + 1, semi);
                String decoded = null;
                if (body.charAt(0) == '#' && body.length() > 1) {
                    try {
                        int cp = body.charAt(1) == 'x' || body.charAt(1) == 'X'
                                ? Integer.parseInt(body.substring(2), 16)
                                : Integer.parseInt(body.substring(1));
                        if (Character.isValidCodePoint(cp) && cp != 0) {
                            decoded = new String(Character.toChars(cp));
                        }
                    } catch (NumberFormatException e) {
                        decoded = null;
                    }
                } else {
                    decoded = NAMED_REFS.get(body);
                }
                if (decoded != null) {
                    String composed = Normalizer.normalize(decoded, Normalizer.Form.NFC);
                    for (int k = 0; k < composed.length(); k++) {
                        fold(composed.charAt(k), i, semi + 1);
                    }
                    return semi + 1;
                }
            }
            fold('&', i, i + 1);
            return i + 1 < n ? i + 1 : n;
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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

    private static String computeFold(char c) {
        if (Character.isSurrogate(c)) {
            return KEEP;
        }
        switch (c) {
            case '\u200B':
            case '\u200C':
            case '\u200D':
            case '\u2060':
            case '\uFEFF':
            case '\u00AD':
            case '\u180E':
            case '\u200E':
            case '\u200F':
            case '\u0640':
                return "";
            case '\u2018':
            case '\u2019':
            case '\u201A':
            case '\u201B':
            case '\u2032':
            case '\u02BC':
            case '\u02BB':
            case '\u00B4':
            case '\uFF07':
                return "'";
            case '\u201C':
            case '\u201D':
            case '\u201E':
            case '\u201F':
            case '\u2033':
            case '\u00AB':
            case '\u00BB':
            case '\uFF02':
                return "\"";
            case '\u2010':
            case '\u2011':
            case '\u2012':
            case '\u2013':
            case '\u2014':
            case '\u2015':
            case '\u2212':
            case '\uFE58':
            case '\uFE63':
            case '\uFF0D':
                return "-";
            case '\u00DF':
                return "ss";
            case '\u0131':
                return "i";
            case '\u0141':
                return "L";
            case '\u0142':
                return "l";
            case '\u00D8':
                return "O";
            case '\u00F8':
                return "o";
            case '\u0110':
            case '\u00D0':
                return "D";
            case '\u0111':
            case '\u00F0':
                return "d";
            case '\u00C6':
                return "AE";
            case '\u00E6':
                return "ae";
            case '\u0152':
                return "OE";
            case '\u0153':
                return "oe";
            case '\u00DE':
                return "Th";
            case '\u00FE':
                return "th";
            case '\u06CC':
            case '\u0649':
                return "\u064A"; // Persian/Urdu yeh, alef maksura -> Arabic yeh
            case '\u06A9':
                return "\u0643"; // Persian/Urdu keheh -> Arabic kaf
            default:
                break;
        }
        if (isDroppedMark(c)) {
            return "";
        }
        if (Character.isSpaceChar(c) || Character.isWhitespace(c)) {
            return " ";
        }
        if (c >= '\uAC00' && c <= '\uD7A3') {
            return KEEP; // Hangul syllables: NFKD would split them into jamo
        }
        String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKD);
        StringBuilder sb = new StringBuilder(decomposed.length());
        for (int k = 0; k < decomposed.length(); k++) {
            char d = decomposed.charAt(k);
            if (!isDroppedMark(d)) {
                sb.append(d);
            }
        }
        String composed = Normalizer.normalize(sb, Normalizer.Form.NFC);
        StringBuilder res = new StringBuilder(composed.length());
        for (int k = 0; k < composed.length(); k++) {
            char d = composed.charAt(k);
            String again = d < 0x80 || d == c ? KEEP : fold(d); // e.g. a full-width quote becomes a curly one
            if (again == KEEP) {
                res.append(d);
            } else {
                res.append(again);
            }
        }
        String folded = res.toString();
        if (folded.isEmpty() || (folded.length() == 1 && folded.charAt(0) == c)) {
            return KEEP;
        }
        return folded;
    }

    /**
     * Diacritics that do not change the word for a news reader: Latin/Greek/Cyrillic accents, Arabic
     * short vowels and hamza carriers' marks, Hebrew points. Indic vowel signs and kana voicing are kept.
     */
    static boolean isDroppedMark(char c) {
        return (c >= '\u0300' && c <= '\u036F')
                || (c >= '\u1AB0' && c <= '\u1AFF')
                || (c >= '\u1DC0' && c <= '\u1DFF')
                || (c >= '\u20D0' && c <= '\u20FF')
                || (c >= '\uFE20' && c <= '\uFE2F')
                || (c >= '\u0591' && c <= '\u05C7' && Character.getType(c) == Character.NON_SPACING_MARK)
                || (c >= '\u064B' && c <= '\u065F')
                || c == '\u0670'
                || (c >= '\u06D6' && c <= '\u06ED' && Character.getType(c) == Character.NON_SPACING_MARK);
    }

    static boolean isMark(char c) {
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK
                || t == Character.ENCLOSING_MARK
                || t == Character.COMBINING_SPACING_MARK;
    }

    private static Map<String, String> namedReferences() {
        Map<String, String> m = new HashMap<>();
        String[] plain = {
            "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00A0", "rsquo", "\u2019", "lsquo",
            "\u2018", "rdquo", "\u201D", "ldquo", "\u201C", "sbquo", "\u201A", "bdquo", "\u201E", "ndash", "\u2013",
            "mdash", "\u2014", "hellip", "\u2026", "shy", "\u00AD", "zwj", "\u200D", "zwnj", "\u200C", "thinsp",
            "\u2009", "ensp", "\u2002", "emsp", "\u2003", "laquo", "\u00AB", "raquo", "\u00BB", "middot", "\u00B7",
            "bull", "\u2022", "prime", "\u2032", "szlig", "\u00DF", "aelig", "\u00E6", "AElig", "\u00C6", "oslash",
            "\u00F8", "Oslash", "\u00D8", "eth", "\u00F0", "ETH", "\u00D0", "thorn", "\u00FE", "THORN", "\u00DE",
            "oelig", "\u0153", "OElig", "\u0152", "euro", "\u20AC", "pound", "\u00A3", "copy", "\u00A9", "reg", "\u00AE"
        };
        for (int k = 0; k < plain.length; k += 2) {
            m.put(plain[k], plain[k + 1]);
        }
        // accented letters: &eacute; &Ouml; &ccedil; &atilde; &aring; &scaron; ...
        String[][] marks = {
            {"acute", "\u0301"},
            {"grave", "\u0300"},
            {"circ", "\u0302"},
            {"uml", "\u0308"},
            {"tilde", "\u0303"},
            {"ring", "\u030A"},
            {"cedil", "\u0327"},
            {"caron", "\u030C"}
        };
        for (char base = 'A'; base <= 'z'; base++) {
            if (!isAsciiLetter(base)) {
                continue;
            }
            for (String[] mark : marks) {
                String composed = Normalizer.normalize(base + mark[1], Normalizer.Form.NFC);
                if (composed.length() == 1) {
                    m.put(base + mark[0], composed);
                }
            }
        }
        return Map.copyOf(m);
    }

    /** Folded characters plus, for each, the original UTF-16 range it came from. */
    static final class NormalizedText {
        final String original;
        final char[] chars;
        final int length;
        private final int[] starts; // null: identity
        private final int[] ends;

        NormalizedText(String original, char[] chars, int length, int[] starts, int[] ends) {
            this.original = original;
            this.chars = chars;
            this.length = length;
            this.starts = starts;
            this.ends = ends;
        }

        /** Original offset of the folded character at {@code index}. */
        int originalStart(int index) {
            return starts == null ? index : starts[index];
        }

        /**
         * Original end offset (exclusive) of a folded range ending at {@code endExclusive}; trailing
         * combining marks that belong to the last character are included.
         */
        int originalEnd(int endExclusive) {
            if (starts == null) {
                return endExclusive;
            }
            int end = ends[endExclusive - 1];
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
