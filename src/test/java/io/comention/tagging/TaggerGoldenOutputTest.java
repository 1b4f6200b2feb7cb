package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.model.Json;
import io.comention.model.TaggedEntity;
import io.comention.tools.eval.TaggingEvaluation;
import io.comention.tools.eval.TaggingEvaluation.Passage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The tagger's complete output (ids, types, names, mention counts, salience, spans, order) on the bundled
 * demo feed, the gold passages and distorted copies of both equals a golden file captured from the
 * tagger before its matcher was rewritten for speed (src/test/resources/tagging/golden-output.txt.gz).
 *
 * <p>The distortions (upper case, lower case, Latin-1 accents and no-break spaces, curly quotes, markup,
 * text cut at random places) drive the matcher through its ASCII, Latin-1 and general paths and through
 * words split at every kind of boundary, so a faster path that tags differently fails here.
 */
class TaggerGoldenOutputTest {

    static final String GOLDEN = "tagging/golden-output.txt.gz";

    @Test
    void tagsTheDemoFeedTheGoldPassagesAndTheirDistortedCopiesExactlyAsCaptured() {
        List<String> expected = List.of(Fixtures.gunzip(GOLDEN).split("\n"));
        List<String> actual = List.of(render(Fixtures.TAGGER).split("\n"));
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("line %d of %s", i + 1, GOLDEN).isEqualTo(expected.get(i));
        }
    }

    @Test
    void theGoldenFileCoversManyMentionsInEveryInputSet() {
        String golden = Fixtures.gunzip(GOLDEN);
        for (String set : List.of(
                "demo/original",
                "demo/upper",
                "demo/lower",
                "demo/latin1",
                "demo/curly",
                "demo/markup",
                "demo/cut",
                "gold/original",
                "gold/upper",
                "gold/latin1")) {
            assertThat(golden).as(set).contains("# " + set + " ");
        }
        assertThat(golden.lines().filter(l -> l.startsWith("  ")).count()).isGreaterThan(8_000);
    }

    /** One block per article: a header line, then one line per entity with its spans. */
    static String render(EntityTagger tagger) {
        List<String[]> demo = demoFeed();
        List<String[]> gold = goldPassages();
        StringBuilder out = new StringBuilder();
        renderSet(out, tagger, "demo/original", demo, s -> s);
        renderSet(out, tagger, "demo/upper", demo, s -> s.toUpperCase(Locale.ROOT));
        renderSet(out, tagger, "demo/lower", demo, s -> s.toLowerCase(Locale.ROOT));
        renderSet(out, tagger, "demo/latin1", demo, latin1(1));
        renderSet(
                out, tagger, "demo/curly", demo, s -> s.replace('\'', '\u2019').replace(" - ", " \u2014 "));
        renderSet(out, tagger, "demo/markup", demo, markup(2));
        renderSet(out, tagger, "demo/cut", demo, cut(3));
        renderSet(out, tagger, "gold/original", gold, s -> s);
        renderSet(out, tagger, "gold/upper", gold, s -> s.toUpperCase(Locale.ROOT));
        renderSet(out, tagger, "gold/latin1", gold, latin1(4));
        return out.toString();
    }

    private static void renderSet(
            StringBuilder out,
            EntityTagger tagger,
            String set,
            List<String[]> articles,
            UnaryOperator<String> distort) {
        for (int a = 0; a < articles.size(); a++) {
            String title = articles.get(a)[0] == null ? null : distort.apply(articles.get(a)[0]);
            String body = articles.get(a)[1] == null ? null : distort.apply(articles.get(a)[1]);
            out.append("# ").append(set).append(' ').append(a).append('\n');
            for (TaggedEntity e : tagger.tag(title, body)) {
                Fixtures.appendGolden(out, e, false);
            }
        }
    }

    /** Replaces some ASCII letters with Latin-1 accented ones and some spaces with no-break spaces. */
    private static UnaryOperator<String> latin1(long seed) {
        return s -> {
            Random r = new Random(seed ^ s.length());
            String from = "aeiouAEIOUcnyC";
            String to = "\u00E1\u00E9\u00ED\u00F3\u00FC\u00C0\u00C9\u00CE\u00D3\u00DA\u00E7\u00F1\u00FF\u00C7";
            char[] c = s.toCharArray();
            for (int i = 0; i < c.length; i++) {
                int k = from.indexOf(c[i]);
                if (k >= 0 && r.nextInt(40) == 0) {
                    c[i] = to.charAt(k);
                } else if (c[i] == ' ' && r.nextInt(30) == 0) {
                    c[i] = '\u00A0';
                }
            }
            return new String(c);
        };
    }

    /** Wraps some words in inline or block tags and adds character references. */
    private static UnaryOperator<String> markup(long seed) {
        return s -> {
            Random r = new Random(seed ^ s.length());
            StringBuilder b = new StringBuilder();
            for (String w : s.split(" ", -1)) {
                int k = r.nextInt(12);
                if (b.length() > 0) {
                    b.append(k == 5 ? "&nbsp;" : " ");
                }
                b.append(k == 0 ? "<b>" + w + "</b>" : k == 1 ? "<p>" + w : k == 2 ? w.replace("'", "&rsquo;") : w);
            }
            return b.toString();
        };
    }

    /** Cuts the text into pieces at random places and joins them with a space, a hyphen or nothing. */
    private static UnaryOperator<String> cut(long seed) {
        return s -> {
            Random r = new Random(seed ^ s.length());
            StringBuilder b = new StringBuilder();
            int i = 0;
            while (i < s.length()) {
                int j = Math.min(s.length(), i + 1 + r.nextInt(60));
                b.append(s, i, j);
                int k = r.nextInt(4);
                b.append(k == 0 ? " " : k == 1 ? "-" : k == 2 ? "." : "");
                i = j;
            }
            return b.toString();
        };
    }

    private static List<String[]> demoFeed() {
        List<String[]> out = new ArrayList<>();
        try (InputStream in =
                TaggerGoldenOutputTest.class.getClassLoader().getResourceAsStream("demo/articles.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode n = Json.MAPPER.readTree(line);
                    out.add(new String[] {
                        n.path("title").asText(null), n.path("body").asText(null)
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(out).hasSizeGreaterThan(50);
        return out;
    }

    private static List<String[]> goldPassages() {
        try {
            List<Passage> passages =
                    TaggingEvaluation.read("gold.jsonl", new StringReader(Fixtures.resource("eval/gold.jsonl")));
            return passages.stream()
                    .map(p -> new String[] {p.title(), p.body()})
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
