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

    static final BurstSettings NO_BURST =
            new BurstSettings(false, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(24), Duration.ofHours(6));
    /** The job has been watching for a while before these tests' articles. */
    static final long WATCHING_SINCE = T0.minus(Duration.ofDays(3)).toEpochMilli();

    static final Duration HALF_LIFE = Duration.ofHours(24);
    static final AlertRules WATCH_ONLY = new AlertRules(List.of(RULE), List.of(), NO_BURST, Duration.ofMinutes(30));

    static final CoMentionCounter COUNTER = new CoMentionCounter(
            Duration.ofMinutes(5),
            List.of(
                    Horizon.of(Duration.ofMinutes(15)),
                    Horizon.of(Duration.ofHours(1)),
                    Horizon.of(Duration.ofHours(24))),
            Duration.ofDays(7));

    /**
     * Plays the operator's part: counts each article on arrival, keeps the horizon exits it asks for and
     * publishes the counts at them as the watermark passes.
     */
    static final class Driver {
        final AlertRules rules;
        final CombinationState state = new CombinationState();
        final TreeSet<Long> exits = new TreeSet<>();
        final List<CountUpdate> updates = new ArrayList<>();
        final List<Alert> alerts = new ArrayList<>();
        long watchingSince = WATCHING_SINCE;
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
            var arrival = COUNTER.add("AF+PK+US", state, event(id, at, source), rules, watchingSince, NOW);
            alerts.addAll(arrival.alerts());
            if (arrival.late()) {
                late++;
            } else {
                for (long exit : COUNTER.horizonExits(at.toEpochMilli())) {
                    exits.add(exit);
                }
            }
            return this;
        }

        Driver watermark(Instant wm) {
            while (!exits.isEmpty() && exits.first() <= wm.toEpochMilli()) {
                state.countsAsOf = Math.max(state.countsAsOf, exits.pollFirst());
                updates.add(now());
            }
            return this;
        }

        /** The counts as the operator publishes them on arrival. */
        CountUpdate now() {
            return COUNTER.snapshot("AF+PK+US", state, COUNTER.countsAsOf(state), watchingSince, NOW);
        }

        CountUpdate last() {
            return updates.get(updates.size() - 1);
        }
    }

    static CombinationEvent event(String id, Instant at) {
        return event(id, at, "x");
    }

    static CombinationEvent event(String id, Instant at, String source) {
        return new CombinationEvent(
                "AF+PK+US", AF_PK_US, new ArticleRef(id, "Title " + id, "https://x/" + id, source), at);
    }

    @Test
    void countsEachHorizonAndTheTotalOnArrival() {
        var d = new Driver()
                .article("a", T0.minus(Duration.ofHours(5)))
                .article("b", T0.minus(Duration.ofMinutes(40)))
                .article("c", T0.plusSeconds(60));
        CountUpdate u = d.now();
        assertThat(u.counts()).containsEntry("15m", 1L).containsEntry("1h", 2L).containsEntry("24h", 3L);
        assertThat(u.total()).isEqualTo(3);
        assertThat(u.key()).isEqualTo("AF+PK+US");
        assertThat(u.size()).isEqualTo(3);
    }

    @Test
    void countsFallAsBucketsLeaveEachHorizon() {
        var d = new Driver().article("a", T0);
        assertThat(d.now().counts()).containsEntry("15m", 1L).containsEntry("1h", 1L);
        d.watermark(T0.plus(Duration.ofMinutes(20)));
        assertThat(d.last().counts()).containsEntry("15m", 0L).containsEntry("1h", 1L);
        d.watermark(T0.plus(Duration.ofMinutes(65)));
        assertThat(d.last().counts()).containsEntry("1h", 0L).containsEntry("24h", 1L);
        d.watermark(T0.plus(Duration.ofHours(25)));
        assertThat(d.last().counts().values()).containsOnly(0L);
        assertThat(d.last().total()).isEqualTo(1);
        assertThat(d.updates).hasSize(3);
        // published after the exits, the counts stay as of the latest exit
        assertThat(d.now()).isEqualTo(d.last());
    }

    @Test
    void watchFiresOnTheArticleThatReachesTheThresholdAndExplainsItself() {
        var d = new Driver().article("a", T0).article("b", T0.plusSeconds(600));
        assertThat(d.alerts).isEmpty();
        d.article("c", T0.plusSeconds(1200));
        assertThat(d.alerts).hasSize(1);
        Alert alert = d.alerts.get(0);
        assertThat(alert.kind()).isEqualTo(Alert.AlertKind.WATCH);
        assertThat(alert.rule()).isEqualTo("pak-afg-us");
        assertThat(alert.count()).isEqualTo(3);
        assertThat(alert.triggeredBy()).isEqualTo("c");
        assertThat(alert.triggeredAt()).isEqualTo(T0.plusSeconds(1200));
        assertThat(alert.windowStart()).isEqualTo(Instant.parse("2011-10-19T08:25:00Z"));
        assertThat(alert.windowEnd()).isEqualTo(Instant.parse("2011-10-19T09:25:00Z"));
        assertThat(alert.explanation())
                .isEqualTo(
                        "Afghanistan, Pakistan and United States were named together in 3 articles in the last hour (usually 0).");
        assertThat(alert.articles()).extracting(ArticleRef::id).containsExactly("c", "b", "a");
        assertThat(alert.covers()).isEmpty();
        assertThat(alert.alertId())
                .isEqualTo(CoMentionCounter.alertId(
                        Alert.AlertKind.WATCH,
                        "pak-afg-us",
                        "AF+PK+US",
                        alert.windowStart().toEpochMilli(),
                        alert.windowEnd().toEpochMilli()));
        // a fourth article in an overlapping window does not fire again
        d.article("d", T0.plusSeconds(1560));
        assertThat(d.alerts).hasSize(1);
    }

    @Test
    void watchReArmsOnlyAfterFallingBackBelowTheThreshold() {
        var d = new Driver();
        for (int i = 0; i < 3; i++) {
            d.article("a" + i, T0.plusSeconds(60L * i));
        }
        assertThat(d.alerts).hasSize(1);
        // still at or above 3 within the hour: stays quiet however many more come
        d.article("a3", T0.plus(Duration.ofMinutes(40))).article("a4", T0.plus(Duration.ofMinutes(50)));
        assertThat(d.alerts).hasSize(1);
        // the hour empties (the count falls back below 3), then three new articles fire again
        Instant later = T0.plus(Duration.ofMinutes(120));
        d.article("b0", later).article("b1", later);
        assertThat(d.alerts).hasSize(1);
        d.article("b2", later);
        assertThat(d.alerts).hasSize(2);
        assertThat(d.alerts.get(1).triggeredBy()).isEqualTo("b2");
    }

    @Test
    void cooldownKeepsARuleQuietEvenAfterItFellBack() {
        var rules = new AlertRules(List.of(RULE), List.of(), NO_BURST, Duration.ofHours(6));
        var d = new Driver(rules);
        for (int i = 0; i < 3; i++) {
            d.article("a" + i, T0.plusSeconds(60L * i));
        }
        Instant later = T0.plus(Duration.ofHours(3));
        d.article("b0", later).article("b1", later).article("b2", later);
        assertThat(d.alerts).hasSize(1);
        Instant muchLater = T0.plus(Duration.ofHours(7));
        d.article("c0", muchLater).article("c1", muchLater).article("c2", muchLater);
        assertThat(d.alerts).hasSize(2);
    }

    @Test
    void aRuleNeverFiresTwiceForOneWindowEvenWithoutACooldown() {
        var rules = new AlertRules(
                List.of(new WatchRule("pair", List.of("AF", "PK", "US"), Duration.ofMinutes(15), 1)),
                List.of(),
                NO_BURST,
                Duration.ofMinutes(1));
        var d = new Driver(rules);
        d.article("a", T0).article("b", T0.plusSeconds(10));
        // b is in the same window as a; the count never fell below 1 in between either
        assertThat(d.alerts).hasSize(1);
        assertThat(d.alerts.stream().map(Alert::alertId).distinct()).hasSize(1);
    }

    @Test
    void alertsAndCountsCarryTheDistinctSources() {
        var d = new Driver()
                .article("a", T0, "dawn.example")
                .article("b", T0.plusSeconds(30), "wire.example")
                .article("c", T0.plusSeconds(60), "dawn.example");
        assertThat(d.alerts.get(0).sources()).isEqualTo(2);
        assertThat(d.now().sources()).isEqualTo(2);
    }

    @Test
    void finalCountsAndTotalsDoNotDependOnArrivalOrder() {
        Instant[] times = {
            T0.plusSeconds(600), T0.plusSeconds(1800), T0.plusSeconds(3000), T0.plusSeconds(3100), T0.plusSeconds(3300)
        };
        int[][] orders = {{0, 1, 2, 3, 4}, {4, 2, 0, 1, 3}, {1, 3, 4, 0, 2}, {4, 3, 2, 1, 0}};
        Set<CountUpdate> lastUpdates = new HashSet<>();
        Set<CountUpdate> onArrival = new HashSet<>();
        for (int[] order : orders) {
            var d = new Driver();
            for (int i : order) {
                d.article("a" + i, times[i]);
            }
            onArrival.add(d.now());
            d.watermark(T0.plus(Duration.ofDays(2)));
            lastUpdates.add(d.last());
        }
        assertThat(onArrival).hasSize(1);
        assertThat(lastUpdates).hasSize(1);
        assertThat(lastUpdates.iterator().next().total()).isEqualTo(5);
    }

    @Test
    void theSameArticlesInTheSameOrderGiveTheSameAlerts() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            var d = new Driver();
            for (int i = 0; i < 12; i++) {
                d.article("a" + i, T0.plus(Duration.ofMinutes(17L * i)));
            }
            runs.add(d.alerts.stream().map(Alert::alertId).toList());
        }
        assertThat(runs.get(0)).isNotEmpty().isEqualTo(runs.get(1));
    }

    @Test
    void articlesOlderThanTheLongestHorizonCountOnlyInTheTotal() {
        var d = new Driver().article("new", T0);
        d.article("old", T0.minus(Duration.ofHours(30)));
        assertThat(d.late).isEqualTo(1);
        assertThat(d.state.lateArticles).isEqualTo(1);
        d.article("x", T0.plus(Duration.ofMinutes(6)));
        assertThat(d.now().total()).isEqualTo(3);
        assertThat(d.now().counts()).containsEntry("24h", 2L);
    }

    @Test
    void aLateArticleWithinTheHorizonsCountsInItsOwnBucketAndCanStillAlert() {
        var d = new Driver()
                .article("a", T0)
                .article("b", T0.plusSeconds(60))
                .article("c", T0.plus(Duration.ofMinutes(120)));
        assertThat(d.alerts).isEmpty();
        d.article("late", T0.plusSeconds(120));
        assertThat(d.alerts).hasSize(1);
        assertThat(d.alerts.get(0).windowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(d.alerts.get(0).triggeredBy()).isEqualTo("late");
    }

    @Test
    void articlesArrivingOutOfOrderInsideTheWindowAddUpAsIfInOrder() {
        var d = new Driver().article("c", T0.plus(Duration.ofMinutes(40))).article("a", T0);
        assertThat(d.alerts).isEmpty();
        d.article("b", T0.plus(Duration.ofMinutes(20)));
        assertThat(d.alerts).hasSize(1);
        // judged in the combination's current window, the one ending with its newest bucket
        assertThat(d.alerts.get(0).windowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(45)));
        assertThat(d.alerts.get(0).count()).isEqualTo(3);
        assertThat(d.alerts.get(0).triggeredBy()).isEqualTo("b");
    }

    @Test
    void lateIsJudgedAgainstTheCombinationsOwnNewestArticleNotTheClock() {
        var d = new Driver().article("old", T0.minus(Duration.ofDays(2)));
        assertThat(d.late).isZero();
        assertThat(d.state.latestEventTime)
                .isEqualTo(T0.minus(Duration.ofDays(2)).toEpochMilli());
        assertThat(d.now().counts()).containsEntry("15m", 1L);
    }

    @Test
    void baselineIsTheAveragePerHorizonOverTheRestOfTheLongest() {
        var d = new Driver();
        for (int h = 23; h >= 1; h--) {
            d.article("h" + h, T0.minus(Duration.ofHours(h)).plusSeconds(30));
        }
        d.article("x", T0.plusSeconds(30)).article("y", T0.plusSeconds(40));
        // as of 09:05 the last 15 minutes (08:50–09:05) hold x and y; the 24 hours hold all 25
        assertThat(d.now().counts()).containsEntry("15m", 2L).containsEntry("24h", 25L);
        // shortest horizon 15m: (25 − 2) · 15 / (1440 − 15) ≈ 0.24
        assertThat(d.now().baseline()).isEqualTo(0.2);
    }

    @Test
    void theUsualLevelRestsOnlyOnTheHistoryTheJobHasWatched() {
        // watching for 30 minutes: no usual level for a one-hour window yet
        var fresh = new Driver();
        fresh.watchingSince = T0.minus(Duration.ofMinutes(30)).toEpochMilli();
        fresh.article("a", T0).article("b", T0.plusSeconds(10)).article("c", T0.plusSeconds(20));
        assertThat(fresh.alerts.get(0).explanation())
                .isEqualTo("Afghanistan, Pakistan and United States were named together in 3 articles in the last hour "
                        + "(no usual level yet: tracking began 30 minutes ago).");
        assertThat(fresh.alerts.get(0).baseline()).isZero();
        // watching for 5 hours, with 4 articles in the 4 hours before the window: usually 1 an hour, over those hours
        var young = new Driver();
        young.watchingSince = T0.minus(Duration.ofHours(5)).toEpochMilli();
        for (int h = 4; h >= 1; h--) {
            young.article("h" + h, T0.minus(Duration.ofHours(h)).minus(Duration.ofMinutes(10)));
        }
        young.article("a", T0).article("b", T0.plusSeconds(10)).article("c", T0.plusSeconds(20));
        Alert alert = young.alerts.get(young.alerts.size() - 1);
        assertThat(alert.explanation()).endsWith("in the last hour (usually 1 in the 4 hours watched).");
        assertThat(alert.baseline()).isEqualTo(1.0);
    }

    @Test
    void countingDropsBucketsNoHorizonReaches() {
        var d = new Driver().article("a", T0).article("b", T0.plus(Duration.ofHours(25)));
        assertThat(d.state.bucketStarts).hasSize(1);
        assertThat(d.state.samples).extracting(x -> x.article().id()).containsExactly("b");
    }

    @Test
    void articlesHeldBackByAnEarlierVersionsSavepointJoinAtTheNextArticle() {
        var d = new Driver();
        // as read from such a savepoint (a state of its own: the shared empty list takes no articles)
        d.state.arrived = new java.util.ArrayList<>(
                List.of(new SampleArticle(new ArticleRef("held", "T", "u", "older.example"), T0.toEpochMilli())));
        d.article("a", T0.plusSeconds(60), "newer.example");
        assertThat(d.state.arrived).isEmpty();
        assertThat(d.now().total()).isEqualTo(2);
        assertThat(d.now().sources()).isEqualTo(2);
    }

    @Test
    void explanationsReadNaturally() {
        assertThat(Explanations.describe(Duration.ofMinutes(15))).isEqualTo("the last 15 minutes");
        assertThat(Explanations.describe(Duration.ofHours(1))).isEqualTo("the last hour");
        assertThat(Explanations.describe(Duration.ofHours(24))).isEqualTo("the last 24 hours");
        assertThat(Explanations.describe(Duration.ofHours(6))).isEqualTo("the last 6 hours");
        assertThat(Explanations.watch(
                        AF_PK_US.subList(0, 2),
                        1,
                        Duration.ofHours(1),
                        new Explanations.Usual(1.55, Duration.ofHours(23), false),
                        Duration.ofDays(2)))
                .isEqualTo("Afghanistan and Pakistan were named together in 1 article in the last hour (usually 1.6).");
        assertThat(Explanations.burst(AF_PK_US, 12, Duration.ofMinutes(15), 0.44, Duration.ofDays(2), false))
                .isEqualTo(
                        "Afghanistan, Pakistan and United States were named together in 12 articles in the last 15 minutes, far above their usual 0.4.");
        assertThat(Explanations.burst(AF_PK_US, 12, Duration.ofMinutes(15), 0.44, Duration.ofHours(7), true))
                .endsWith("far above their usual 0.4 in the 7 hours watched.");
        assertThat(Explanations.firstSeen(AF_PK_US.subList(1, 3), 2, Duration.ofDays(7), Duration.ofDays(8)))
                .isEqualTo("Pakistan and United States were named together for the first time in 7 days (2 articles).");
        assertThat(Explanations.firstSeen(AF_PK_US.subList(1, 3), 1, Duration.ofDays(7), Duration.ofMinutes(95)))
                .isEqualTo("Pakistan and United States were named together for the first time since tracking began "
                        + "1 hour 35 minutes ago (1 article).");
        assertThat(Explanations.describeElapsed(Duration.ofSeconds(20))).isEqualTo("less than a minute");
        assertThat(Explanations.describeElapsed(Duration.ofMinutes(4))).isEqualTo("4 minutes");
        assertThat(Explanations.describeElapsed(Duration.ofHours(7))).isEqualTo("7 hours");
        assertThat(Explanations.describeElapsed(Duration.ofDays(3))).isEqualTo("3 days");
    }

    /**
     * At each exit no sample older than an alert could quote and no source older than the longest horizon
     * is left, although the exit reads the lists only when the oldest bucket is old enough to hold one:
     * random feeds with gaps, late and out-of-order articles, several sources.
     */
    @Test
    void horizonExitsDropEverySampleAndSourceNoOutputCanShowAnyMore() {
        var random = new java.util.Random(15);
        var burst = new BurstSettings(true, Duration.ofHours(1), 3, 3.0, 1.0, Duration.ofHours(24), Duration.ZERO);
        var rules = new AlertRules(List.of(RULE), List.of(), burst, Duration.ofMinutes(30));
        String key = "AF+PK+US";
        int checked = 0;
        int dropped = 0;
        for (int feed = 0; feed < 40; feed++) {
            var state = new CombinationState();
            var pending = new TreeSet<Long>();
            long t = T0.toEpochMilli();
            for (int i = 0; i < 30; i++) {
                long gap = random.nextInt(4) == 0
                        ? Duration.ofHours(20).toMillis()
                        : Duration.ofMinutes(40).toMillis();
                t += random.nextLong(gap) - Duration.ofMinutes(10).toMillis();
                while (!pending.isEmpty() && pending.first() <= t) {
                    long exit = pending.pollFirst();
                    int before = state.samples.size() + state.sources.length;
                    COUNTER.horizonExit(key, state, exit, rules);
                    dropped += before - state.samples.size() - state.sources.length;
                    long keepFrom = Math.max(COUNTER.bucketEnd(state.latestEventTime), exit)
                            - COUNTER.quotableMillis(key, state, rules);
                    assertThat(state.samples)
                            .allSatisfy(sample -> assertThat(sample.eventTime()).isGreaterThanOrEqualTo(keepFrom));
                    for (long seen : state.sourceSeen) {
                        assertThat(seen)
                                .isGreaterThanOrEqualTo(
                                        exit - Duration.ofHours(24).toMillis());
                    }
                    checked++;
                }
                var at = Instant.ofEpochMilli(t);
                var arrival = COUNTER.add(
                        key, state, event("a" + i, at, "s" + random.nextInt(4)), rules, WATCHING_SINCE, NOW);
                if (!arrival.late()) {
                    for (long exit : COUNTER.horizonExits(t)) {
                        pending.add(exit);
                    }
                }
                // what lets an exit skip the lists: nothing in them is older than the oldest bucket
                long oldest = state.bucketStarts.length > 0 ? state.bucketStarts[0] : Long.MAX_VALUE;
                assertThat(state.samples)
                        .allSatisfy(sample -> assertThat(sample.eventTime()).isGreaterThanOrEqualTo(oldest));
                for (long seen : state.sourceSeen) {
                    assertThat(seen).isGreaterThanOrEqualTo(oldest);
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(dropped).isGreaterThan(100); // the exits did drop samples and sources, not only keep them
    }
}
