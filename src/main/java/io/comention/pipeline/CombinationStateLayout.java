package io.comention.pipeline;

import io.comention.analytics.Baseline;
import io.comention.analytics.BurstSettings;
import io.comention.analytics.CoMentionCounter;
import java.io.Serializable;

/**
 * The counting settings a combination's state is laid out by, which let {@link CombinationStateSerializer}
 * write most of its times as small bucket steps and leave out what they imply: bucket starts, exits and
 * the counts' as-of time are bucket boundaries; a settled combination's counts are as of its newest
 * bucket's last exit; a baseline weight is usually {@code 1 − (1 − α)^n} for a whole number of buckets n.
 * Every such shortcut is checked on the value itself when written, so any state reads back exactly.
 *
 * @param bucketMillis the counts' bucket size
 * @param longestHorizonMillis the longest horizon: the newest bucket's last exit comes this long after its end
 * @param baselineAlpha the baseline's weight per bucket ({@link Baseline#alpha})
 */
public record CombinationStateLayout(long bucketMillis, long longestHorizonMillis, double baselineAlpha)
        implements Serializable {

    public CombinationStateLayout {
        if (bucketMillis <= 0 || longestHorizonMillis < 0 || !(baselineAlpha > 0 && baselineAlpha < 1)) {
            throw new IllegalArgumentException("no layout for bucket " + bucketMillis + " ms, longest horizon "
                    + longestHorizonMillis + " ms, alpha " + baselineAlpha);
        }
    }

    /** The layout of the states {@code counter} keeps with these burst settings. */
    public static CombinationStateLayout of(CoMentionCounter counter, BurstSettings burst) {
        return new CombinationStateLayout(
                counter.bucketMillis(),
                counter.longestHorizonMillis(),
                Baseline.alpha(counter.bucketMillis(), burst.halfLife()));
    }

    /** The start (epoch ms) of the bucket holding {@code t}, as the counter computes it. */
    long bucketStart(long t) {
        return Math.floorDiv(t, bucketMillis) * bucketMillis;
    }

    /** Whether {@code t} is {@code base} plus a whole number of buckets. */
    boolean onGrid(long t, long base) {
        return (t - base) % bucketMillis == 0;
    }

    /** {@code t − base} in buckets ({@link #onGrid} must hold). */
    long steps(long t, long base) {
        return (t - base) / bucketMillis;
    }

    /**
     * The baseline weight after {@code n} buckets, kept to float precision as the counter keeps it.
     * StrictMath, so a savepoint reads back the same on every machine.
     */
    double weightAfter(long n) {
        return (float) (1 - StrictMath.pow(1 - baselineAlpha, n));
    }

    /** The whole number of buckets whose weight is exactly {@code weight}, or -1. */
    long bucketsOfWeight(double weight) {
        if (!(weight > 0 && weight < 1)) {
            return -1;
        }
        long n = Math.round(Math.log1p(-weight) / Math.log1p(-baselineAlpha));
        // the float rounding can put the closest n one off: look at the neighbours too
        for (long m = Math.max(1, n - 1); m <= n + 1; m++) {
            if (weightAfter(m) == weight) {
                return m;
            }
        }
        return -1;
    }
}
