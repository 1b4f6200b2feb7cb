package io.comention.tagging;

import static io.comention.tagging.TokenChars.asciiHash;
import static io.comention.tagging.TokenChars.edgeHash;
import static io.comention.tagging.TokenChars.mix;
import static io.comention.tagging.TokenChars.slotOf;
import static io.comention.tagging.TokenChars.slotsFor;

import io.comention.tagging.TextNormalizer.NormalizedText;
import java.util.Arrays;

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
    private final TokenScanner scanner;

    AliasMatcher(AliasMatcherBuilder b) {
        int tokens = b.keys.size();
        int[] asciiHashOf = new int[tokens];
        vocabulary = new Vocabulary(b.keys, b.rootChild, lowerStarts(b), asciiHashOf);
        scanner = new TokenScanner(vocabulary);

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

    /**
     * By token id: whether some alias that starts with the token can match with the token not written with a
     * capital first letter. Capitalised-only forms, surnames, place names and prefixes need one
     * ({@link ContextVetoes#accepts}), and so does an exact-case alias whose first letter is a capital: a
     * scan need not list the token as an alias start when it is written in lower case.
     */
    private static boolean[] lowerStarts(AliasMatcherBuilder b) {
        int nodes = b.nodeCount;
        boolean[] lower = new boolean[nodes]; // some payload at or below the node can match so
        for (int p = 0; p < b.payloadCount; p++) {
            if (!needsCapital(Mode.VALUES[b.pMode[p]], b.pExtra.get(p))) {
                lower[b.pNode[p]] = true;
            }
        }
        int[] parent = new int[nodes];
        for (int s = 0; s < b.edgeCap; s++) {
            if (b.edgeTable[s * 3] != 0) {
                parent[b.edgeTable[s * 3 + 2]] = b.edgeTable[s * 3] - 1;
            }
        }
        for (int node = nodes - 1; node > 0; node--) { // a child is made after its parent: higher ids first
            if (lower[node] && parent[node] > 0) {
                lower[parent[node]] = true;
            }
        }
        boolean[] byToken = new boolean[b.keys.size()];
        for (int id = 0; id < Math.min(byToken.length, b.rootChild.length); id++) {
            byToken[id] = b.rootChild[id] != NO_NODE && lower[b.rootChild[id]];
        }
        return byToken;
    }

    private static boolean needsCapital(Mode mode, Extra extra) {
        switch (mode) {
            case CAPITALIZED:
            case SURNAME:
            case PREFIX:
                return true;
            case CASE_SENSITIVE:
                String first = extra.exactTokens()[0];
                return !first.isEmpty() && first.charAt(0) >= 'A' && first.charAt(0) <= 'Z';
            default:
                return false;
        }
    }

    ContextVetoes vetoes() {
        return vetoes;
    }

    TokenScanner scanner() {
        return scanner;
    }

    /** The compiled context rules, by index. */
    CompiledRule rule(int index) {
        return rules[index];
    }

    int ruleCount() {
        return rules.length;
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

    /** Finds all matches in {@code text}, left to right, longest first, and reports them to {@code sink}. */
    void match(NormalizedText text, Sink sink) {
        walk(scanner.scan(text), sink);
    }

    /**
     * Folds {@code text} and, if folding leaves plain ASCII without markup, matches it on the ASCII path
     * and returns true; the sink then gets offsets into {@code text} itself (folding kept every offset).
     * Returns false without reporting anything for other text: the caller takes the general path
     * ({@link TextNormalizer#normalize} and {@link #match(NormalizedText, Sink)}), which finds the same.
     */
    boolean matchAscii(String text, Sink sink) {
        byte[] b = scanner.foldToAscii(text);
        if (b == null) {
            return false;
        }
        walk(scanner.scanWhole(b, text), sink);
        return true;
    }

    private void walk(Tokens tk, Sink sink) {
        int count = tk.count;
        int[] roots = tk.root;
        int[] aliasStarts = tk.aliasStarts;
        int resume = 0; // the first token not inside an accepted match
        for (int k = 0, starts = tk.aliasStartCount; k < starts; k++) {
            int t = aliasStarts[k]; // only tokens that start an alias are visited
            if (t < resume) {
                continue;
            }
            int node = roots[t];
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
                    int bit = edgeFilterBit(node, tk.wordHash(j));
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
            if (best >= 0) {
                int entity = payloadEntity[best];
                if (entity >= 0) {
                    Extra x = payloadExtra[best];
                    int rule = x != null && x.rule() != null && x.rule().notWith.length > 0 ? x.rule().index : -1;
                    sink.accept(entity, tk.start[t], tk.end[bestEnd], rule, bestPending ? NEEDS_EVIDENCE : 0);
                    if (bestPending) {
                        reportOtherSurnames(best, bestNode, tk, t, bestEnd, sink);
                    }
                }
                resume = bestEnd + 1;
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

    /**
     * For each of the article rules {@code ruleIndexes[0, count)}: whether it lets its matches stand. A rule
     * lets them stand if either field holds one of its "unless" phrases, or neither holds one of its "not
     * with" phrases. Each field is scanned once for all the rules; the body not at all if it is what this
     * thread's matcher scanned last (the tagger scans the title, then the body, then asks this).
     */
    boolean[] articleAllows(int[] ruleIndexes, int count, String title, String body) {
        boolean[] unless = new boolean[count];
        boolean[] vetoed = new boolean[count];
        for (String f : new String[] {body, title}) { // in either order the verdicts come out the same
            if (f == null || f.isEmpty()) {
                continue;
            }
            Tokens tk = scanner.scanAny(f);
            for (int r = 0; r < count; r++) {
                CompiledRule rule = rules[ruleIndexes[r]];
                if (!unless[r] && containsAny(tk, rule.unlessWith)) {
                    unless[r] = true;
                }
                if (!unless[r] && !vetoed[r] && containsAny(tk, rule.notWith)) {
                    vetoed[r] = true;
                }
            }
        }
        boolean[] allowed = new boolean[count];
        for (int r = 0; r < count; r++) {
            allowed[r] = unless[r] || !vetoed[r];
        }
        return allowed;
    }

    private boolean containsAny(Tokens tk, int[][] phrases) {
        if (phrases.length == 0) {
            return false;
        }
        boolean ascii = tk.bytes != null;
        for (int t = 0; t < tk.count; t++) {
            if (ascii && tk.id[t] == Tokens.UNRESOLVED) {
                int h = tk.wordHash(t);
                if ((phraseStartFilter[h >>> 26] & (1L << (h >>> 20))) == 0) {
                    continue; // saves looking up every word of the article
                }
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
