package io.comention.tagging;

import static io.comention.tagging.TokenChars.head;
import static io.comention.tagging.TokenChars.isCapital;
import static io.comention.tagging.TokenChars.isDense;
import static io.comention.tagging.TokenChars.isWordChar;
import static io.comention.tagging.TokenChars.lower;
import static io.comention.tagging.TokenChars.mix;
import static io.comention.tagging.TokenChars.wordList;

import io.comention.tagging.AliasMatcher.Extra;
import io.comention.tagging.AliasMatcher.Mode;
import io.comention.tagging.CompiledRule.Part;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a candidate match stands where it is: the alias's mode (capitalised, exact case, prefix of a
 * compound) and the local vetoes of its context rules, which look at the neighbouring words ("Jordan"
 * after "Eddie", "Georgia" before "Tech"). Reads the tokens of one text; keeps no state of its own.
 */
final class ContextVetoes {

    /** Outcomes of {@link #accepts}. */
    static final int REJECT = 0;

    static final int ACCEPT = 1;
    static final int PENDING = 2; // a surname without a title: needs evidence in the article
    static final int NAME_VETO = 3; // vetoed, and the word ends a person's name
    /** Capitalised words that are not names, for {@link ContextRule#notNextToName()}: a bundled word list. */
    static final Set<String> FUNCTION_WORDS = wordList("/comention/tagging/function-words.txt");

    private final Vocabulary vocabulary;
    // one bit per ASCII word hash of every word the context rules compare (their phrases, the function and
    // connector words): a neighbour whose bit is clear is no such word, and is not looked up at all
    private final long[] ruleWordFilter = new long[RULE_FILTER_BITS >>> 6];
    private static final int RULE_FILTER_BITS = 1 << 14;
    private final boolean[] functionWord; // by token id: a capitalised word that is not a name ("In", "President")

    ContextVetoes(
            Vocabulary vocabulary,
            Map<String, Integer> ids,
            int tokens,
            CompiledRule[] rules,
            boolean[] asciiWordKey,
            int[] asciiHashOf) {
        this.vocabulary = vocabulary;
        functionWord = new boolean[tokens];
        boolean[] connectorWord = new boolean[tokens];
        for (String w : FUNCTION_WORDS) {
            functionWord[ids.get(w)] = true;
        }
        for (String w : NAME_CONNECTORS) {
            connectorWord[ids.get(w)] = true;
        }
        BitSet ruleWords = new BitSet(tokens);
        for (int id = 0; id < tokens; id++) {
            if (functionWord[id] || connectorWord[id]) {
                ruleWords.set(id);
            }
        }
        for (CompiledRule rule : rules) {
            List<int[][]> all = new ArrayList<>(List.of(rule.notWith, rule.unlessWith));
            for (Part part : rule.parts) {
                all.addAll(List.of(
                        part.notAfter, part.notBefore, part.notInNameAfter, part.notInNameBefore, part.evidenceAfter));
                for (int[] words : new int[][] {
                    part.notAfterWords,
                    part.notBeforeWords,
                    part.notInNameAfterWords,
                    part.notInNameBeforeWords,
                    part.evidenceAfterWords
                }) {
                    for (int id : words) {
                        ruleWords.set(id);
                    }
                }
            }
            for (int[][] phrases : all) {
                for (int[] phrase : phrases) {
                    for (int id : phrase) {
                        ruleWords.set(id);
                    }
                }
            }
        }
        for (int id = ruleWords.nextSetBit(0); id >= 0; id = ruleWords.nextSetBit(id + 1)) {
            if (asciiWordKey[id]) {
                int bit = ruleFilterBit(asciiHashOf[id]);
                ruleWordFilter[bit >>> 6] |= 1L << bit;
            }
        }
    }

    private static int ruleFilterBit(int asciiHash) {
        return mix(asciiHash) >>> (32 - 14); // RULE_FILTER_BITS = 2^14
    }
    /**
     * The vocabulary id of token {@code t} for comparing it with the context rules' words: -1 right away
     * for an ASCII word that no rule mentions (most neighbours of a match), without a vocabulary probe.
     */
    private int ruleTokenId(Tokens tk, int t) {
        if (tk.bytes != null && tk.id[t] == Tokens.UNRESOLVED) {
            int bit = ruleFilterBit(tk.wordHash(t));
            if ((ruleWordFilter[bit >>> 6] & (1L << bit)) == 0) {
                return -1;
            }
        }
        return vocabulary.tokenId(tk, t);
    }

