package io.comention.tools.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Percentiles of one scenario's latencies, counting the samples that never showed up within the
 * deadline ("missing") as slower than every measured one. Nearest-rank percentiles: the q-th percentile
 * of n values is the value at rank ceil(q·n) in ascending order. When that rank falls among the missing
 * samples the percentile is only known to exceed the deadline, and is reported so ("> 60 s"), never
 * computed from the samples that happened to arrive.
 *
 * @param samples latencies that were measured, in nanoseconds, sorted ascending
 * @param missing expected records not seen within the deadline
 * @param deadline how long each sample was waited for
 */
public record LatencyStats(long[] samples, int missing, Duration deadline) {

    public LatencyStats {
        samples = samples.clone();
        Arrays.sort(samples);
        if (missing < 0) {
            throw new IllegalArgumentException("missing must be >= 0, was " + missing);
        }
    }

    public static LatencyStats of(long[] latenciesNanos, int missing, Duration deadline) {
        return new LatencyStats(latenciesNanos, missing, deadline);
    }

    /** Every expected sample: measured and missing. */
    public int expected() {
        return samples.length + missing;
    }

    /**
     * The q-th percentile (0 < q <= 1) in nanoseconds; empty when the rank falls among the missing
     * samples (it is then above the deadline) or when nothing was expected at all.
     */
    public OptionalLong percentile(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("q must lie in (0, 1], was " + q);
        }
        int n = expected();
        if (n == 0) {
            return OptionalLong.empty();
        }
        int rank = Math.max(1, (int) Math.ceil(q * n - 1e-9));
        return rank <= samples.length ? OptionalLong.of(samples[rank - 1]) : OptionalLong.empty();
    }

    public OptionalLong p50() {
        return percentile(0.50);
    }

    public OptionalLong p99() {
        return percentile(0.99);
    }

    public OptionalLong max() {
        return percentile(1.0);
    }

    /** Whether the percentile is at or below {@code target}; false when it is unknown or above the deadline. */
    public boolean meets(double q, Duration target) {
        OptionalLong v = percentile(q);
        return v.isPresent() && v.getAsLong() <= target.toNanos();
    }

    /** {@code 1.8 s}, {@code > 60 s} when beyond the deadline, {@code -} when nothing was expected. */
    public String format(double q) {
        if (expected() == 0) {
            return "-";
        }
        OptionalLong v = percentile(q);
        return v.isPresent() ? seconds(v.getAsLong()) : "> " + seconds(deadline.toNanos());
    }

    /** Nanoseconds as seconds: two decimals below 1 s, one up to 100 s, then (and for whole seconds) none: {@code 0.45 s}, {@code 1.8 s}, {@code 304 s}. */
    public static String seconds(long nanos) {
        double s = nanos / 1e9;
        if (s >= 100 || nanos % 1_000_000_000L == 0) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        return s < 1 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.1f s", s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyStats other
                && Arrays.equals(samples, other.samples)
                && missing == other.missing
                && deadline.equals(other.deadline);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(samples) + missing) + deadline.hashCode();
    }

    @Override
    public String toString() {
        return "LatencyStats[" + samples.length + " samples, " + missing + " missing, p50 " + format(0.5) + ", p99 "
                + format(0.99) + ", max " + format(1.0) + "]";
    }
}
