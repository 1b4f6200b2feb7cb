package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Alert;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoMentionCounterTest {

    static final List<EntityRef> AF_PK_US = List.of(
            new EntityRef("AF", "Afghanistan", EntityType.COUNTRY),
            new EntityRef("PK", "Pakistan", EntityType.COUNTRY),
            new EntityRef("US", "United States", EntityType.COUNTRY));
    static final WatchRule RULE = new WatchRule("pak-afg-us", List.of("PK", "AF", "US"), Duration.ofHours(1), 3);
    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final CoMentionCounter counter = new CoMentionCounter(
            Duration.ofMinutes(5),
            List.of(Horizon.of(Duration.ofMinutes(15)), Horizon.of(Duration.ofHours(1)), Horizon.of(Duration.ofHours(24))),
            Duration.ofDays(7));

    static CombinationEvent event(String id, Instant at) {
        return new CombinationEvent("AF+PK+US", AF_PK_US, new ArticleRef(id, "Title " + id, "https://x/" + id, "x"), at);
    }

    @Test
    void countsEachHorizonAndTheTotal() {
        var s = new CombinationState();
        counter.add(s, event("a", T0.minus(Duration.ofHours(5))), List.of(), Long.MIN_VALUE, NOW);
        counter.add(s, event("b", T0.minus(Duration.ofMinutes(40))), List.of(), Long.MIN_VALUE, NOW);
        var outcome = counter.add(s, event("c", T0.plusSeconds(60)), List.of(), Long.MIN_VALUE, NOW);
        assertThat(outcome.update().counts()).containsEntry("15m", 1L).containsEntry("1h", 2L).containsEntry("24h", 3L);
        assertThat(outcome.update().total()).isEqualTo(3);
        assertThat(outcome.update().key()).isEqualTo("AF+PK+US");
        assertThat(outcome.update().size()).isEqualTo(3);
        // 2 articles in the rest of the 24 hours: 2 · 15 / (1440 − 15) ≈ 0.02 per 15 minutes
        assertThat(outcome.update().baseline()).isEqualTo(0.0);
    }

    @Test
    void watchFiresOnceWhenTheThresholdIsReachedAndExplainsItself() {
        var s = new CombinationState();
        assertThat(counter.add(s, event("a", T0), List.of(RULE), Long.MIN_VALUE, NOW).alerts()).isEmpty();
        assertThat(counter.add(s, event("b", T0.plusSeconds(600)), List.of(RULE), Long.MIN_VALUE, NOW).alerts()).isEmpty();
        List<Alert> alerts = counter.add(s, event("c", T0.plusSeconds(1200)), List.of(RULE), Long.MIN_VALUE, NOW).alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.kind()).isEqualTo(Alert.AlertKind.WATCH);
        assertThat(alert.rule()).isEqualTo("pak-afg-us");
        assertThat(alert.count()).isEqualTo(3);
        assertThat(alert.windowEnd()).isEqualTo(Instant.parse("2011-10-19T09:25:00Z"));
        assertThat(alert.windowStart()).isEqualTo(Instant.parse("2011-10-19T08:25:00Z"));
        assertThat(alert.explanation()).isEqualTo(
                "Afghanistan, Pakistan and United States were named together in 3 articles in the last hour (usually 0).");
        assertThat(alert.articles()).extracting(ArticleRef::id).containsExactly("c", "b", "a");
        assertThat(alert.alertId()).isEqualTo(CoMentionCounter.alertId(Alert.AlertKind.WATCH, "pak-afg-us", "AF+PK+US",
                alert.windowStart().toEpochMilli(), alert.windowEnd().toEpochMilli()));
        // a fourth article in an overlapping window does not fire again
        assertThat(counter.add(s, event("d", T0.plusSeconds(1500)), List.of(RULE), Long.MIN_VALUE, NOW).alerts()).isEmpty();
    }

    @Test
    void watchReArmsOneHorizonAfterTheWindowItAlertedOn() {
        var s = new CombinationState();
        for (int i = 0; i < 3; i++) {
            counter.add(s, event("a" + i, T0.plusSeconds(60L * i)), List.of(RULE), Long.MIN_VALUE, NOW);
        }
        Instant later = T0.plus(Duration.ofMinutes(70));
        assertThat(counter.add(s, event("b0", later), List.of(RULE), Long.MIN_VALUE, NOW).alerts()).isEmpty();
        assertThat(counter.add(s, event("b1", later), List.of(RULE), Long.MIN_VALUE, NOW).alerts()).isEmpty();
        assertThat(counter.add(s, event("b2", later), List.of(RULE), Long.MIN_VALUE, NOW).alerts()).hasSize(1);
    }

    @Test
    void theAlertedWindowDoesNotDependOnArrivalOrder() {
        Instant[] times = {T0.plusSeconds(600), T0.plusSeconds(1800), T0.plusSeconds(3000)};
        int[][] orders = {{0, 1, 2}, {2, 0, 1}, {1, 2, 0}, {2, 1, 0}};
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int[] order : orders) {
            var s = new CombinationState();
            List<Alert> alerts = new java.util.ArrayList<>();
            for (int i : order) {
                alerts.addAll(counter.add(s, event("a" + i, times[i]), List.of(RULE), Long.MIN_VALUE, NOW).alerts());
            }
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).windowEnd()).isEqualTo(Instant.parse("2011-10-19T09:55:00Z"));
            ids.add(alerts.get(0).alertId());
        }
        assertThat(ids).hasSize(1);
    }

    @Test
    void sameInputGivesSameAlertIds() {
        List<String> first = runSequence();
        List<String> second = runSequence();
        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    private List<String> runSequence() {
        var s = new CombinationState();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            counter.add(s, event("a" + i, T0.plus(Duration.ofMinutes(7L * i))), List.of(RULE), Long.MIN_VALUE, NOW)
                    .alerts().forEach(a -> ids.add(a.alertId()));
        }
        return ids;
    }

    @Test
    void articlesOlderThanTheLongestHorizonCountOnlyInTheTotal() {
        var s = new CombinationState();
        counter.add(s, event("new", T0), List.of(), Long.MIN_VALUE, NOW);
        var outcome = counter.add(s, event("old", T0.minus(Duration.ofHours(30))), List.of(RULE), Long.MIN_VALUE, NOW);
        assertThat(outcome.late()).isTrue();
        assertThat(outcome.update().total()).isEqualTo(2);
        assertThat(outcome.update().counts()).containsEntry("24h", 1L);
        assertThat(s.lateArticles).isEqualTo(1);
    }

    @Test
    void aLateFirstArticleStillSetsTheCombinationsClock() {
        var s = new CombinationState();
        long watermark = T0.toEpochMilli();
        var outcome = counter.add(s, event("old", T0.minus(Duration.ofDays(2))), List.of(), watermark, NOW);
        assertThat(outcome.late()).isTrue();
        assertThat(s.latestEventTime).isEqualTo(T0.minus(Duration.ofDays(2)).toEpochMilli());
    }

    @Test
    void baselineIsTheAveragePerHorizonOverTheRestOfTheLongest() {
        var s = new CombinationState();
        // 23 articles one per hour before the last hour, then 2 in the last hour
        for (int h = 23; h >= 1; h--) {
            counter.add(s, event("h" + h, T0.minus(Duration.ofHours(h)).plusSeconds(30)), List.of(), Long.MIN_VALUE, NOW);
        }
        counter.add(s, event("x", T0.plusSeconds(30)), List.of(), Long.MIN_VALUE, NOW);
        var s2 = counter.add(s, event("y", T0.plusSeconds(40)), List.of(RULE), Long.MIN_VALUE, NOW);
        // as of 09:05 the last 15 minutes (08:50–09:05) hold x and y; the 24 hours hold all 25
        assertThat(s2.update().counts()).containsEntry("15m", 2L).containsEntry("24h", 25L);
        // shortest horizon 15m: (25 - 2) * 15 / (1440 - 15) = 0.24…
        assertThat(s2.update().baseline()).isEqualTo(0.2);
    }

    @Test
    void pruningDropsBucketsNoHorizonReaches() {
        var s = new CombinationState();
        counter.add(s, event("a", T0), List.of(), Long.MIN_VALUE, NOW);
        counter.add(s, event("b", T0.plus(Duration.ofHours(25))), List.of(), Long.MIN_VALUE, NOW);
        assertThat(s.buckets).hasSize(1);
        assertThat(s.samples).extracting(x -> x.article().id()).containsExactly("b");
    }
}