    int accepts(byte modeOrdinal, Extra extra, Tokens tk, int first, int last) {
        boolean ok;
        Mode mode = Mode.VALUES[modeOrdinal];
        switch (mode) {
            case IGNORE:
            case ORDINARY:
                ok = true;
                break;
            case CAPITALIZED:
            case SURNAME:
                ok = isCapital(tk.charAt(tk.start[first]));
                break;
            case CASE_SENSITIVE:
                ok = exactCase(extra.exactTokens(), tk, first);
                break;
            case PREFIX:
                ok = first == last && isCapital(tk.charAt(tk.start[first])) && inCompound(tk, first);
                break;
            default:
                ok = false;
        }
        if (!ok) {
            return REJECT;
        }
        CompiledRule rule = extra == null ? null : extra.rule();
        if (rule != null && quietNeighbours(rule, tk, first, last)) {
            return mode == Mode.SURNAME ? PENDING : ACCEPT; // the common case: nothing to veto or title it
        }
        if (mode == Mode.SURNAME && rule != null && titled(rule, tk, first)) {
            return ACCEPT; // "President Putin", "Mr. Merz": a title is evidence enough
        }
        if (rule != null && locallyVetoed(rule, tk, first, last)) {
            // "Eddie Jordan", "Mr Holland": a name-like form vetoed right after a name word ends a person's name
            return rule.nameLike && first == last && first > 0 && (neighbour(tk, first - 1) & NAME_WORD) != 0
                    ? NAME_VETO
                    : REJECT;
        }
        return mode == Mode.SURNAME ? PENDING : ACCEPT;
    }

    /**
     * Whether neither neighbour of the match can make a part of {@code rule} veto or title it: each is
     * absent, or a token that no part compares with and that either cannot stand inside a name or sits
     * where no part looks for one ("in Pakistan.", "said Jordan's"). A few bit tests, and no walk
     * back or forth through a name.
     */
    boolean quietNeighbours(CompiledRule rule, Tokens tk, int first, int last) {
        int prev = -1;
        int prevInfo = 0;
        if (first > 0) {
            prevInfo = neighbour(tk, first - 1);
            prev = ruleTokenId(tk, first - 1);
        }
        int next = -1;
        int nextInfo = 0;
        if (last + 1 < tk.count) {
            nextInfo = neighbour(tk, last + 1);
            next = ruleTokenId(tk, last + 1);
        }
        // the parts' sets and flags united (CompiledRule): true when no single part can act here
        return !(Part.has(rule.canVetoAfterBits, prev)
                || Part.has(rule.canVetoBeforeBits, next)
                || ((prevInfo & NAME_RUN) != 0 && rule.looksInNameAfter)
                || ((nextInfo & NAME_RUN) != 0 && rule.looksInNameBefore)
                || (((prevInfo | nextInfo) & NAME_WORD) != 0 && rule.nameLike));
    }

    /** Bits of {@link #neighbour}: worked out (so never 0), can stand inside a name, is a name word. */
    static final int KNOWN = 1;

    static final int NAME_RUN = 2;
    static final int NAME_WORD = 4;

    /**
     * What the rules ask about token {@code t} as a neighbour of a match ({@link #inNameRun},
     * {@link #isNameWord}), worked out once per token and kept in {@link Tokens#info}: the same word is
     * the neighbour of several matches and is looked at by several parts of a rule.
     */
    int neighbour(Tokens tk, int t) {
        int info = tk.info[t];
        if (info == 0) {
            // a name word is capitalised, so it is in a name run too: most neighbours are neither
            info = !inNameRun(tk, t) ? KNOWN : isNameWord(tk, t) ? KNOWN | NAME_RUN | NAME_WORD : KNOWN | NAME_RUN;
            tk.info[t] = info;
        }
        return info;
    }

