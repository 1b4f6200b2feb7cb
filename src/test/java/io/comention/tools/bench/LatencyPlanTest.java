package io.comention.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.analytics.WatchRule;
import io.comention.tools.bench.LatencyPlan.Sample;
import io.comention.tools.bench.ScenarioBook.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LatencyPlanTest {

    private static List<String> quiet(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(String.format("Q%02d", i));
        }
        return out;
    }

    @Test
    void theBurstNeedsTheMinimumCountAndTheScoreOverAZeroBaseline() {
        assertThat(LatencyPlan.burstArticles(5, 6.0, 1.0)).isEqualTo(6); // the bundled settings
        assertThat(LatencyPlan.burstArticles(5, 3.0, 1.0)).isEqualTo(5);
        assertThat(LatencyPlan.burstArticles(2, 4.0, 2.0)).isEqualTo(8);
    }

    @Test
    void everySampleHasAPairOfItsOwnFromDisjointPools() {
        LatencyPlan plan = LatencyPlan.build(20, 20, Duration.ofSeconds(120), Duration.ofSeconds(10), quiet(100), 6);
        assertThat(plan.repeat()).isEqualTo(20);
        assertThat(plan.samples()).hasSize(60);
        Set<String> keys = new HashSet<>();
        for (Sample s : plan.samples()) {
            assertThat(s.entities()).hasSize(2);
            assertThat(keys.add(s.key())).as("key %s used once", s.key()).isTrue();
            List<String> pool = switch (s.scenario()) {
                case WATCH -> plan.watchPool();
                case BURST -> plan.burstPool();
                default -> plan.firstSeenPool();
            };
            assertThat(pool).containsAll(s.entities());
        }
        Set<String> all = new HashSet<>(plan.watchPool());
        all.addAll(plan.burstPool());
        all.addAll(plan.firstSeenPool());
        assertThat(all).hasSize(plan.watchPool().size() * 3);
        assertThat(plan.watchPool()).hasSize(7); // 7 * 6 / 2 = 21 pairs >= 20
        assertThat(plan.samples().stream().filter(s -> s.scenario() == Scenario.BURST))
                .allSatisfy(s -> assertThat(s.articles()).isEqualTo(6));
        assertThat(plan.scenarioArticles()).isEqualTo(20 * (3 + 6 + 1));
    }

    @Test
    void samplesAreSpreadAfterTheWarmUpAndFinishBeforeTheEnd() {
        LatencyPlan plan = LatencyPlan.build(20, 20, Duration.ofSeconds(120), Duration.ofSeconds(10), quiet(100), 6);
        long previous = -1;
        for (Sample s : plan.samples()) {
            long first = s.dueMillis().get(0);
            assertThat(first).isGreaterThanOrEqualTo(10_000).isGreaterThan(previous);
            assertThat(s.dueMillis().get(s.articles() - 1)).isLessThan(120_000);
            previous = first;
        }
        assertThat(plan.samples())
                .extracting(Sample::scenario)
                .startsWith(Scenario.WATCH, Scenario.BURST, Scenario.FIRST_SEEN);
        Sample watch = plan.samples().get(0);
        assertThat(watch.dueMillis()).containsExactly(10_000L, 11_000L, 12_000L);
        assertThat(watch.rule()).isEqualTo("latency-watch-01");
        assertThat(watch.articleId(2)).isEqualTo("lat-watch-01-3");
        assertThat(plan.samples().get(2).articleId(0)).isEqualTo("lat-first-seen-01-1");
    }

    @Test
    void repeatIsLoweredWhenTheTrafficCannotHoldItAndRefusedWhenNothingFits() {
        // 30 s at 10/s after 10 s of warm-up: (30 - 10 - 4.5) s * 10/s / 2 / 10 articles per round = 7 rounds
        LatencyPlan plan = LatencyPlan.build(20, 10, Duration.ofSeconds(30), Duration.ofSeconds(10), quiet(100), 6);
        assertThat(plan.repeat()).isEqualTo(7);
        assertThat(plan.requestedRepeat()).isEqualTo(20);
        assertThatThrownBy(
                        () -> LatencyPlan.build(20, 0.5, Duration.ofSeconds(20), Duration.ofSeconds(10), quiet(100), 6))
                .isInstanceOf(LatencyPlan.DoesNotFit.class)
                .hasMessageContaining("raise --duration or --rate");
        assertThatThrownBy(
                        () -> LatencyPlan.build(20, 20, Duration.ofSeconds(120), Duration.ofSeconds(10), quiet(10), 6))
                .isInstanceOf(LatencyPlan.DoesNotFit.class)
                .hasMessageContaining("lower --repeat");
    }

    @Test
    void rulesAndWatchlistForTheConfiguration() {
        LatencyPlan plan = LatencyPlan.build(3, 20, Duration.ofSeconds(60), Duration.ofSeconds(10), quiet(100), 6);
        List<WatchRule> rules = plan.watchRules(Duration.ofMinutes(15));
        assertThat(rules)
                .extracting(WatchRule::id)
                .containsExactly("latency-watch-01", "latency-watch-02", "latency-watch-03");
        assertThat(rules).allSatisfy(r -> {
            assertThat(r.threshold()).isEqualTo(3);
            assertThat(r.horizon()).isEqualTo(Duration.ofMinutes(15));
        });
        assertThat(plan.watchlist(Duration.ofHours(24)).entities()).containsExactlyElementsOf(plan.firstSeenPool());
    }

    @Test
    void pairsAreDistinctAndNeighboursFirst() {
        assertThat(LatencyPlan.pairs(List.of("A", "B", "C", "D"), 6))
                .containsExactly(
                        List.of("A", "B"),
                        List.of("B", "C"),
                        List.of("C", "D"),
                        List.of("A", "C"),
                        List.of("B", "D"),
                        List.of("A", "D"));
        assertThat(LatencyPlan.poolSize(1)).isEqualTo(2);
        assertThat(LatencyPlan.poolSize(20)).isEqualTo(7);
        assertThat(LatencyPlan.poolSize(50)).isEqualTo(11);
    }
}
