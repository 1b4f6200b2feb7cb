package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.tagging.AliasMatcher.Mode;
import io.comention.tagging.CompiledRule.Part;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts of the neighbour-word rules: the per-token summary ({@link ContextVetoes#neighbour}),
 * each part's "can veto" id sets, and the quiet-neighbour test built on them, which must never skip a
 * veto or a title the full rules would find.
 */
class NeighbourSummaryTest {

    private static List<List<String>> phrases(String... ps) {
        List<List<String>> out = new ArrayList<>();
        for (String p : ps) {
            out.add(List.of(p.split(" ")));
        }
        return out;
    }

    @Test
    void aPartCanVetoOnlyOnTheWordsItComparesWithTheNeighbour() {
        AliasMatcherBuilder b = new AliasMatcherBuilder();
        CompiledRule rule = b.rule(List.of(new RulePhrases(
                phrases("air", "treaty of"),
                phrases("tech", "grand prix"),
                false,
                phrases("atlanta"),
                List.of(),
                phrases("uss", "royal navy"),
                List.of(),
                false,
                phrases("mr", "prime minister"))));
        Part part = rule.parts[0];

        // before the match: one-word phrases, and the last word of longer ones ("treaty OF Georgia")
        for (String w : List.of("air", "of", "uss", "navy", "mr", "minister")) {
            assertThat(Part.has(part.canVetoAfterBits, b.tokenId(w))).as(w).isTrue();
        }
        for (String w : List.of("treaty", "royal", "prime", "tech", "grand", "atlanta")) {
            assertThat(Part.has(part.canVetoAfterBits, b.tokenId(w))).as(w).isFalse();
        }
        // after it: one-word phrases and the first word of longer ones ("Georgia GRAND prix")
        for (String w : List.of("tech", "grand")) {
            assertThat(Part.has(part.canVetoBeforeBits, b.tokenId(w))).as(w).isTrue();
        }
        for (String w : List.of("prix", "air", "uss", "atlanta")) {
            assertThat(Part.has(part.canVetoBeforeBits, b.tokenId(w))).as(w).isFalse();
        }
        assertThat(part.looksInNameAfter).isTrue();
        assertThat(part.looksInNameBefore).isFalse();
        assertThat(Part.has(part.canVetoAfterBits, -1)).isFalse();
    }

    @Test
    void theSummarySaysWhetherATokenCanStandInsideANameAndWhetherItIsANameWord() {
        AliasMatcherBuilder b = new AliasMatcherBuilder();
        b.add(List.of("Georgia"), 0, Mode.CAPITALIZED, null);
        AliasMatcher matcher = b.build();
        ContextVetoes vetoes = matcher.vetoes();
        String text = "Eddie Jordan of the USS Georgia, in U.S. hands. In May-June O'Neill";
        for (boolean ascii : new boolean[] {true, false}) {
            Tokens tk = ascii
                    ? matcher.scanner().scanAscii(matcher.scanner().foldToAscii(text), text.length())
                    : matcher.scanner().scan(TextNormalizer.normalize(text));
            Map<String, Integer> summary = new java.util.LinkedHashMap<>();
            List<String> order = new ArrayList<>();
            for (int t = 0; t < tk.count; t++) {
                StringBuilder w = new StringBuilder();
                for (int i = tk.start[t]; i < tk.end[t]; i++) {
                    w.append(tk.charAt(i));
                }
                assertThat(tk.info[t])
                        .as("not worked out before it is asked for")
                        .isZero();
                int info = vetoes.neighbour(tk, t);
                assertThat(vetoes.neighbour(tk, t)).isEqualTo(info);
                assertThat(tk.info[t]).as("kept").isEqualTo(info);
                assertThat(info & ContextVetoes.KNOWN).isNotZero();
                summary.putIfAbsent(w.toString(), info & ~ContextVetoes.KNOWN);
                order.add(w.toString());
            }
            int run = ContextVetoes.NAME_RUN;
            int name = ContextVetoes.NAME_RUN | ContextVetoes.NAME_WORD;
            assertThat(summary)
                    .as(ascii ? "ASCII path" : "general path")
                    .containsEntry("Eddie", name)
                    .containsEntry("Jordan", name)
                    .containsEntry("Georgia", name)
                    .containsEntry("O", run) // one letter: capitalised, too short to be a name word
                    .containsEntry("Neill", name)
                    .containsEntry("of", run) // name connectors
                    .containsEntry("the", run)
                    .containsEntry("USS", run) // capitals, but not a name word
                    .containsEntry("In", run) // a function word is no name word
                    .containsEntry(".", run) // an initial's dot, a hyphen, an apostrophe
                    .containsEntry("-", run)
                    .containsEntry("'", run)
                    .containsEntry("in", 0)
                    .containsEntry("hands", 0)
                    .containsEntry(",", 0);
        }
    }

    /**
     * Over real text (the sample feed and both gold sets) and every distinct combination of parts in
     * the bundled knowledge base: wherever the quiet test says a match's neighbours cannot veto or title
     * it, the full rules agree.
     */
    @Test
    void quietNeighboursNeverHideAVetoOrATitle() {
        AliasMatcher matcher = Fixtures.KB.matcher();
        ContextVetoes vetoes = matcher.vetoes();
        Map<Part, Boolean> seen = new IdentityHashMap<>();
        List<CompiledRule> distinct = new ArrayList<>();
        for (int r = 0; r < matcher.ruleCount(); r++) {
            CompiledRule rule = matcher.rule(r);
            boolean fresh = false;
            for (Part p : rule.parts) {
                fresh |= seen.put(p, true) == null;
            }
            if (fresh) {
                distinct.add(rule);
            }
        }
        assertThat(distinct).hasSizeGreaterThan(5);

        List<String> texts = new ArrayList<>();
        for (String resource : List.of("demo/articles.jsonl", "eval/gold.jsonl", "eval/wire-gold.jsonl")) {
            for (String line : Fixtures.resource(resource).split("\n")) {
                if (!line.isBlank()) {
                    texts.add(line); // the JSON line itself: its words, quotes and punctuation are real text
                }
            }
        }
        int quiet = 0;
        int vetoedOrTitled = 0;
        for (String text : texts) {
            for (boolean ascii : new boolean[] {true, false}) {
                byte[] folded = ascii ? matcher.scanner().foldToAscii(text) : null;
                if (ascii && folded == null) {
                    continue;
                }
                for (CompiledRule rule : distinct) {
                    Tokens tk = ascii
                            ? matcher.scanner().scanAscii(folded, text.length())
                            : matcher.scanner().scan(TextNormalizer.normalize(text));
                    for (int t = 0; t < tk.count; t++) {
                        for (int last = t; last < Math.min(tk.count, t + 2); last++) {
                            boolean slow = vetoes.locallyVetoed(rule, tk, t, last) || vetoes.titled(rule, tk, t);
                            if (slow) {
                                vetoedOrTitled++;
                            }
                            if (vetoes.quietNeighbours(rule, tk, t, last)) {
                                quiet++;
                                assertThat(slow)
                                        .as("tokens %d-%d of %s", t, last, text)
                                        .isFalse();
                            }
                        }
                    }
                }
            }
        }
        assertThat(quiet).as("the shortcut is taken").isGreaterThan(10_000);
        assertThat(vetoedOrTitled).as("the rules do fire in this text").isGreaterThan(100);
    }
}
