package io.comention.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.analytics.Fingerprint;
import io.comention.model.Json;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import io.comention.tools.bench.BenchArticles.Text;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BenchArticlesTest {

    private static KnowledgeBase kb;
    private static EntityTagger tagger;
    private static List<String> quiet;

    @BeforeAll
    static void loadKnowledgeBase() {
        kb = KnowledgeBase.loadDefault();
        tagger = new EntityTagger(kb);
        quiet = BenchArticles.quietCountries(kb, tagger, Set.copyOf(BenchArticles.BACKGROUND));
    }

    private static BenchArticles articles(boolean shortArticles) {
        List<String> ids = new ArrayList<>(BenchArticles.BACKGROUND);
        ids.addAll(quiet);
        return new BenchArticles(BenchArticles.namesOf(kb, ids), 7, shortArticles);
    }

    @Test
    void enoughQuietCountriesForFiftySamplesOfEachKind() {
        assertThat(quiet).doesNotContainAnyElementsOf(BenchArticles.BACKGROUND);
        assertThat(quiet.size()).isGreaterThanOrEqualTo(3 * LatencyPlan.poolSize(50));
    }

    @Test
    void vocabularyNamesNothing() {
        assertThat(tagger.tag(null, String.join(" ", BenchArticles.VOCABULARY))).isEmpty();
        List<String> capitalised = BenchArticles.VOCABULARY.stream()
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                .toList();
        assertThat(tagger.tag(String.join(" ", capitalised), String.join(". ", capitalised) + "."))
                .isEmpty();
    }

    @Test
    void wireLengthArticlesNameExactlyTheirEntitiesAndAreNoCopiesOfEachOther() {
        BenchArticles a = articles(false);
        List<long[]> prints = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            List<String> ids = i % 2 == 0
                    ? a.backgroundEntities()
                    : List.of(quiet.get(i % quiet.size()), quiet.get((i + 1) % quiet.size()));
            Text t = a.text(ids);
            assertThat(BenchArticles.tagged(tagger, t)).as(t.title()).isEqualTo(new TreeSet<>(ids));
            int bytes = t.body().getBytes(StandardCharsets.UTF_8).length;
            assertThat(bytes).isBetween(BenchArticles.MIN_BYTES, BenchArticles.MAX_BYTES + 400);
            prints.add(Fingerprint.of(t.title(), t.body()));
        }
        // the same pair, article after article, as a burst sends them: never near-copies
        for (int i = 0; i < 6; i++) {
            prints.add(Fingerprint.of(
                    null, a.text(List.of(quiet.get(0), quiet.get(1))).body()));
        }
        for (int i = 0; i < prints.size(); i++) {
            for (int j = i + 1; j < prints.size(); j++) {
                assertThat(Fingerprint.similarity(prints.get(i), prints.get(j))).isLessThan(0.6);
            }
        }
    }

    @Test
    void shortArticlesAreTooShortToFingerprint() {
        BenchArticles a = articles(true);
        for (int i = 0; i < 40; i++) {
            List<String> ids = i % 2 == 0 ? a.backgroundEntities() : List.of(quiet.get(i), quiet.get(i + 1));
            Text t = a.text(ids);
            assertThat(t.body()).isNull();
            assertThat(BenchArticles.tagged(tagger, t)).isEqualTo(new TreeSet<>(ids));
            assertThat(Fingerprint.of(t.title(), t.body())).as(t.title()).isEmpty();
        }
    }

    @Test
    void jsonIsARawArticle() throws Exception {
        Instant at = Instant.parse("2026-12-01T10:00:00.123Z");
        var n = Json.MAPPER.readTree(BenchArticles.json("lat-bg-000001", new Text("T", "B"), at));
        assertThat(n.path("id").asText()).isEqualTo("lat-bg-000001");
        assertThat(n.path("published_at").asText()).isEqualTo("2026-12-01T10:00:00.123Z");
        assertThat(n.path("title").asText()).isEqualTo("T");
        assertThat(n.path("body").asText()).isEqualTo("B");
        assertThat(Json.MAPPER
                        .readTree(BenchArticles.json("x", new Text("T", null), at))
                        .has("body"))
                .isFalse();
    }
}
