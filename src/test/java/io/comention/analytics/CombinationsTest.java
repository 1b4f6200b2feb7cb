package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.EntityType;
import io.comention.model.TaggedEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinationsTest {

    private static TaggedEntity entity(String id, double salience) {
        return new TaggedEntity(id, EntityType.COUNTRY, id, 1, salience, List.of());
    }

    @Test
    void pairsAndTriplesOfDistinctEntitiesWithSortedKeys() {
        var combos = Combinations.of(List.of(entity("US", 0.5), entity("PK", 0.9), entity("AF", 0.7)), 8, 2, 3);
        assertThat(combos.stream().map(Combinations::key))
                .containsExactlyInAnyOrder("AF+PK", "AF+US", "PK+US", "AF+PK+US");
    }

    @Test
    void oneEntityMakesNoCombination() {
        assertThat(Combinations.of(List.of(entity("US", 1)), 8, 2, 3)).isEmpty();
        assertThat(Combinations.of(List.of(), 8, 2, 3)).isEmpty();
    }

    @Test
    void keysAreTheSortedIdsWhateverTheOrderGiven() {
        var us = entity("US", 1).ref();
        var af = entity("AF", 1).ref();
        var pk = entity("PK", 1).ref();
        assertThat(Combinations.key(List.of(af, pk, us))).isEqualTo("AF+PK+US");
        assertThat(Combinations.key(List.of(us, af, pk))).isEqualTo("AF+PK+US");
        assertThat(Combinations.keyOfIds(List.of("US", "PK", "AF"))).isEqualTo("AF+PK+US");
    }

    @Test
    void capsTheEntitiesByTheirSalience() {
        var many = List.of(entity("A", 0.1), entity("B", 0.9), entity("C", 0.8), entity("D", 0.2), entity("E", 0.7));
        var combos = Combinations.of(many, 3, 2, 3);
        assertThat(combos.stream().map(Combinations::key)).containsExactlyInAnyOrder("B+C", "B+E", "C+E", "B+C+E");
    }

    @Test
    void countsGrowAsBinomialsOfTheCap() {
        var many = new ArrayList<TaggedEntity>();
        for (int i = 0; i < 300; i++) {
            many.add(entity("E" + i, i / 300.0));
        }
        assertThat(Combinations.of(many, 8, 2, 3)).hasSize(28 + 56);
        assertThat(Combinations.of(many, 8, 5, 2, 3)).hasSize(28 + 10);
    }

    @Test
    void takesTriplesFromTheMostSalientOnly() {
        var many = List.of(entity("A", 0.1), entity("B", 0.9), entity("C", 0.8), entity("D", 0.2), entity("E", 0.7));
        var combos = Combinations.of(many, 4, 3, 2, 3).stream()
                .map(Combinations::key)
                .toList();
        // pairs among the four most salient (B, C, E, D), triples among the three most salient only
        assertThat(combos).containsExactlyInAnyOrder("B+C", "B+D", "B+E", "C+D", "C+E", "D+E", "B+C+E");
    }

    @Test
    void keepsATripleThatARuleOrWatchlistNamesEvenAmongLessSalientEntities() {
        // eight entities: the watched AF+PK+US has US only seventh, the watchlist's IR+RU+SA are 6th, 8th and 3rd
        var many = List.of(
                entity("PK", 0.9),
                entity("AF", 0.8),
                entity("SA", 0.7),
                entity("GB", 0.6),
                entity("FR", 0.5),
                entity("IR", 0.4),
                entity("US", 0.3),
                entity("RU", 0.2));
        var rules = new AlertRules(
                List.of(new WatchRule("pak-afg-us", List.of("US", "PK", "AF"), Duration.ofHours(1), 3)),
                List.of(new Watchlist("gulf", List.of("IR", "RU", "SA"), Duration.ofDays(7))),
                CoMentionCounterTest.NO_BURST,
                Duration.ofHours(1));

        var keys = Combinations.of(many, 8, 5, 2, 3, rules::watches).stream()
                .map(Combinations::key)
                .toList();

        assertThat(keys).contains("AF+PK+US", "IR+RU+SA", "AF+PK+SA", "IR+US"); // watched, watchlist, central, a pair
        assertThat(keys).doesNotContain("AF+IR+PK", "FR+IR+US"); // other triples with minor names
        assertThat(keys).hasSize(28 + 10 + 2);
    }
}
