package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Alert;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.CountUpdate;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CoMentionCounterTest {

    static final List<EntityRef> AF_PK_US = List.of(
            new EntityRef("AF", "Afghanistan", EntityType.COUNTRY),
            new EntityRef("PK", "Pakistan", EntityType.COUNTRY),
            new EntityRef("US", "United States", EntityType.COUNTRY));
    static final WatchRule RULE = new WatchRule("pak-afg-us", List.of("PK", "AF", "US"), Duration.ofHours(1), 3);
    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static final BurstSettings NO_BURST = new BurstSettings(false, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(24), Duration.ofHours(6));
    /** The job has been watching for a while before these tests' articles. */
    static final long WATCHING_SINCE = T0.minus(Duration.ofDays(3)).toEpochMilli();
    static final Duration HALF_LIFE = Duration.ofHours(24);
    static final AlertRules WATCH_ONLY = new AlertRules(List.of(RULE), List.of(), NO_BURST, Duration.ofMinutes(30));

    static final CoMentionCounter COUNTER = new CoMentionCounter(
            Duration.ofMinutes(5),
            List.of(Horizon.of(Duration.ofMinutes(15)), Horizon.of(Duration.ofHours(1)), Horizon.of(Duration.ofHours(24))),
            Duration.ofDays(7));

    /** Plays the operator's part: keeps the requested closes and runs them as the watermark passes. */
    static final class Driver {
        final AlertRules rules;
        final CombinationState state = new CombinationState();
        final TreeSet<Long> pending = new TreeSet<>();
        final List<CountUpdate> updates = new ArrayList<>();
        final List<Alert> alerts = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        int late;

        Driver() {
            this(WATCH_ONLY);
        }

        Driver(AlertRules rules) {
            this.rules = rules;
        }

        Driver article(String id, Instant at) {
            return article(id, at, "x");
        }

        Driver article(String id, Instant at, String source) {
            long[] closes = COUNTER.add(state, event(id, at, source), watermark);
            if (closes.length == 0) {
                late++;
            }
            for (long c : closes) {
                pending.add(c);
            }
            return this;
        }

        Driver watermark(Instant wm) {
            watermark = wm.toEpochMilli();
            while (!pending.isEmpty() && pending.first() <= watermark) {
                var closed = COUNTER.closeBucket("AF+PK+US", state, pending.pollFirst(), rules, WATCHING_SINCE, NOW);
                updates.add(closed.update());
                alerts.addAll(closed.alerts());
            }
            return this;
        }

        CountUpdate last() {
            return updates.get(updates.size() - 1);
        }
    }

    static CombinationEvent event(String id, Instant at) {
        return event(id, at, "x");
    }

    static CombinationEvent event(String id, Instant at, String source) {
        return new CombinationEvent("AF+PK+US", AF_PK_US, new ArticleRef(id, "Title " + id, "https://x/" + id, source), at);
    }

    @Test
    void countsEachHorizonAndTheTotalWhenTheBucketCloses() {
        var d = new Driver()
                .article("a", T0.minus(Duration.ofHours(5)))
                .article("b", T0.minus(Duration.ofMinutes(40)))
                .article("c", T0.plusSeconds(60));
        assertThat(d.updates).isEmpty();
        d.watermark(T0.plus(Duration.ofMinutes(5)));
        CountUpdate u = d.last();
        assertThat(u.counts()).containsEntry("15m", 1L).containsEntry("1h", 2L).containsEntry("24h", 3L);
        assertThat(u.total()).isEqualTo(3);
        assertThat(u.key()).isEqualTo("AF+PK+US");
        assertThat(u.size()).isEqualTo(3);
    }

    @Test
    void countsFallAsBucketsLeaveEachHorizon() {
        var d = new Driver().article("a", T0).watermark(T0.plus(Duration.ofMinutes(5)));
        assertThat(d.last().counts()).containsEntry("15m", 1L).containsEntry("1h", 1L);
        d.watermark(T0.plus(Duration.ofMinutes(20)));
        assertThat(d.last().counts()).containsEntry("15m", 0L).containsEntry("1h", 1L);
        d.watermark(T0.plus(Duration.ofMinutes(65)));
        assertThat(d.last().counts()).containsEntry("1h", 0L).containsEntry("24h", 1L);
        d.watermark(T0.plus(Duration.ofHours(25)));
        assertThat(d.last().counts().values()).containsOnly(0L);
        assertThat(d.last().total()).isEqualTo(1);
        assertThat(d.updates).hasSize(4);
    }

    @Test
    void watchFiresOnceWhenTheThresholdIsReachedAndExplainsItself() {
        var d = new Driver()
                .article("a", T0)
                .article("b", T0.plusSeconds(600))
                .watermark(T0.plusSeconds(900));
        assertThat(d.alerts).isEmpty();
        d.article("c", T0.plusSeconds(1200)).watermark(T0.plusSeconds(1500));
        assertThat(d.alerts).hasSize(1);
        Alert alert = d.alerts.get(0);
        assertThat(alert.kind()).isEqualTo(Alert.AlertKind.WATCH);
        assertThat(alert.rule()).isEqualTo("pak-afg-us");
        assertThat(alert.count()).isEqualTo(3);
        assertThat(alert.windowStart()).isEqualTo(Instant.parse("2011-10-19T08:25:00Z"));
        assertThat(alert.windowEnd()).isEqualTo(Instant.parse("2011-10-19T09:25:00Z"));
        assertThat(alert.explanation()).isEqualTo(
                "Afghanistan, Pakistan and United States were named together in 3 articles in the last hour (usually 0).");
        assertThat(alert.articles()).extracting(ArticleRef::id).containsExactly("c", "b", "a");
        assertThat(alert.alertId()).isEqualTo(CoMentionCounter.alertId(Alert.AlertKind.WATCH, "pak-afg-us", "AF+PK+US",
                alert.windowStart().toEpochMilli(), alert.windowEnd().toEpochMilli()));
        // a fourth article in an overlapping window does not fire again
        d.article("d", T0.plusSeconds(1560)).watermark(T0.plusSeconds(1800));
        assertThat(d.alerts).hasSize(1);
    }

    @Test
    void watchReArmsOnlyAfterFallingBackBelowTheThreshold() {
        var d = new Driver();
        for (int i = 0; i < 3; i++) {
            d.article("a" + i, T0.plusSeconds(60L * i));
        }
        d.watermark(T0.plus(Duration.ofMinutes(5)));
        assertThat(d.alerts).hasSize(1);
        // still at or above 3 within the hour: stays quiet however many more come
        d.article("a3", T0.plus(Duration.ofMinutes(40))).article("a4", T0.plus(Duration.ofMinutes(50)))
                .watermark(T0.plus(Duration.ofMinutes(55)));
        assertThat(d.alerts).hasSize(1);
        // the hour empties (count falls back), then three new articles fire again
        Instant later = T0.plus(Duration.ofMinutes(120));
        d.watermark(later);
        d.article("b0", later).article("b1", later).article("b2", later).watermark(later.plus(Duration.ofMinutes(5)));
        assertThat(d.alerts).hasSize(2);
    }

    @Test
    void cooldownKeepsARuleQuietEvenAfterItFellBack() {
        var rules = new AlertRules(List.of(RULE), List.of(), NO_BURST, Duration.ofHours(6));
        var d = new Driver(rules);
        for (int i = 0; i < 3; i++) {
            d.article("a" + i, T0.plusSeconds(60L * i));
        }
        d.watermark(T0.plus(Duration.ofMinutes(5)));
        Instant later = T0.plus(Duration.ofHours(3));
        d.watermark(later);
        d.article("b0", later).article("b1", later).article("b2", later).watermark(later.plus(Duration.ofMinutes(5)));
        assertThat(d.alerts).hasSize(1);
        Instant muchLater = T0.plus(Duration.ofHours(7));
        d.watermark(muchLater);
        d.article("c0", muchLater).article("c1", muchLater).article("c2", muchLater).watermark(muchLater.plus(Duration.ofMinutes(5)));
        assertThat(d.alerts).hasSize(2);
    }

    @Test
    void alertsAndCountsCarryTheDistinctSources() {
        var d = new Driver()
                .article("a", T0, "dawn.example")
                .article("b", T0.plusSeconds(30), "wire.example")
                .article("c", T0.plusSeconds(60), "dawn.example")
                .watermark(T0.plus(Duration.ofMinutes(5)));
        assertThat(d.alerts.get(0).sources()).isEqualTo(2);
        assertThat(d.last().sources()).isEqualTo(2);
    }

    @Test
    void arrivalOrderWithinTheWatermarkBoundDoesNotChangeCountsOrAlerts() {
        Instant[] times = {T0.plusSeconds(600), T0.plusSeconds(1800), T0.plusSeconds(3000), T0.plusSeconds(3100), T0.plusSeconds(3300)};
        int[][] orders = {{0, 1, 2, 3, 4}, {4, 2, 0, 1, 3}, {1, 3, 4, 0, 2}, {4, 3, 2, 1, 0}};
        Set<List<String>> alertIds = new HashSet<>();
        Set<List<CountUpdate>> updates = new HashSet<>();
        for (int[] order : orders) {
            var d = new Driver();
            for (int i : order) {
                d.article("a" + i, times[i]);
            }
            d.watermark(T0.plus(Duration.ofDays(2)));
            assertThat(d.alerts).hasSize(1);
            alertIds.add(d.alerts.stream().map(Alert::alertId).toList());
            updates.add(d.updates);
        }
        assertThat(alertIds).hasSize(1);
        assertThat(updates).hasSize(1);
    }

    @Test
    void articlesOlderThanTheLongestHorizonCountOnlyInTheTotal() {
        var d = new Driver().article("new", T0).watermark(T0.plus(Duration.ofMinutes(5)));
        d.article("old", T0.minus(Duration.ofHours(30)));
        assertThat(d.late).isEqualTo(1);
        assertThat(d.state.lateArticles).isEqualTo(1);
        d.article("x", T0.plus(Duration.ofMinutes(6))).watermark(T0.plus(Duration.ofMinutes(10)));
        assertThat(d.last().total()).isEqualTo(3);
        assertThat(d.last().counts()).containsEntry("24h", 2L);
    }

    @Test
    void aLateArticleWithinTheHorizonsIsCountedAndItsBucketEvaluatedAgain() {
        var d = new Driver().article("a", T0).article("b", T0.plusSeconds(60)).watermark(T0.plus(Duration.ofMinutes(30)));
        assertThat(d.alerts).isEmpty();
        d.article("late", T0.plusSeconds(120)).watermark(T0.plus(Duration.ofMinutes(31)));
        assertThat(d.alerts).hasSize(1);
        assertThat(d.alerts.get(0).windowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aLateFirstArticleStillSetsTheCombinationsClock() {
        var s = new CombinationState();
        long[] closes = COUNTER.add(s, event("old", T0.minus(Duration.ofDays(2))), T0.toEpochMilli());
        assertThat(closes).isEmpty();
        assertThat(s.latestEventTime).isEqualTo(T0.minus(Duration.ofDays(2)).toEpochMilli());
    }

    @Test
    void baselineIsTheAveragePerHorizonOverTheRestOfTheLongest() {
        var d = new Driver();
        for (int h = 23; h >= 1; h--) {
            d.article("h" + h, T0.minus(Duration.ofHours(h)).plusSeconds(30));
        }
        d.article("x", T0.plusSeconds(30)).article("y", T0.plusSeconds(40)).watermark(T0.plus(Duration.ofMinutes(5)));
        // as of 09:05 the last 15 minutes (08:50–09:05) hold x and y; the 24 hours hold all 25
        assertThat(d.last().counts()).containsEntry("15m", 2L).containsEntry("24h", 25L);
        // shortest horizon 15m: (25 − 2) · 15 / (1440 − 15) ≈ 0.24
        assertThat(d.last().baseline()).isEqualTo(0.2);
    }

    @Test
    void closingDropsBucketsNoHorizonReaches() {
        var d = new Driver().article("a", T0).article("b", T0.plus(Duration.ofHours(25)))
                .watermark(T0.plus(Duration.ofHours(25)).plus(Duration.ofMinutes(5)));
        assertThat(d.state.bucketStarts).hasSize(1);
        assertThat(d.state.samples).extracting(x -> x.article().id()).containsExactly("b");
    }

    @Test
    void explanationsReadNaturally() {
        assertThat(Explanations.describe(Duration.ofMinutes(15))).isEqualTo("the last 15 minutes");
        assertThat(Explanations.describe(Duration.ofHours(1))).isEqualTo("the last hour");
        assertThat(Explanations.describe(Duration.ofHours(24))).isEqualTo("the last 24 hours");
        assertThat(Explanations.describe(Duration.ofHours(6))).isEqualTo("the last 6 hours");
        assertThat(Explanations.watch(AF_PK_US.subList(0, 2), 1, Duration.ofHours(1), 1.55))
                .isEqualTo("Afghanistan and Pakistan were named together in 1 article in the last hour (usually 1.6).");
        assertThat(Explanations.burst(AF_PK_US, 12, Duration.ofMinutes(15), 0.44))
                .isEqualTo("Afghanistan, Pakistan and United States were named together in 12 articles in the last 15 minutes, far above their usual 0.4.");
        assertThat(Explanations.firstSeen(AF_PK_US.subList(1, 3), 2, Duration.ofDays(7)))
                .isEqualTo("Pakistan and United States were named together for the first time in 7 days (2 articles).");
    }

    @Test
    void alertSourcesAndArticlesDoNotDependOnHowFarInputRanAheadOfTheWatermark() {
        // the same three articles and one from the next hour, once with the next hour's article arriving
        // before the watermark closes the first hour and once after: the WATCH alert must be the same
        Instant h = T0;
        var ahead = new Driver()
                .article("a", h, "wire-a").article("b", h.plusSeconds(60), "wire-b").article("c", h.plusSeconds(120), "wire-c")
                .article("later", h.plus(Duration.ofMinutes(70)), "wire-a")
                .watermark(h.plus(Duration.ofMinutes(5)));
        var inStep = new Driver()
                .article("a", h, "wire-a").article("c", h.plusSeconds(120), "wire-c").article("b", h.plusSeconds(60), "wire-b")
                .watermark(h.plus(Duration.ofMinutes(5)))
                .article("later", h.plus(Duration.ofMinutes(70)), "wire-a");
        assertThat(ahead.alerts).hasSize(1);
        Alert a = ahead.alerts.get(0);
        Alert b = inStep.alerts.get(0);
        assertThat(a.sources()).isEqualTo(b.sources()).isEqualTo(3);
        assertThat(a.articles()).isEqualTo(b.articles());
        assertThat(a.articles()).extracting(ArticleRef::id).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ahead.last()).isEqualTo(inStep.last());
    }
}
