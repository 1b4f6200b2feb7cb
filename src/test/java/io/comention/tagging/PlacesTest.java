package io.comention.tagging;

import static java.time.Instant.EPOCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comention.model.Article;
import io.comention.model.CountedArticle;
import io.comention.model.EntityType;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import java.util.List;
import java.util.Optional;
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
}
