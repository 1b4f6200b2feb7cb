package io.comention.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static long[] ms(long... values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * 1_000_000L;
        }
        return out;
    }

    @Test
    void nearestRankPercentilesOfUnsortedSamples() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = (100 - i) * 1_000_000L; // 100 ms .. 1 ms, reversed
        }
        LatencyStats s = LatencyStats.of(values, 0, DEADLINE);
        assertThat(s.p50()).hasValue(50_000_000L);
        assertThat(s.p99()).hasValue(99_000_000L);
        assertThat(s.max()).hasValue(100_000_000L);
        assertThat(s.percentile(0.01)).hasValue(1_000_000L);
    }

    @Test
    void smallSamplesRoundTheRankUp() {
        LatencyStats s = LatencyStats.of(ms(300, 100, 200), 0, DEADLINE);
        assertThat(s.p50()).hasValue(200_000_000L); // rank ceil(1.5) = 2
        assertThat(s.p99()).hasValue(300_000_000L); // rank ceil(2.97) = 3: with few samples p99 is the max
        assertThat(LatencyStats.of(ms(7), 0, DEADLINE).p50()).hasValue(7_000_000L);
    }

    @Test
    void missingSamplesRankAboveEveryMeasuredOne() {
        // 98 measured + 2 missing: p99 is rank 99, which is a missing one: only known to exceed the deadline
        long[] values = new long[98];
        Arrays.fill(values, 1_000_000_000L);
        LatencyStats s = LatencyStats.of(values, 2, DEADLINE);
        assertThat(s.expected()).isEqualTo(100);
        assertThat(s.p50()).hasValue(1_000_000_000L);
        assertThat(s.p99()).isEmpty();
        assertThat(s.max()).isEmpty();
        assertThat(s.format(0.99)).isEqualTo("> 60 s");
        assertThat(s.meets(0.99, Duration.ofSeconds(2))).isFalse();

        // 1 missing in 100: p99 (rank 99) is still measured, the max is not
        LatencyStats one = LatencyStats.of(new long[99], 1, DEADLINE);
        assertThat(one.p99()).hasValue(0L);
        assertThat(one.max()).isEmpty();
    }

    @Test
    void allMissingAndNothingExpected() {
        LatencyStats all = LatencyStats.of(new long[0], 5, DEADLINE);
        assertThat(all.p50()).isEmpty();
        assertThat(all.format(0.5)).isEqualTo("> 60 s");
        LatencyStats none = LatencyStats.of(new long[0], 0, DEADLINE);
        assertThat(none.p99()).isEqualTo(OptionalLong.empty());
        assertThat(none.format(0.99)).isEqualTo("-");
        assertThat(none.meets(0.99, Duration.ofSeconds(2))).isFalse();
    }

    @Test
    void meetsComparesAgainstTheTargetInclusively() {
        LatencyStats s = LatencyStats.of(ms(1000, 2000), 0, DEADLINE);
        assertThat(s.meets(0.99, Duration.ofSeconds(2))).isTrue();
        assertThat(s.meets(0.99, Duration.ofMillis(1999))).isFalse();
    }

    @Test
    void formatsSeconds() {
        assertThat(LatencyStats.seconds(450_000_000L)).isEqualTo("0.45 s");
        assertThat(LatencyStats.seconds(1_849_000_000L)).isEqualTo("1.8 s");
        assertThat(LatencyStats.seconds(304_400_000_000L)).isEqualTo("304 s");
        assertThat(LatencyStats.seconds(60_000_000_000L)).isEqualTo("60 s");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> LatencyStats.of(new long[0], -1, DEADLINE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyStats.of(new long[1], 0, DEADLINE).percentile(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