    boolean titled(CompiledRule rule, Tokens tk, int first) {
        for (Part part : rule.parts) {
            if (part.evidenceAfterWords.length > 0
                    && first > 0
                    && Part.has(part.evidenceBits, ruleTokenId(tk, first - 1))) {
                return true;
            }
            for (int[] phrase : part.evidenceAfter) {
                if (phraseAt(tk, first - phrase.length, phrase)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean exactCase(String[] exact, Tokens tk, int first) {
        for (int k = 0; k < exact.length; k++) {
            String e = exact[k];
            int s = tk.start[first + k];
            if (tk.end[first + k] - s != e.length()) {
                return false;
            }
            for (int x = 0; x < e.length(); x++) {
                if (tk.charAt(s + x) != e.charAt(x)) {
                    return false;
                }
            }
        }
        return true;
    }
    /** "Pak-Afghan": a hyphen glued to a word on the right, or "Indo-Pak": glued to a word on the left. */
    private boolean inCompound(Tokens tk, int first) {
        int[] start = tk.start;
        int[] end = tk.end;
        if (first + 2 < tk.count
                && tk.charAt(start[first + 1]) == '-'
                && end[first] == start[first + 1]
                && end[first + 1] == start[first + 2]
                && isWordChar(tk.charAt(start[first + 2]))) {
            return true;
        }
        return first >= 2
                && tk.charAt(start[first - 1]) == '-'
                && end[first - 1] == start[first]
                && end[first - 2] == start[first - 1]
                && isWordChar(tk.charAt(start[first - 2]));
    }

    boolean locallyVetoed(CompiledRule rule, Tokens tk, int first, int last) {
        for (Part part : rule.parts) {
            if (part.inCapitals && !inCapitals(tk, first, last)) {
                continue;
            }
            if (vetoedBy(part, tk, first, last)) {
                return true;
            }
        }
        return false;
    }

    private boolean vetoedBy(Part part, Tokens tk, int first, int last) {
        int prev = first > 0 && (part.afterWordBits.length > 0 || part.afterLastBits.length > 0)
                ? ruleTokenId(tk, first - 1)
                : -1;
        if (Part.has(part.afterWordBits, prev)) {
            return true;
        }
        int next = last + 1 < tk.count && (part.beforeWordBits.length > 0 || part.beforeFirstBits.length > 0)
                ? ruleTokenId(tk, last + 1)
                : -1;
        if (Part.has(part.beforeWordBits, next)) {
            return true;
        }
        if (Part.has(part.afterLastBits, prev)) {
            for (int[] phrase : part.notAfter) {
                if (phraseAt(tk, first - phrase.length, phrase)) {
                    return true;
                }
            }
        }
        if (Part.has(part.beforeFirstBits, next)) {
            for (int[] phrase : part.notBefore) {
                if (phraseAt(tk, last + 1, phrase)) {
                    return true;
                }
            }
        }
        boolean nameVeto = (part.looksInNameAfter
                        && nameStartsWith(part.inNameAfterBits, part.notInNameAfter, tk, first))
                || (part.looksInNameBefore && nameEndsWith(part.inNameBeforeBits, part.notInNameBefore, tk, last))
                || (part.notNextToName && nextToName(tk, first, last));
        // in a title-case headline capitals say nothing about names (asked last: such vetoes are rare, and
        // the answer costs a look at the field's words)
        return nameVeto && !titleCase(tk);
    }

    private boolean nextToName(Tokens tk, int first, int last) {
        int before = first - 1;
        if (before >= 0 && (neighbour(tk, before) & NAME_WORD) != 0 && !startsSentence(tk, before)) {
            return true;
        }
        int after = last + 1;
        return after < tk.count && (neighbour(tk, after) & NAME_WORD) != 0;
    }
    /** At most this many tokens of a longer proper name are looked through for its first or last word. */
    private static final int NAME_REACH = 8;
    /** Whether a phrase ends right before {@code first}, or before the capitalised words leading up to it. */
    private boolean nameStartsWith(long[] words, int[][] phrases, Tokens tk, int first) {
        for (int k = first - 1, steps = 0; k >= 0 && steps < NAME_REACH; k--, steps++) {
            if (words.length > 0 && Part.has(words, ruleTokenId(tk, k))) {
                return true;
            }
            for (int[] phrase : phrases) {
                if (phraseAt(tk, k - phrase.length + 1, phrase)) {
                    return true;
                }
            }
            if ((neighbour(tk, k) & NAME_RUN) == 0) {
                return false;
            }
        }
        return false;
    }
    /** Whether a phrase starts right after {@code last}, or after the capitalised words that follow it. */
    private boolean nameEndsWith(long[] words, int[][] phrases, Tokens tk, int last) {
        for (int k = last + 1, steps = 0; k < tk.count && steps < NAME_REACH; k++, steps++) {
            if (words.length > 0 && Part.has(words, ruleTokenId(tk, k))) {
                return true;
            }
            for (int[] phrase : phrases) {
                if (phraseAt(tk, k, phrase)) {
                    return true;
                }
            }
            if ((neighbour(tk, k) & NAME_RUN) == 0) {
                return false;
            }
        }
        return false;
    }
    /** A token that can stand inside a proper name: a capitalised word, an initial's dot, a hyphen or "of", "de" ... */
    private boolean inNameRun(Tokens tk, int t) {
        int s = tk.start[t];
        int e = tk.end[t];
        char c = tk.charAt(s);
        if (e - s == 1 && (c == '.' || c == '-' || c == '\'')) {
            return true;
        }
        if (isCapital(c)) {
            return true;
        }
        if (e - s > 3) {
            return false;
        }
        if (tk.bytes != null) { // one compare of the word's lower-cased bytes per connector
            long head = head(tk.bytes, s, e);
            for (long h : CONNECTOR_HEADS) {
                if (h == head) {
                    return true;
                }
            }
            return false;
        }
        for (String w : NAME_CONNECTORS) { // compared in place: no lookup for the small words around a match
            if (w.length() == e - s) {
                int i = 0;
                while (i < w.length() && lower(tk.charAt(s + i)) == w.charAt(i)) {
                    i++;
                }
                if (i == w.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    static final List<String> NAME_CONNECTORS = List.copyOf(wordList("/comention/tagging/name-connectors.txt"));
    /** {@link #NAME_CONNECTORS} as {@link #head} gives them. */
    private static final long[] CONNECTOR_HEADS = NAME_CONNECTORS.stream()
            .mapToLong(w -> {
                byte[] b = Arrays.copyOf(w.getBytes(StandardCharsets.US_ASCII), 8);
                return head(b, 0, w.length());
            })
            .toArray();

    /** Whether the word before or after the match (skipping punctuation) is written in capitals: "LET US TALK". */
    private static boolean inCapitals(Tokens tk, int first, int last) {
        for (int k = first - 1; k >= 0 && k >= first - 3; k--) {
            int v = capitalsWord(tk, k);
            if (v >= 0) {
                if (v == 1) {
                    return true;
                }
                break;
            }
        }
        for (int k = last + 1; k < tk.count && k <= last + 3; k++) {
            int v = capitalsWord(tk, k);
            if (v >= 0) {
                return v == 1;
            }
        }
        return false;
    }
    /** -1: not a word of two or more letters; 1: such a word in capitals; 0: another word. */
    private static int capitalsWord(Tokens tk, int t) {
        int s = tk.start[t];
        int e = tk.end[t];
        int letters = 0;
        int upper = 0;
        for (int i = s; i < e; i++) {
            char c = tk.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                upper += Character.isUpperCase(c) ? 1 : 0;
            }
        }
        return letters < 2 ? -1 : upper == letters ? 1 : 0;
    }

    boolean phraseAt(Tokens tk, int from, int[] phrase) {
        if (from < 0 || from + phrase.length > tk.count) {
            return false;
        }
        for (int k = 0; k < phrase.length; k++) {
            if (ruleTokenId(tk, from + k) != phrase[k]) {
                return false;
            }
        }
        return true;
    }
    /** A capitalised word with a lower-case second letter that is not a function word ("Vernon", not "In" or "UN"). */
    private boolean isNameWord(Tokens tk, int t) {
        int s = tk.start[t];
        int e = tk.end[t];
        if (e - s < 2
                || !isCapital(tk.charAt(s))
                || isDense(tk.charAt(s))
                || !Character.isLowerCase(tk.charAt(s + 1))) {
            return false;
        }
        int id = ruleTokenId(tk, t);
        return id < 0 || id >= functionWord.length || !functionWord[id];
    }

    private static boolean startsSentence(Tokens tk, int t) {
        if (t == 0) {
            return true;
        }
        char before = tk.charAt(tk.start[t - 1]);
        return tk.end[t - 1] - tk.start[t - 1] == 1
                && (before == '.'
                        || before == '!'
                        || before == '?'
                        || before == ':'
                        || before == '"'
                        || before == '('
                        || before == '['
                        || before == '\''
                        || before == ';'
                        || before == '-');
    }
    /**
     * Headlines in title case capitalise every word, so capitalisation says nothing about names there: at
     * least 80 % of the words of four or more letters are capitalised (a news sentence dense with names
     * reaches 60 %, so a lower bar would switch the name rules off in ordinary text).
     */
    private static boolean titleCase(Tokens tk) {
        if (tk.titleCase == 0) {
            int words = 0;
            int capitalised = 0;
            // the first 64 such words decide: a headline is short, and the name rules ask for every match,
            // so a long body must not be walked to its end each time
            for (int t = 0; t < tk.count && words < 64; t++) {
                int s = tk.start[t];
                char first = tk.charAt(s);
                if (tk.end[t] - s >= 4 && Character.isLetter(first) && !isDense(first)) {
                    words++;
                    if (isCapital(first)) {
                        capitalised++;
                    }
                }
            }
            tk.titleCase = words >= 3 && capitalised >= 0.8 * words ? 1 : 2;
        }
        return tk.titleCase == 1;
    }
}
