package io.comention.tagging;

import io.comention.tagging.TextNormalizer.NormalizedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dictionary matcher over folded tokens: a token vocabulary (open addressing, looked up straight from
 * the character buffer, lower-cased on the fly) and a trie over token ids. Built once; {@link #match}
 * only reads it, so one instance serves any number of threads.
 *
 * <p>Tokens: a maximal run of letters/digits is a word token; any other non-space character is a
 * one-character punctuation token ({@code U.S.} is {@code U . S .}, {@code Pak-Afghan} is
 * {@code Pak - Afghan}); spaces only separate. Matching is left to right, longest match first, and a
 * match never starts or ends inside a word, so word boundaries come for free ({@code US} never fires
 * inside {@code USB}, {@code Niger} never inside {@code Nigeria}).
 */
final class AliasMatcher {

    /** How an alias is allowed to match. Lower rank wins when several payloads end on the same node. */
    enum Mode {
        IGNORE, CASE_SENSITIVE, PREFIX, CAPITALIZED, ORDINARY
    }

    /** What a trie node yields: an entity (index into the KB), or nothing for an ignore phrase. */
    record Payload(int entity, Mode mode, String[] exactTokens, int order) {}

    /** Receives each accepted match: entity index and folded character range. */
    interface Sink {
        void accept(int entity, int normStart, int normEnd);
    }

    private static final char[] ASCII_LOWER = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_LOWER[c] = (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
        }
    }

    // vocabulary
    private final char[][] vocabKeys;
    private final int[] vocabIds;
    private final int vocabMask;
    private final int hyphenId;
    // trie edges: key = parent << 32 | token id
    private final long[] edgeKeys;
    private final int[] edgeChildren;
    private final int edgeMask;
    // payloads per node
    private final int[] payloadStart;
    private final Payload[] payloads;

    private AliasMatcher(Builder b) {
        int vcap = tableSize(b.vocab.size());
        vocabKeys = new char[vcap][];
        vocabIds = new int[vcap];
        vocabMask = vcap - 1;
        for (Map.Entry<String, Integer> e : b.vocab.entrySet()) {
            char[] k = e.getKey().toCharArray();
            int slot = mix(hash(k, 0, k.length)) & vocabMask;
            while (vocabKeys[slot] != null) {
                slot = (slot + 1) & vocabMask;
            }
            vocabKeys[slot] = k;
            vocabIds[slot] = e.getValue();
        }
        hyphenId = b.vocab.getOrDefault("-", -2);
        int ecap = tableSize(b.edges.size());
        edgeKeys = new long[ecap];
        Arrays.fill(edgeKeys, -1L);
        edgeChildren = new int[ecap];
        edgeMask = ecap - 1;
        for (Map.Entry<Long, Integer> e : b.edges.entrySet()) {
            long k = e.getKey();
            int slot = mix(Long.hashCode(k * 0x9E3779B97F4A7C15L)) & edgeMask;
            while (edgeKeys[slot] != -1L) {
                slot = (slot + 1) & edgeMask;
            }
            edgeKeys[slot] = k;
            edgeChildren[slot] = e.getValue();
        }
        int nodes = b.nodeCount;
        payloadStart = new int[nodes + 1];
        List<Payload> flat = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            payloadStart[node] = flat.size();
            List<Payload> ps = b.payloads.get(node);
            if (ps != null) {
                ps.sort((x, y) -> x.mode() != y.mode()
                        ? Integer.compare(x.mode().ordinal(), y.mode().ordinal())
                        : Integer.compare(x.order(), y.order()));
                flat.addAll(ps);
            }
        }
        payloadStart[nodes] = flat.size();
        payloads = flat.toArray(new Payload[0]);
    }

    private static int tableSize(int entries) {
        int cap = 16;
        while (cap < entries * 2 + 2) {
            cap <<= 1;
        }
        return cap;
    }

    private static int hash(char[] buf, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + lower(buf[i]);
        }
        return h;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    static char lower(char c) {
        return c < 128 ? ASCII_LOWER[c] : Character.toLowerCase(c);
    }

    static boolean isWordChar(char c) {
        return c < 128 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9')
                : Character.isLetterOrDigit(c) || Character.isSurrogate(c);
    }

    static boolean isSpace(char c) {
        return c <= ' ' || (c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c)));
    }

    /** Splits folded text into tokens, as the matcher sees them (used for aliases at build time). */
    static List<String> tokenize(NormalizedText t) {
        List<String> out = new ArrayList<>();
        char[] c = t.chars;
        int i = 0;
        while (i < t.length) {
            char ch = c[i];
            if (isSpace(ch)) {
                i++;
            } else if (isWordChar(ch)) {
                int s = i;
                while (i < t.length && isWordChar(c[i])) {
                    i++;
                }
                out.add(new String(c, s, i - s));
            } else {
                out.add(String.valueOf(ch));
                i++;
            }
        }
        return out;
    }

    private int lookup(char[] buf, int start, int end) {
        int slot = mix(hash(buf, start, end)) & vocabMask;
        int len = end - start;
        while (true) {
            char[] k = vocabKeys[slot];
            if (k == null) {
                return -1;
            }
            if (k.length == len) {
                boolean eq = true;
                for (int i = 0; i < len; i++) {
                    if (k[i] != lower(buf[start + i])) {
                        eq = false;
                        break;
                    }
                }
                if (eq) {
                    return vocabIds[slot];
                }
            }
            slot = (slot + 1) & vocabMask;
        }
    }

    private int child(int node, int token) {
        long key = ((long) node << 32) | (token & 0xFFFFFFFFL);
        int slot = mix(Long.hashCode(key * 0x9E3779B97F4A7C15L)) & edgeMask;
        while (true) {
            long k = edgeKeys[slot];
            if (k == key) {
                return edgeChildren[slot];
            }
            if (k == -1L) {
                return -1;
            }
            slot = (slot + 1) & edgeMask;
        }
    }

    /** Finds all matches in {@code text}, left to right, longest first, and reports them to {@code sink}. */
    void match(NormalizedText text, Sink sink) {
        char[] c = text.chars;
        int n = text.length;
        int cap = Math.max(16, n / 4);
        int[] start = new int[cap];
        int[] end = new int[cap];
        int[] id = new int[cap];
        int count = 0;
        int i = 0;
        while (i < n) {
            char ch = c[i];
            if (ch <= ' ' || (ch >= 0x80 && isSpace(ch))) {
                i++;
                continue;
            }
            int s = i;
            int tok;
            if (isWordChar(ch)) {
                i++;
                while (i < n && isWordChar(c[i])) {
                    i++;
                }
            } else {
                i++;
            }
            tok = lookup(c, s, i);
            if (count == start.length) {
                int ncap = count * 2;
                start = Arrays.copyOf(start, ncap);
                end = Arrays.copyOf(end, ncap);
                id = Arrays.copyOf(id, ncap);
            }
            start[count] = s;
            end[count] = i;
            id[count++] = tok;
        }

        int t = 0;
        while (t < count) {
            if (id[t] < 0) {
                t++;
                continue;
            }
            int node = 0;
            Payload best = null;
            int bestEnd = -1;
            for (int j = t; j < count; j++) {
                if (id[j] < 0) {
                    break;
                }
                node = child(node, id[j]);
                if (node < 0) {
                    break;
                }
                for (int p = payloadStart[node], pe = payloadStart[node + 1]; p < pe; p++) {
                    Payload pl = payloads[p];
                    if (accepts(pl, c, start, end, id, count, t, j)) {
                        best = pl;
                        bestEnd = j;
                        break;
                    }
                }
            }
            if (best == null) {
                t++;
            } else {
                if (best.entity() >= 0) {
                    sink.accept(best.entity(), start[t], end[bestEnd]);
                }
                t = bestEnd + 1;
            }
        }
    }

    private boolean accepts(Payload pl, char[] c, int[] start, int[] end, int[] id, int count, int first, int last) {
        switch (pl.mode()) {
            case IGNORE:
            case ORDINARY:
                return true;
            case CAPITALIZED:
                return isCapital(c[start[first]]);
            case CASE_SENSITIVE: {
                String[] exact = pl.exactTokens();
                for (int k = 0; k < exact.length; k++) {
                    String e = exact[k];
                    int s = start[first + k];
                    if (end[first + k] - s != e.length()) {
                        return false;
                    }
                    for (int x = 0; x < e.length(); x++) {
                        if (c[s + x] != e.charAt(x)) {
                            return false;
                        }
                    }
                }
                return true;
            }
            case PREFIX: {
                if (first != last || !isCapital(c[start[first]])) {
                    return false;
                }
                // "Pak-Afghan": a hyphen glued to a word on the right ...
                if (first + 2 < count && id[first + 1] == hyphenId && end[first] == start[first + 1]
                        && end[first + 1] == start[first + 2] && isWordChar(c[start[first + 2]])) {
                    return true;
                }
                // ... or "Indo-Pak": glued to a word on the left
                return first >= 2 && id[first - 1] == hyphenId && end[first - 1] == start[first]
                        && end[first - 2] == start[first - 1] && isWordChar(c[start[first - 2]]);
            }
            default:
                return false;
        }
    }

    private static boolean isCapital(char c) {
        return c < 128 ? (c >= 'A' && c <= 'Z') : (Character.isUpperCase(c) || Character.isTitleCase(c));
    }

    /** Collects aliases; {@link #build()} freezes them into the compact tables. */
    static final class Builder {
        private final Map<String, Integer> vocab = new HashMap<>();
        private final Map<Long, Integer> edges = new HashMap<>();
        private final Map<Integer, List<Payload>> payloads = new HashMap<>();
        private int nodeCount = 1;
        private int order;

        /**
         * Adds an alias given as its folded tokens (original case). Returns the trie node it ends on,
         * or -1 when the alias has no tokens.
         */
        int add(List<String> tokens, int entity, Mode mode) {
            if (tokens.isEmpty()) {
                return -1;
            }
            int node = 0;
            for (String tok : tokens) {
                String key = lowerAll(tok);
                Integer tid = vocab.get(key);
                if (tid == null) {
                    tid = vocab.size();
                    vocab.put(key, tid);
                }
                long ek = ((long) node << 32) | (tid & 0xFFFFFFFFL);
                Integer next = edges.get(ek);
                if (next == null) {
                    next = nodeCount++;
                    edges.put(ek, next);
                }
                node = next;
            }
            String[] exact = mode == Mode.CASE_SENSITIVE ? tokens.toArray(new String[0]) : null;
            payloads.computeIfAbsent(node, k -> new ArrayList<>()).add(new Payload(entity, mode, exact, order++));
            return node;
        }

        /** The payloads already registered on a node (for collision reporting). */
        List<Payload> payloadsAt(int node) {
            return payloads.getOrDefault(node, List.of());
        }

        AliasMatcher build() {
            return new AliasMatcher(this);
        }

        private static String lowerAll(String s) {
            char[] a = s.toCharArray();
            for (int i = 0; i < a.length; i++) {
                a[i] = lower(a[i]);
            }
            return new String(a);
        }
    }
}
