package io.comention.tagging;

import static io.comention.tagging.TokenChars.ASCII_LOWER;
import static io.comention.tagging.TokenChars.ASCII_WORD;
import static io.comention.tagging.TokenChars.CASE_BITS;
import static io.comention.tagging.TokenChars.HIGH;
import static io.comention.tagging.TokenChars.LONGS;
import static io.comention.tagging.TokenChars.ONES;
import static io.comention.tagging.TokenChars.asciiHash;
import static io.comention.tagging.TokenChars.edgeHash;
import static io.comention.tagging.TokenChars.hashKey;
import static io.comention.tagging.TokenChars.head;
import static io.comention.tagging.TokenChars.isArabicProclitic;
import static io.comention.tagging.TokenChars.isDense;
import static io.comention.tagging.TokenChars.isSpace;
import static io.comention.tagging.TokenChars.isWordChar;
import static io.comention.tagging.TokenChars.lower;
import static io.comention.tagging.TokenChars.lowered;
import static io.comention.tagging.TokenChars.mix;
import static io.comention.tagging.TokenChars.movemask;
import static io.comention.tagging.TokenChars.slotOf;
import static io.comention.tagging.TokenChars.slotsFor;
import static io.comention.tagging.TokenChars.wordEnd;

import io.comention.tagging.TextNormalizer.NormalizedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Dictionary matcher over folded tokens: a token vocabulary (open addressing over flat int arrays,
 * looked up straight from the character buffer, lower-cased on the fly) and a trie over token ids.
 * Built once; {@link #match} only reads it, so one instance serves any number of threads.
 *
 * <p>Tokens: a maximal run of letters, digits and combining marks is a word token; a character of a
 * script written without spaces (Chinese, Japanese kana, Korean Hangul, Thai, Lao, Khmer, Myanmar) is a
 * token of its own, so an alias in such a script matches as a character sequence anywhere in the text
 * ({@code 巴基斯坦} inside {@code 巴基斯坦和阿富汗}); any other non-space character is a one-character
 * punctuation token ({@code U.S.} is {@code U . S .}); spaces only separate. An Arabic-script word that is
 * unknown as a whole is looked up once more without a one-letter proclitic (و ف ب ل ك: "and", "so",
 * "in", "to", "like"). Matching is left to right, longest match first, and a match never starts or ends
 * inside a word token ({@code US} never fires inside {@code USB}, {@code Niger} never inside
 * {@code Nigeria}).
 *
 * <p>Two paths find the same matches: text that folds to plain ASCII without markup (nearly all news
 * text) is scanned as bytes, eight at a time ({@link #matchAscii}); any other text goes through
 * {@link TextNormalizer#normalize} and {@link #match(NormalizedText, Sink)}, one character at a time.
 *
 * <p>Memory: the vocabulary keeps 4 ints per slot plus its key characters, its ASCII view 2 longs and
 * 1 int per slot of an ASCII word key, the trie 3 ints per edge slot plus 16 filter bits per edge, and
 * each alias 1 int + 1 byte + 1 reference for its payload; tables are filled to at most {@value #LOAD}
 * (the vocabulary and its ASCII view to 0.5; see docs/benchmarks.md for measured bytes per alias).
 *
 * <p>This class is the facade and keeps the scans and the trie walk; the other jobs live beside it, all
 * package-private: {@link Vocabulary} (the token tables and their lookups), {@link Tokens} (per-thread
 * token buffers), {@link ContextVetoes} (modes and the neighbour-word rules), {@link AliasMatcherBuilder}
 * (collects aliases and freezes them), {@link CompiledRule} and {@link RulePhrases} (context rules), and
 * {@link TokenChars} (character classes, 8-byte word helpers, hashing).
 */
final class AliasMatcher {

    /** How an alias is allowed to match. Lower rank wins when several payloads end on the same node. */
    enum Mode {
        IGNORE,
        CASE_SENSITIVE,
        PREFIX,
        CAPITALIZED,
        ORDINARY,
        /** Capitalised, and linked only on evidence (a title right before it, or another form in the article). */
        SURNAME;

        static final Mode[] VALUES = values();
    }

    /** Flag of {@link Sink#accept}: the match stands only if the article names the entity by another form. */
    static final int NEEDS_EVIDENCE = 1;

    /** Receives each accepted match and the words found to be part of a person's name. */
    interface Sink {
        /**
         * A match: entity index, folded character range, an article rule to check (-1: none), and flags
         * ({@link #NEEDS_EVIDENCE}; a surname several entities share is reported once for each of them).
         */
        void accept(int entity, int normStart, int normEnd, int articleRule, int flags);

        /**
         * A one-word form vetoed because it ends a person's name here ("Eddie Jordan", "Mr Holland"): the
         * same word elsewhere in the article is that person too.
         */
        default void nameWord(int normStart, int normEnd) {}
    }

    /** Rarely needed per-alias data: exact tokens of a case-sensitive alias, a context rule. */
    record Extra(String[] exactTokens, CompiledRule rule) {}

    static final double LOAD = 0.7;
    static final int NO_NODE = -1;

    private final Vocabulary vocabulary;
    // trie edges below the root: slots of [parent + 1 (0 = empty), token id, child]
    private final int[] edges;
    private final int edgeSlots;
    // payloads, grouped by node
    private final int[] payloadStart;
    private final long[] hasChildren; // one bit per node: a walk that reaches a node without children stops there
    private final int[] payloadEntity;
    private final byte[] payloadMode;
    private final Extra[] payloadExtra;
    private final CompiledRule[] rules; // by index, for articleAllows
    private final ContextVetoes vetoes;
    // one bit per hash of (trie node, ASCII word hash) for the edges whose token is an ASCII word: a walk
    // checks the next word's bit before looking the word up, and most words that follow a root word
    // ("the", "President") are not the next token of any alias
    private final long[] asciiEdgeFilter;
    // one bit per ASCII hash (top 12 bits) of the first words of the article rules' phrases
    private final long[] phraseStartFilter = new long[64];
    private final int asciiEdgeFilterShift;
    private final ThreadLocal<Tokens> scratch = ThreadLocal.withInitial(Tokens::new);

    AliasMatcher(AliasMatcherBuilder b) {
        int tokens = b.keys.size();
        int[] asciiHashOf = new int[tokens];
        vocabulary = new Vocabulary(b.keys, b.rootChild, asciiHashOf);

        edgeSlots = slotsFor(b.edgeCount);
        edges = new int[edgeSlots * 3];
        for (int s = 0; s < b.edgeCap; s++) {
            int parent = b.edgeTable[s * 3];
            if (parent != 0) {
                int tok = b.edgeTable[s * 3 + 1];
                int slot = slotOf(edgeHash(parent - 1, tok), edgeSlots);
                while (edges[slot * 3] != 0) {
                    slot = slot + 1 == edgeSlots ? 0 : slot + 1;
                }
                edges[slot * 3] = parent;
                edges[slot * 3 + 1] = tok;
                edges[slot * 3 + 2] = b.edgeTable[s * 3 + 2];
            }
        }

        int nodes = b.nodeCount;
        int count = b.payloadCount;
        hasChildren = new long[(nodes + 63) >>> 6];
        for (int s = 0; s < b.edgeCap; s++) {
            int parent = b.edgeTable[s * 3];
            if (parent != 0) {
                hasChildren[(parent - 1) >>> 6] |= 1L << (parent - 1);
            }
        }
        for (int child : b.rootChild) {
            if (child != NO_NODE) {
                hasChildren[0] |= 1L; // the root (node 0) has the first tokens as children
            }
        }
        payloadStart = new int[nodes + 1];
        for (int p = 0; p < count; p++) {
            payloadStart[b.pNode[p] + 1]++;
        }
        for (int node = 0; node < nodes; node++) {
            payloadStart[node + 1] += payloadStart[node];
        }
        int[] fill = Arrays.copyOf(payloadStart, nodes);
        payloadEntity = new int[count];
        payloadMode = new byte[count];
        payloadExtra = new Extra[count];
        for (int p = 0; p < count; p++) { // insertion order within a node ...
            int at = fill[b.pNode[p]]++;
            payloadEntity[at] = b.pEntity[p];
            payloadMode[at] = b.pMode[p];
            payloadExtra[at] = b.pExtra.get(p);
        }
        for (int node = 0; node < nodes; node++) { // ... then a stable sort by mode (groups are tiny)
            for (int i = payloadStart[node] + 1; i < payloadStart[node + 1]; i++) {
                for (int j = i; j > payloadStart[node] && payloadMode[j - 1] > payloadMode[j]; j--) {
                    swap(j - 1, j);
                }
            }
        }
        rules = b.rules.toArray(new CompiledRule[0]);

        boolean[] asciiWordKey = new boolean[tokens];
        for (int id = 0; id < tokens; id++) {
            asciiWordKey[id] = vocabulary.isAsciiWordKey(id);
        }
        int edgeFilterBits = Integer.highestOneBit(Math.max(1 << 12, b.edgeCount * 16 - 1)) << 1;
        asciiEdgeFilter = new long[edgeFilterBits >>> 6];
        asciiEdgeFilterShift = 32 - Integer.numberOfTrailingZeros(edgeFilterBits);
        for (int s = 0; s < b.edgeCap; s++) {
            int parent = b.edgeTable[s * 3];
            int tok = b.edgeTable[s * 3 + 1];
            if (parent != 0 && asciiWordKey[tok]) {
                int bit = edgeFilterBit(parent - 1, asciiHashOf[tok]);
                asciiEdgeFilter[bit >>> 6] |= 1L << bit;
            }
        }
        for (CompiledRule rule : rules) {
            for (int[][] phrases : new int[][][] {rule.notWith, rule.unlessWith}) {
                for (int[] phrase : phrases) {
                    if (phrase.length > 0 && asciiWordKey[phrase[0]]) {
                        int h = asciiHashOf[phrase[0]];
                        phraseStartFilter[h >>> 26] |= 1L << (h >>> 20);
                    }
                }
            }
        }
        vetoes = new ContextVetoes(vocabulary, b.ids, tokens, rules, asciiWordKey, asciiHashOf);
    }

    private void swap(int i, int j) {
        int e = payloadEntity[i];
        payloadEntity[i] = payloadEntity[j];
        payloadEntity[j] = e;
        byte m = payloadMode[i];
        payloadMode[i] = payloadMode[j];
        payloadMode[j] = m;
        Extra x = payloadExtra[i];
        payloadExtra[i] = payloadExtra[j];
        payloadExtra[j] = x;
    }

    private int edgeFilterBit(int node, int asciiHash) {
        return mix(node * 0x85EBCA6B ^ asciiHash) >>> asciiEdgeFilterShift;
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
            } else if (isWordChar(ch) && !isDense(ch)) {
                int s = i;
                while (i < t.length && isWordChar(c[i]) && !isDense(c[i])) {
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

    private int child(int node, int token) {
        int slot = slotOf(edgeHash(node, token), edgeSlots);
        int key = node + 1;
        while (true) {
            int base = slot * 3;
            int parent = edges[base];
            if (parent == key && edges[base + 1] == token) {
                return edges[base + 2];
            }
            if (parent == 0) {
                return NO_NODE;
            }
            slot = slot + 1 == edgeSlots ? 0 : slot + 1;
        }
    }

    private Tokens scan(NormalizedText text) {
        Tokens tk = scratch.get();
        tk.reset(text.chars, null);
        char[] c = text.chars;
        Vocabulary v = vocabulary;
        int[] vocab = v.vocab;
        int n = text.length;
        int i = 0;
        while (i < n) {
            char ch = c[i];
            int s = i;
            int h;
            if (ch < 0x80) {
                if (ch <= ' ') {
                    i++;
                    continue;
                }
                if (ASCII_WORD[ch]) {
                    h = ASCII_LOWER[ch];
                    i++;
                    while (i < n) {
                        char x = c[i];
                        if (x < 0x80) {
                            if (!ASCII_WORD[x]) {
                                break;
                            }
                            h = 31 * h + ASCII_LOWER[x];
                        } else if (isWordChar(x) && !isDense(x)) {
                            h = 31 * h + Character.toLowerCase(x);
                        } else {
                            break;
                        }
                        i++;
                    }
                } else {
                    h = ch;
                    i++;
                }
            } else if (isSpace(ch)) {
                i++;
                continue;
            } else if (isWordChar(ch) && !isDense(ch)) {
                h = 0;
                while (i < n && isWordChar(c[i]) && !isDense(c[i])) {
                    h = 31 * h + lower(c[i]);
                    i++;
                }
                int slot = v.lookup(h, c, s, i);
                if (slot < 0 && i - s >= 4 && ch >= '\u0600' && ch <= '\u06FF' && isArabicProclitic(ch)) {
                    int h2 = hashKey(lowered(c, s + 1, i), 0, i - s - 1);
                    int slot2 = v.lookup(h2, c, s + 1, i);
                    if (slot2 >= 0) {
                        tk.add(s + 1, i, vocab[slot2 + 1] - 1, vocab[slot2 + 2]);
                        continue;
                    }
                }
                tk.add(s, i, slot < 0 ? -1 : vocab[slot + 1] - 1, slot < 0 ? NO_NODE : vocab[slot + 2]);
                continue;
            } else {
                h = lower(ch);
                i++;
            }
            // only tokens that may start an alias are looked up now; the rest when a match reaches them
            int bit = mix(h) >>> v.filterShift;
            int slot = (v.rootFilter[bit >>> 6] & (1L << bit)) == 0 ? -1 : v.lookup(h, c, s, i);
            if (slot < 0 || vocab[slot + 2] == NO_NODE) {
                tk.add(s, i, h);
            } else {
                tk.add(s, i, vocab[slot + 1] - 1, vocab[slot + 2]);
            }
        }
        return tk;
    }

    /**
     * Tokenises ASCII text ({@code b[0, n)}, all bytes below 0x80, zero bytes from {@code n} to the next
     * multiple of 64 plus 8) into the same tokens {@link #scan} finds in the same characters.
     *
     * <p>Why it is written like this: a loop that branches on every character cannot beat about 230 MB/s
     * on the machines we measured. Here a first loop classifies eight bytes at a time with carry-free byte
     * arithmetic (SWAR) and packs the result into two bitmaps, one bit per byte: word bytes (ASCII letters
     * and digits) and non-space bytes. A second loop visits only token starts, found by counting trailing
     * zeros, and finds a word's end the same way. Words are hashed from whole 8-byte loads, and only
     * words whose hash bit is set in the root filter are looked up; the rest are resolved when a match
     * walk reaches them.
     */
    private Tokens scanAscii(byte[] b, int n) {
        Tokens tk = scratch.get();
        tk.reset(null, b);
        int blocks = (n + 63) >>> 6;
        tk.ensureCapacity(n, blocks + 1);
        long[] wordBits = tk.wordBits;
        long[] nonSpaceBits = tk.nonSpaceBits;
        for (int blk = 0; blk < blocks; blk++) {
            long word = 0;
            long nonSpace = 0;
            for (int k = 0; k < 8; k++) {
                long x = (long) LONGS.get(b, (blk << 6) + (k << 3));
                long low = x | CASE_BITS;
                // top bit of each byte: low in 'a'..'z' (a letter of either case) or x in '0'..'9'
                long letter = (low + ONES * (0x80 - 'a')) & ~(low + ONES * (0x7F - 'z'));
                long digit = (x + ONES * (0x80 - '0')) & ~(x + ONES * (0x7F - '9'));
                word |= movemask((letter | digit) & HIGH) << (k << 3);
                nonSpace |= movemask((x + ONES * (0x7F - ' ')) & HIGH) << (k << 3);
            }
            wordBits[blk] = word;
            nonSpaceBits[blk] = nonSpace;
        }
        wordBits[blocks] = 0;

        int[] start = tk.start;
        int[] end = tk.end;
        int[] id = tk.id;
        int[] root = tk.root;
        int[] hash = tk.hash;
        long[] memoHead = tk.memoHead;
        int[] memoId = tk.memoId;
        int[] memoRoot = tk.memoRoot;
        Vocabulary v = vocabulary; // its tables in locals: the loop below reads them for every word
        long[] asciiRootFilter = v.asciiRootFilter;
        int asciiFilterShift = v.asciiFilterShift;
        long[] asciiVocab = v.asciiVocab;
        int[] asciiRoot = v.asciiRoot;
        int[] punctId = v.punctId;
        int[] punctRoot = v.punctRoot;
        int count = 0;
        long carry = 0; // 1 when the previous block ends inside a word
        for (int blk = 0; blk < blocks; blk++) {
            long word = wordBits[blk];
            long punct = nonSpaceBits[blk] & ~word;
            long starts = (word & ~((word << 1) | carry)) | punct;
            carry = word >>> 63;
            int base = blk << 6;
            while (starts != 0) {
                int bit = Long.numberOfTrailingZeros(starts);
                starts &= starts - 1;
                int s = base + bit;
                int tokenId;
                int rootNode;
                int e;
                if (((punct >>> bit) & 1) != 0) {
                    e = s + 1;
                    tokenId = punctId[b[s]];
                    rootNode = punctRoot[b[s]];
                } else {
                    long rest = ~word >>> bit; // bit 0 is this word's first byte; the first set bit ends it
                    e = rest != 0 ? s + Long.numberOfTrailingZeros(rest) : wordEnd(wordBits, blk + 1);
                    tokenId = Tokens.UNRESOLVED;
                    rootNode = NO_NODE;
                    long h = asciiHash(b, s, e);
                    hash[count] = (int) h;
                    int f = (int) (h >>> asciiFilterShift);
                    if ((asciiRootFilter[f >>> 6] & (1L << f)) != 0) {
                        // words that start aliases ("the", "President", "United") recur: a short word's
                        // answer is remembered in a small table that stays in the L1 cache
                        long head = e - s < 8 ? head(b, s, e) : 0;
                        int m = (int) h & (Tokens.MEMO - 1);
                        if (head != 0 && memoHead[m] == head) {
                            tokenId = memoId[m];
                            rootNode = memoRoot[m];
                        } else {
                            int slot = v.lookupAscii((int) h, b, s, e);
                            if (slot >= 0 && asciiRoot[slot] != NO_NODE) {
                                tokenId = (int) asciiVocab[slot * 2 + 1] - 1;
                                rootNode = asciiRoot[slot];
                            }
                            if (head != 0) {
                                memoHead[m] = head;
                                memoId[m] = tokenId;
                                memoRoot[m] = rootNode;
                            }
                        }
                    }
                }
                start[count] = s;
                end[count] = e;
                id[count] = tokenId;
                root[count++] = rootNode;
            }
        }
        tk.count = count;
        return tk;
    }

    /** Finds all matches in {@code text}, left to right, longest first, and reports them to {@code sink}. */
    void match(NormalizedText text, Sink sink) {
        walk(scan(text), sink);
    }

    /**
     * Folds {@code text} and, if folding leaves plain ASCII without markup, matches it on the ASCII path
     * and returns true; the sink then gets offsets into {@code text} itself (folding kept every offset).
     * Returns false without reporting anything for other text: the caller takes the general path
     * ({@link TextNormalizer#normalize} and {@link #match(NormalizedText, Sink)}), which finds the same.
     */
    boolean matchAscii(String text, Sink sink) {
        byte[] b = foldToAscii(text);
        if (b == null) {
            return false;
        }
        walk(scanAscii(b, text.length()), sink);
        return true;
    }

    /** {@code text} folded to ASCII in this thread's buffer, zero-padded as scanAscii needs; null if it does not fold to ASCII. */
    private byte[] foldToAscii(String text) {
        Tokens tk = scratch.get();
        int n = text.length();
        int padded = ((n + 63) & ~63) + 8; // whole 64-byte blocks, plus 8 bytes for a load at the last byte
        if (tk.asciiBuffer.length < padded) {
            tk.asciiBuffer = new byte[padded + padded / 2];
        }
        byte[] b = tk.asciiBuffer;
        if (!TextNormalizer.foldToAscii(text, b)) {
            return null;
        }
        Arrays.fill(b, n, padded, (byte) 0);
        return b;
    }

    /** The tokens of {@code text} on the ASCII path if it qualifies, else on the general path. */
    private Tokens scanAny(String text) {
        byte[] b = foldToAscii(text);
        return b == null ? scan(TextNormalizer.normalize(text)) : scanAscii(b, text.length());
    }

    private void walk(Tokens tk, Sink sink) {
        int count = tk.count;
        int[] roots = tk.root;
        int t = 0;
        while (t < count) {
            int node = roots[t];
            if (node < 0) {
                t++;
                continue;
            }
            int best = -1;
            int bestEnd = -1;
            boolean bestPending = false;
            int bestNode = -1;
            int j = t;
            while (true) {
                for (int p = payloadStart[node], pe = payloadStart[node + 1]; p < pe; p++) {
                    int verdict = vetoes.accepts(payloadMode[p], payloadExtra[p], tk, t, j);
                    if (verdict == ContextVetoes.ACCEPT || verdict == ContextVetoes.PENDING) {
                        best = p;
                        bestEnd = j;
                        bestPending = verdict == ContextVetoes.PENDING;
                        bestNode = node;
                        break;
                    }
                    if (verdict == ContextVetoes.NAME_VETO) {
                        sink.nameWord(tk.start[t], tk.end[j]);
                    }
                }
                j++;
                if (j >= count || (hasChildren[node >>> 6] & (1L << node)) == 0) {
                    break; // saves looking up the next token for the many one-token aliases
                }
                if (tk.bytes != null && tk.id[j] == Tokens.UNRESOLVED) {
                    int bit = edgeFilterBit(node, tk.hash[j]);
                    if ((asciiEdgeFilter[bit >>> 6] & (1L << bit)) == 0) {
                        break; // no alias continues from this node with this word
                    }
                }
                int next = vocabulary.tokenId(tk, j);
                if (next < 0) {
                    break;
                }
                node = child(node, next);
                if (node < 0) {
                    break;
                }
            }
            if (best < 0) {
                t++;
            } else {
                int entity = payloadEntity[best];
                if (entity >= 0) {
                    Extra x = payloadExtra[best];
                    int rule = x != null && x.rule() != null && x.rule().notWith.length > 0 ? x.rule().index : -1;
                    sink.accept(entity, tk.start[t], tk.end[bestEnd], rule, bestPending ? NEEDS_EVIDENCE : 0);
                    if (bestPending) {
                        reportOtherSurnames(best, bestNode, tk, t, bestEnd, sink);
                    }
                }
                t = bestEnd + 1;
            }
        }
    }

    /** A surname several people share goes to all of them; the article's evidence picks one later. */
    private void reportOtherSurnames(int best, int node, Tokens tk, int first, int last, Sink sink) {
        for (int p = best + 1; p < payloadStart[node + 1]; p++) {
            if (payloadEntity[p] >= 0
                    && payloadEntity[p] != payloadEntity[best]
                    && vetoes.accepts(payloadMode[p], payloadExtra[p], tk, first, last) == ContextVetoes.PENDING) {
                Extra x = payloadExtra[p];
                int rule = x != null && x.rule() != null && x.rule().notWith.length > 0 ? x.rule().index : -1;
                sink.accept(payloadEntity[p], tk.start[first], tk.end[last], rule, NEEDS_EVIDENCE);
            }
        }
    }

    /** Whether an article-level rule lets a match stand, given the article's fields (null or empty: absent). */
    boolean articleAllows(int ruleIndex, String title, String body) {
        CompiledRule rule = rules[ruleIndex];
        boolean vetoed = false;
        for (String f : new String[] {title, body}) {
            if (f == null || f.isEmpty()) {
                continue;
            }
            if (containsAny(f, rule.unlessWith)) {
                return true;
            }
            vetoed = vetoed || containsAny(f, rule.notWith);
        }
        return !vetoed;
    }

    private boolean containsAny(String text, int[][] phrases) {
        if (phrases.length == 0) {
            return false;
        }
        Tokens tk = scanAny(text);
        boolean ascii = tk.bytes != null;
        for (int t = 0; t < tk.count; t++) {
            if (ascii
                    && tk.id[t] == Tokens.UNRESOLVED
                    && (phraseStartFilter[tk.hash[t] >>> 26] & (1L << (tk.hash[t] >>> 20))) == 0) {
                continue; // saves looking up every word of the article
            }
            for (int[] phrase : phrases) {
                if (vetoes.phraseAt(tk, t, phrase)) {
                    return true;
                }
            }
        }
        return false;
    }
}
