package io.comention.tagging;

import static java.time.Instant.EPOCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comention.model.Article;
import io.comention.model.CountedArticle;
import io.comention.model.EntityType;
import io.comention.model.Json;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import io.comention.tools.eval.TaggingEvaluation;
import io.comention.tools.eval.TaggingEvaluation.Passage;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Places below the country: the bundled gazetteer, the via countries and the evidence rules. */
class PlacesTest {

    static final KnowledgeBase KB = KnowledgeBase.loadDefault(PlaceOptions.DEFAULT);
    static final EntityTagger TAGGER = new EntityTagger(KB);

    static List<TaggedEntity> tag(String title, String body) {
        return TAGGER.tag(title, body);
    }

    static List<String> placeCountries(List<TaggedEntity> es) {
        return es.stream()
                .filter(e -> e.type() == EntityType.PLACE)
                .map(e -> e.name() + "/" + e.country())
                .sorted()
                .toList();
    }

    static Optional<TaggedEntity> entity(List<TaggedEntity> es, String id) {
        return es.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    @Test
    void countViaOffTagsPlacesButAddsNoCountryAndMinPopulationLimitsThem() {
        EntityTagger noVia = new EntityTagger(KnowledgeBase.loadDefault(new PlaceOptions(true, 0, false)));
        List<TaggedEntity> es = noVia.tag(null, "Officials in Quetta said the road was closed.");
        assertEquals(List.of("Quetta/PK"), placeCountries(es));
        assertTrue(entity(es, "PK").isEmpty(), es.toString());

        KnowledgeBase big = KnowledgeBase.loadDefault(new PlaceOptions(true, 1_000_000, true));
        assertTrue(big.placeCount() < KB.placeCount() / 5, "places of a million or more: " + big.placeCount());
        List<TaggedEntity> onlyBig = new EntityTagger(big).tag(null, "Officials in Quetta and Karachi met.");
        assertEquals(List.of("Karachi/PK"), placeCountries(onlyBig));
    }

    @Test
    void countingSkipsPlacesAndKeepsViaCountries() {
        Article article = new Article("a1", null, null, null, null, "Quetta under curfew", "Talks in Kabul.", EPOCH);
        CountedArticle counted =
                CountedArticle.of(new TaggedArticle(article, tag(article.title(), article.body()), null));
        assertEquals(
                List.of("AF", "PK"),
                counted.entities().stream().map(TaggedEntity::id).sorted().toList());
    }

    @Test
    void loadsTheGazetteer() {
        assertTrue(KB.placeCount() > 25_000, "places: " + KB.placeCount());
        assertTrue(KB.placeAliasCount() > 20_000, "place aliases: " + KB.placeAliasCount());
    }

    @Test
    void aDatelinedStoryCountsForTheCountryItNeverNames() {
        List<TaggedEntity> es = tag(
                "Drone strike kills four",
                "QUETTA, Oct 19 - A drone strike in North Waziristan killed four people, officials in Peshawar said.");
        assertEquals(List.of("Peshawar/PK", "Quetta/PK"), placeCountries(es));
        TaggedEntity pk = entity(es, "PK").orElseThrow();
        assertEquals(List.of("Quetta", "Peshawar"), pk.via());
        assertEquals(2, pk.mentions());
    }

    @Test
    void aCountryNamedDirectlyIsNotMarkedVia() {
        List<TaggedEntity> es = tag(null, "Pakistan said the attack in Quetta was planned abroad.");
        TaggedEntity pk = entity(es, "PK").orElseThrow();
        assertEquals(null, pk.via());
        assertEquals(1, pk.mentions());
        assertEquals(List.of("Quetta/PK"), placeCountries(es));
    }

    @Test
    void qualifiersPickAmongSameNamedPlaces() {
        assertEquals(List.of("Hyderabad/PK"), placeCountries(tag(null, "Floods hit Hyderabad, Pakistan, on Monday.")));
        assertEquals(List.of("Hyderabad/IN"), placeCountries(tag(null, "Floods hit Hyderabad on Monday.")));
        List<TaggedEntity> paris = tag(null, "The film was shot in Paris, Texas, last spring.");
        assertEquals(List.of("Paris/US", "Texas/US"), placeCountries(paris));
        assertTrue(entity(paris, "FR").isEmpty(), paris.toString());
    }

    @Test
    void commonWordsNeedEvidenceAndNeverLinkInLowerCase() {
        assertEquals(List.of(), placeCountries(tag(null, "It was nice to split the bill after reading the menu.")));
        assertEquals(List.of(), placeCountries(tag(null, "Mobile phone sales rose. Police said the Bath was full.")));
        assertEquals(List.of("Nice/FR"), placeCountries(tag(null, "The summit in Nice ended on Friday.")));
        assertEquals(List.of("Split/HR"), placeCountries(tag(null, "Ferries from Split were cancelled.")));
        assertEquals(List.of(), placeCountries(tag(null, "Victoria Beckham and Andrew Jackson were named.")));
    }

    @Test
    void namesOutsideAsciiAreReportedAsGeoNamesWritesThem() {
        for (String text : List.of("Floods in São Paulo closed schools.", "Floods in Sao Paulo closed schools.")) {
            List<TaggedEntity> es = tag(null, text);
            assertEquals(List.of("São Paulo/BR"), placeCountries(es), text);
            assertEquals(List.of("São Paulo"), entity(es, "BR").orElseThrow().via(), text);
        }
    }

    /**
     * Which place names the knowledge base already uses belongs to each knowledge base, not to the gazetteer
     * they share: a knowledge base rebuilt without France's capital "Paris" links Paris as a place, and the
     * one it was rebuilt from still reads "Paris" as France and "Paris, Texas" as the place in Texas.
     */
    @Test
    void aKnowledgeBaseRebuiltFromOtherDefinitionsKeepsItsOwnPlaceNames() {
        List<EntityDefinition> withoutParis = KB.definitions().stream()
                .map(d -> !d.id().equals("FR")
                        ? d
                        : new EntityDefinition(
                                d.id(),
                                d.type(),
                                d.name(),
                                d.aliases(),
                                d.capitalizedAliases(),
                                d.caseSensitiveAliases(),
                                d.demonyms(),
                                d.capitals().stream()
                                        .filter(c -> !c.equals("Paris"))
                                        .toList(),
                                d.prefixes(),
                                d.source(),
                                d.contextRules(),
                                d.surnames()))
                .toList();
        EntityTagger rebuilt = new EntityTagger(KB.withDefinitions(withoutParis));
        List<TaggedEntity> es = rebuilt.tag(null, "Talks in Paris ended without a deal.");
        assertEquals(List.of("Paris/FR"), placeCountries(es));
        assertEquals(List.of("Paris"), entity(es, "FR").orElseThrow().via());

        List<TaggedEntity> original = tag(null, "Talks in Paris ended without a deal.");
        assertEquals(List.of(), placeCountries(original));
        assertEquals(null, entity(original, "FR").orElseThrow().via());
        assertEquals(
                List.of("Paris/US", "Texas/US"),
                placeCountries(tag(null, "The film was shot in Paris, Texas, last spring.")));
    }

    /** The place step keeps its working arrays per thread: tagging on several threads at once changes nothing. */
    @Test
    void tagsTheSameOnSeveralThreadsAtOnce() throws Exception {
        String expected = render(TAGGER);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> render(TAGGER)));
            }
            for (Future<String> run : runs) {
                assertEquals(expected, run.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static final String GOLDEN = "tagging/golden-output-places.txt.gz";

    /**
     * With the gazetteer loaded, the complete output (ids, types, names, countries, via lists, mention counts,
     * salience, spans, order) on the demo feed and the three gold sets, as written and in upper and lower
     * case, equals a golden file captured before the gazetteer's tables and the place step were compacted.
     */
    @Test
    void tagsTheDemoFeedAndTheGoldSetsExactlyAsCaptured() {
        List<String> expected = List.of(Fixtures.gunzip(GOLDEN).split("\n"));
        List<String> actual = List.of(render(TAGGER).split("\n"));
        assertTrue(expected.size() > 5_000, "golden lines: " + expected.size());
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "line " + (i + 1) + " of " + GOLDEN);
        }
        assertEquals(expected.size(), actual.size(), "lines");
        assertTrue(expected.stream().filter(l -> l.contains(" PLACE ")).count() > 400, "place lines");
        assertTrue(expected.stream().filter(l -> l.contains(" via=[")).count() > 200, "via lines");
    }

    /** One block per article: a header line, then one line per entity and one per span. */
    static String render(EntityTagger tagger) {
        List<String[]> articles = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String line : Fixtures.resource("demo/articles.jsonl").split("\n")) {
            if (!line.isBlank()) {
                try {
                    var n = Json.MAPPER.readTree(line);
                    articles.add(new String[] {
                        n.path("title").asText(null), n.path("body").asText(null)
                    });
                    names.add("demo");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        for (String set : List.of("gold.jsonl", "wire-gold.jsonl", "places-gold.jsonl")) {
            try {
                for (Passage p : TaggingEvaluation.read(set, new StringReader(Fixtures.resource("eval/" + set)))) {
                    articles.add(new String[] {p.title(), p.body()});
                    names.add(set + ":" + p.id());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        StringBuilder out = new StringBuilder();
        List<UnaryOperator<String>> cases =
                List.of(s -> s, s -> s.toUpperCase(Locale.ROOT), s -> s.toLowerCase(Locale.ROOT));
        for (int c = 0; c < cases.size(); c++) {
            for (int a = 0; a < articles.size(); a++) {
                String title = articles.get(a)[0] == null ? null : cases.get(c).apply(articles.get(a)[0]);
                String body = articles.get(a)[1] == null ? null : cases.get(c).apply(articles.get(a)[1]);
                out.append("# ").append(c).append(' ').append(names.get(a)).append('\n');
                for (TaggedEntity e : tagger.tag(title, body)) {
                    Fixtures.appendGolden(out, e, true);
                }
            }
        }
        return out.toString();
    }
}
