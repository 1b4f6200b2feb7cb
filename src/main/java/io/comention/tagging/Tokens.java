package io.comention.tagging;

import java.util.Arrays;

/** Per-thread token buffers, reused across calls, and the text they point into. */
final class Tokens {
    /** An id not looked up yet (the scan looks up only the tokens that may start an alias). */
    static final int UNRESOLVED = -2;

    int[] start = new int[256];
    int[] end = new int[256];
    int[] id = new int[256];
    int[] root = new int[256];
    int[] hash = new int[256];
    // what the context rules ask about a neighbouring token, worked out on first use (0: not yet); see
    // ContextVetoes#neighbour
    int[] info = new int[256];
    int count;
    // the tokens that start an alias (root[t] != NO_NODE), in order: the walk visits only these
    int[] aliasStarts = new int[256];
    int aliasStartCount;
    int titleCase; // 0 unknown, 1 yes, 2 no
    // the text these tokens are of, when an ASCII scan of a whole String made them (null otherwise): the
    // article rules read the body's tokens again right after the matcher scanned it
    String source;
    char[] chars; // the text on the general path ...
    byte[] bytes; // ... or on the ASCII path (then chars is null)
    byte[] asciiBuffer = new byte[1024]; // reused for foldToAscii
    long[] wordBits = new long[64]; // scanAscii's bitmaps, one bit per byte
    long[] nonSpaceBits = new long[64];
    // scanAscii's memo of root lookups of words under eight letters, by hash: the word's lower-cased
    // bytes (0 = empty) and its token id and root child as the scan stores them
    static final int MEMO = 256;
    final long[] memoHead = new long[MEMO];
    final int[] memoId = new int[MEMO];
    final int[] memoRoot = new int[MEMO];
    // tokenId's memo of the ids of words under eight letters (any word, not only alias starts)
    final long[] idMemoHead = new long[MEMO];
    final int[] idMemoId = new int[MEMO];

    /** Room for {@code tokens} tokens and {@code blocks} bitmap words. */
    void ensureCapacity(int tokens, int blocks) {
        if (start.length < tokens) {
            count = 0;
            start = new int[tokens];
            end = new int[tokens];
            id = new int[tokens];
            root = new int[tokens];
            hash = new int[tokens];
            info = new int[tokens];
            aliasStarts = new int[tokens];
        }
        if (wordBits.length < blocks) {
            wordBits = new long[blocks];
            nonSpaceBits = new long[blocks];
        }
    }

    /**
     * The hash of word token {@code t} on the ASCII path ({@link TokenChars#asciiHash}). The scan stores it
     * for words of up to eight letters and leaves 0 for longer ones, hashed here on first use (a word
     * whose hash is 0 is hashed again each time, which is still correct).
     */
    int wordHash(int t) {
        int h = hash[t];
        if (h == 0) {
            h = (int) TokenChars.asciiHash(bytes, start[t], end[t]);
            hash[t] = h;
        }
        return h;
    }

    /** Character {@code i} of the text, whichever path it is on. */
    char charAt(int i) {
        return bytes != null ? (char) bytes[i] : chars[i];
    }

    void reset(char[] c, byte[] b) {
        count = 0;
        aliasStartCount = 0;
        titleCase = 0;
        source = null;
        chars = c;
        bytes = b;
    }

    void grow() {
        int cap = count * 2;
        start = Arrays.copyOf(start, cap);
        end = Arrays.copyOf(end, cap);
        id = Arrays.copyOf(id, cap);
        root = Arrays.copyOf(root, cap);
        hash = Arrays.copyOf(hash, cap);
        info = Arrays.copyOf(info, cap);
        aliasStarts = Arrays.copyOf(aliasStarts, cap);
    }

    void add(int s, int e, int tokenId, int rootNode) {
        if (count == start.length) {
            grow();
        }
        start[count] = s;
        end[count] = e;
        id[count] = tokenId;
        info[count] = 0;
        if (rootNode != AliasMatcher.NO_NODE) {
            aliasStarts[aliasStartCount++] = count;
        }
        root[count++] = rootNode;
    }

    void add(int s, int e, int h) {
        add(s, e, UNRESOLVED, AliasMatcher.NO_NODE);
        hash[count - 1] = h;
    }
}
