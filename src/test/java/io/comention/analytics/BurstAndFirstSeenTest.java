package io.comention.analytics;

import static io.comention.analytics.CoMentionCounterTest.NOW;
import static io.comention.analytics.CoMentionCounterTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Alert;
import io.comention.model.Alert.AlertKind;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BurstAndFirstSeenTest {

    static final List<EntityRef> IR_SA = List.of(
            new EntityRef("IR", "Iran", EntityType.COUNTRY), new EntityRef("SA", "Saudi Arabia", EntityType.COUNTRY));
    static final BurstSettings BURST =
            new BurstSettings(true, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(24), Duration.ofHours(6));
    static final Watchlist GULF = new Watchlist("gulf", List.of("IR", "SA", "US"), Duration.ofDays(3));

    final CoMentionCounter counter = new CoMentionCounter(
            Duration.ofMinutes(5),
            List.of(
                    Horizon.of(Duration.ofMinutes(15)),
                    Horizon.of(Duration.ofHours(1)),
                    Horizon.of(Duration.ofHours(24))),
            Duration.ofDays(7));
    final CombinationState state = new CombinationState();
    final List<Alert> alerts = new ArrayList<>();
    AlertRules rules = new AlertRules(List.of(), List.of(GULF), BURST, Duration.ofHours(1));
    /** When the job began watching; tests that need a cold start move it. */
    long watchingSince = T0.minus(Duration.ofDays(1)).toEpochMilli();

    int seq;

    void articles(Instant at, int n) {
        for (int i = 0; i < n; i++) {
            var e = new CombinationEvent(
                    "IR+SA", IR_SA, new ArticleRef("a" + seq, "T", "u", "s" + (seq % 7)), at.plusSeconds(i));
            seq++;
            alerts.addAll(
                    counter.add("IR+SA", state, e, rules, watchingSince, NOW).alerts());
        }
    }

    List<Alert> of(AlertKind kind) {
        return alerts.stream().filter(a -> a.kind() == kind).toList();
    }

    /** Two articles an hour, steadily, for two days. */
    void steadyBackground(Instant from, Instant to) {
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(30))) {
            articles(t, 1);
        }
    }

    @Test
    void aSteadyCombinationNeverBursts() {
        steadyBackground(T0, T0.plus(Duration.ofDays(2)));
        assertThat(of(AlertKind.BURST)).isEmpty();
        assertThat(Baseline.expected(state, 3)).isCloseTo(0.5, Offset.offset(0.15));
    }

    @Test
    void aSurgeAboveTheOwnBaselineBurstsOnTheArticleThatMakesItImprobableAndExplainsItself() {
        steadyBackground(T0, T0.plus(Duration.ofDays(2)));
        Instant surge = T0.plus(Duration.ofDays(2)).plusSeconds(60);
        articles(surge, 9);
        List<Alert> bursts = of(AlertKind.BURST);
        assertThat(bursts).hasSize(1);
        Alert burst = bursts.get(0);
        // decided on the first article with which the count is at least min_count and scores at least 6
        assertThat(burst.count()).isBetween(5L, 9L);
        // the surge's bucket has not reached the baseline, so one article fewer would not have scored enough
        long before = burst.count() - 1;
        assertThat(before < BURST.minCount() || Baseline.score(state, before, 3, BURST.noiseFloor()) < BURST.minScore())
                .as("one article earlier it was not yet a burst")
                .isTrue();
        assertThat(burst.triggeredAt()).isBetween(surge, surge.plusSeconds(9));
        assertThat(burst.baseline()).isLessThan(1.0);
        assertThat(burst.score()).isGreaterThanOrEqualTo(6.0);
        assertThat(burst.windowEnd()).isBefore(surge.plus(Duration.ofMinutes(6)));
        assertThat(burst.explanation())
                .contains("Iran and Saudi Arabia were named together in")
                .contains("far above their usual");
        assertThat(burst.articles()).hasSizeLessThanOrEqualTo(5).isNotEmpty();
    }

    @Test
    void aNewCombinationBurstsOnceItReachesTheMinimumCountWithAFiniteScore() {
        articles(T0, 4);
        assertThat(of(AlertKind.BURST)).isEmpty();
        articles(T0.plus(Duration.ofMinutes(6)), 3);
        // no history: the noise floor (1) is the whole variance, so the score is the count itself; the
        // sixth article makes it 6, the minimum score
        List<Alert> bursts = of(AlertKind.BURST);
        assertThat(bursts).hasSize(1);
        assertThat(bursts.get(0).count()).isEqualTo(6);
        assertThat(bursts.get(0).score()).isEqualTo(6.0);
        assertThat(bursts.get(0).triggeredBy()).isEqualTo("a5");
        assertThat(bursts.get(0).explanation()).endsWith("where they were usually not named together at all.");
    }

    @Test
    void nothingBurstsWhileTheJobWarmsUpBecauseEveryCombinationIsNewThen() {
        watchingSince = T0.toEpochMilli();
        articles(T0.plus(Duration.ofMinutes(10)), 12);
        assertThat(of(AlertKind.BURST)).isEmpty();
        articles(T0.plus(Duration.ofHours(7)), 12);
        assertThat(of(AlertKind.BURST)).hasSize(1);
    }

    @Test
    void oneBurstDoesNotBlindTheBaselineToTheNext() {
        steadyBackground(T0, T0.plus(Duration.ofDays(1)));
        Instant first = T0.plus(Duration.ofDays(1)).plusSeconds(60);
        articles(first, 60);
        Instant second = first.plus(Duration.ofHours(12));
        steadyBackground(first.plus(Duration.ofHours(2)), second);
        articles(second, 10);
        assertThat(of(AlertKind.BURST)).hasSize(2);
    }

    @Test
    void firstSeenFiresOnTheFirstArticleAndNotAgainWithinTheLookback() {
        watchingSince = T0.minus(Duration.ofDays(4)).toEpochMilli();
        articles(T0, 1);
        List<Alert> first = of(AlertKind.FIRST_SEEN);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).rule()).isEqualTo("gulf");
        assertThat(first.get(0).triggeredBy()).isEqualTo("a0");
        assertThat(first.get(0).explanation())
                .isEqualTo("Iran and Saudi Arabia were named together for the first time in 3 days (1 article).");
        articles(T0.plus(Duration.ofDays(2)), 1);
        assertThat(of(AlertKind.FIRST_SEEN)).hasSize(1);
        // quiet for longer than the look-back: new again
        articles(T0.plus(Duration.ofDays(6)), 1);
        assertThat(of(AlertKind.FIRST_SEEN)).hasSize(2);
    }

    @Test
    void firstSeenClaimsOnlyTheHistoryTheJobHasWatched() {
        watchingSince = T0.minus(Duration.ofMinutes(4)).toEpochMilli();
        articles(T0, 1);
        assertThat(of(AlertKind.FIRST_SEEN).get(0).explanation())
                .isEqualTo(
                        "Iran and Saudi Arabia were named together for the first time since tracking began 4 minutes ago (1 article).");
    }

    @Test
    void firstSeenHoldsBackDuringAConfiguredWarmUp() {
        watchingSince = T0.toEpochMilli();
        rules = new AlertRules(List.of(), List.of(GULF), BURST, Duration.ofHours(1), Duration.ofHours(1));
        articles(T0.plus(Duration.ofMinutes(10)), 1);
        assertThat(of(AlertKind.FIRST_SEEN)).isEmpty();
        // named during the warm-up, so not new an hour later either
        articles(T0.plus(Duration.ofMinutes(70)), 1);
        assertThat(of(AlertKind.FIRST_SEEN)).isEmpty();
        // a combination first named after the warm-up is
        var other = new CombinationState();
        var e = new CombinationEvent(
                "IR+US",
                List.of(IR_SA.get(0), new EntityRef("US", "United States", EntityType.COUNTRY)),
                new ArticleRef("late-news", "T", "u", "s"),
                T0.plus(Duration.ofMinutes(80)));
        assertThat(counter.add("IR+US", other, e, rules, watchingSince, NOW).alerts())
                .extracting(Alert::kind)
                .containsExactly(AlertKind.FIRST_SEEN);
    }

    @Test
    void firstSeenIgnoresCombinationsNotOnAWatchlist() {
        rules = new AlertRules(
                List.of(),
                List.of(new Watchlist("other", List.of("IR", "IQ"), Duration.ofDays(3))),
                BURST,
                Duration.ofHours(1));
        articles(T0, 1);
        assertThat(of(AlertKind.FIRST_SEEN)).isEmpty();
    }

    @Test
    void alertIdsDifferByKindRuleCombinationAndWindow() {
        String base = CoMentionCounter.alertId(AlertKind.BURST, "burst", "IR+SA", 0, 900_000);
        assertThat(base).isEqualTo(CoMentionCounter.alertId(AlertKind.BURST, "burst", "IR+SA", 0, 900_000));
        assertThat(base).isNotEqualTo(CoMentionCounter.alertId(AlertKind.WATCH, "burst", "IR+SA", 0, 900_000));
        assertThat(base).isNotEqualTo(CoMentionCounter.alertId(AlertKind.BURST, "other", "IR+SA", 0, 900_000));
        assertThat(base).isNotEqualTo(CoMentionCounter.alertId(AlertKind.BURST, "burst", "IR+US", 0, 900_000));
        assertThat(base).isNotEqualTo(CoMentionCounter.alertId(AlertKind.BURST, "burst", "IR+SA", 300_000, 1_200_000));
    }
}
