package io.comention.tagging;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The context rules that govern one form: their local parts, and the article-level phrases of all of them. */
final class CompiledRule {
    final int index;
    final Part[] parts;
    final boolean nameLike; // some part vetoes next to a name: a veto after a name word marks a person's name
    final int[][] notWith;
    final int[][] unlessWith;
    // what the parts' "can veto" sets and flags say together, for ContextVetoes#quietNeighbours: a neighbour
    // that some part can act on is in the union, so one test decides for all the parts
    final long[] canVetoAfterBits;
    final long[] canVetoBeforeBits;
    final boolean looksInNameAfter;
    final boolean looksInNameBefore;

    /** {@code unions}: the united sets of earlier rules, by their parts, so that rules with the same parts share them. */
    CompiledRule(int index, Part[] parts, int[][] notWith, int[][] unlessWith, Map<List<Part>, long[][]> unions) {
        this.index = index;
        this.parts = parts;
        boolean n = false;
        boolean after = false;
        boolean before = false;
        for (Part p : parts) {
            n |= p.notNextToName;
            after |= p.looksInNameAfter;
            before |= p.looksInNameBefore;
        }
        this.nameLike = n;
        this.looksInNameAfter = after;
        this.looksInNameBefore = before;
        this.notWith = notWith;
        this.unlessWith = unlessWith;
        long[][] united = parts.length == 1
                ? new long[][] {parts[0].canVetoAfterBits, parts[0].canVetoBeforeBits}
                : unions.computeIfAbsent(List.of(parts), ps -> {
                    long[] canAfter = new long[0];
                    long[] canBefore = new long[0];
                    for (Part p : ps) {
                        canAfter = or(canAfter, p.canVetoAfterBits);
                        canBefore = or(canBefore, p.canVetoBeforeBits);
                    }
                    return new long[][] {canAfter, canBefore};
                });
        this.canVetoAfterBits = united[0];
        this.canVetoBeforeBits = united[1];
    }

    private static long[] or(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a.length >= b.length ? a : b, Math.max(a.length, b.length));
        long[] other = a.length >= b.length ? b : a;
        for (int i = 0; i < other.length; i++) {
            out[i] |= other[i];
        }
        return out;
    }

    /**
     * The local conditions of one context rule, as token ids. One-word phrases of not_after and not_before
     * are also kept as sorted id arrays, so long lists (first names, street words) cost one binary search.
     */
    static final class Part {
        final int[][] notAfter; // phrases of two or more tokens
        final int[][] notBefore;
        final int[] notAfterWords; // one-token phrases, sorted
        final int[] notBeforeWords;
        final int[] notInNameAfterWords;
        final int[] notInNameBeforeWords;
        final int[] evidenceAfterWords;
        final int[] notAfterLast; // the last token of each longer not_after phrase, sorted
        final int[] notBeforeFirst; // the first token of each longer not_before phrase, sorted
        // the same sets as bits by token id: one test per neighbour however long the lists are
        final long[] afterWordBits;
        final long[] beforeWordBits;
        final long[] afterLastBits;
        final long[] beforeFirstBits;
        final long[] inNameAfterBits;
        final long[] inNameBeforeBits;
        final long[] evidenceBits;
        // every id this part compares with the word right before the match (with the last word of a
        // phrase that ends there) and right after it (with a phrase's first word): a neighbour outside
        // these sets that cannot stand inside a name makes no veto or title of this part hold
        final long[] canVetoAfterBits;
        final long[] canVetoBeforeBits;
        final boolean notNextToName;
        final boolean looksInNameAfter; // has words or phrases that start a name the match ends
        final boolean looksInNameBefore; // ... or that end a name the match starts
        final int[][] notInNameAfter;
        final int[][] notInNameBefore;
        final boolean inCapitals;
        final int[][] evidenceAfter;

        Part(
                int[][] notAfter,
                int[][] notBefore,
                boolean notNextToName,
                int[][] notInNameAfter,
                int[][] notInNameBefore,
                boolean inCapitals,
                int[][] evidenceAfter) {
            this.notAfter = longer(notAfter);
            this.notBefore = longer(notBefore);
            this.notAfterWords = words(notAfter);
            this.notBeforeWords = words(notBefore);
            this.notInNameAfterWords = words(notInNameAfter);
            this.notInNameBeforeWords = words(notInNameBefore);
            this.evidenceAfterWords = words(evidenceAfter);
            this.notNextToName = notNextToName;
            this.notAfterLast = Arrays.stream(this.notAfter)
                    .mapToInt(p -> p[p.length - 1])
                    .sorted()
                    .distinct()
                    .toArray();
            this.notBeforeFirst = Arrays.stream(this.notBefore)
                    .mapToInt(p -> p[0])
                    .sorted()
                    .distinct()
                    .toArray();
            this.afterWordBits = bits(notAfterWords);
            this.beforeWordBits = bits(notBeforeWords);
            this.afterLastBits = bits(notAfterLast);
            this.beforeFirstBits = bits(notBeforeFirst);
            this.notInNameAfter = longer(notInNameAfter);
            this.notInNameBefore = longer(notInNameBefore);
            this.inCapitals = inCapitals;
            this.evidenceAfter = longer(evidenceAfter);
            this.inNameAfterBits = bits(notInNameAfterWords);
            this.inNameBeforeBits = bits(notInNameBeforeWords);
            this.evidenceBits = bits(evidenceAfterWords);
            this.looksInNameAfter = this.notInNameAfter.length > 0 || notInNameAfterWords.length > 0;
            this.looksInNameBefore = this.notInNameBefore.length > 0 || notInNameBeforeWords.length > 0;
            this.canVetoAfterBits = union(
                    notAfterWords,
                    notAfterLast,
                    notInNameAfterWords,
                    lastWords(this.notInNameAfter),
                    evidenceAfterWords,
                    lastWords(this.evidenceAfter));
            this.canVetoBeforeBits =
                    union(notBeforeWords, notBeforeFirst, notInNameBeforeWords, firstWords(this.notInNameBefore));
        }

        private static int[] lastWords(int[][] phrases) {
            return Arrays.stream(phrases).mapToInt(p -> p[p.length - 1]).toArray();
        }

        private static int[] firstWords(int[][] phrases) {
            return Arrays.stream(phrases).mapToInt(p -> p[0]).toArray();
        }

        private static long[] union(int[]... idSets) {
            return bits(Arrays.stream(idSets).flatMapToInt(Arrays::stream).toArray());
        }

        private static long[] bits(int[] ids) {
            int max = -1;
            for (int id : ids) {
                max = Math.max(max, id);
            }
            long[] b = new long[(max + 64) >>> 6];
            for (int id : ids) {
                b[id >>> 6] |= 1L << id;
            }
            return b;
        }

        static boolean has(long[] bits, int id) {
            return id >= 0 && (id >>> 6) < bits.length && (bits[id >>> 6] & (1L << id)) != 0;
        }

        private static int[][] longer(int[][] phrases) {
            return Arrays.stream(phrases).filter(p -> p.length > 1).toArray(int[][]::new);
        }

        private static int[] words(int[][] phrases) {
            return Arrays.stream(phrases)
                    .filter(p -> p.length == 1)
                    .mapToInt(p -> p[0])
                    .sorted()
                    .distinct()
                    .toArray();
        }
    }
}
