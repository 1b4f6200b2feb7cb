package io.comention.pipeline;

import io.comention.analytics.Baseline;
import io.comention.analytics.BurstSettings;
import io.comention.analytics.CoMentionCounter;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The counting settings a combination's state is laid out by, which let {@link CombinationStateSerializer}
 * write most of its times as small bucket steps and leave out what they imply: bucket starts, exits and
 * the counts' as-of time are bucket boundaries; a settled combination's counts are as of its newest
 * bucket's last exit; a baseline weight is usually {@code 1 − (1 − α)^n} for a whole number of buckets n.
 * Every such shortcut is checked on the value itself when written, so any state reads back exactly.
 * Its values: the counts' bucket size, the longest horizon (the newest bucket's last exit comes this
 * long after its end) and the baseline's weight per bucket ({@link Baseline#alpha}).
 */
public final class CombinationStateLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * The weight table reaches about 20/α buckets, where the weight is 1 to float precision (8,300 at a
     * 5-minute bucket and a day's half-life), but never beyond this; a weight past it is written as a float.
     */
    private static final int MAX_WEIGHT_BUCKETS = 1 << 16;

    private final long bucketMillis;
    private final long longestHorizonMillis;
    private final double baselineAlpha;
    /** {@link #weightAfter}(n) at n, ascending: built at first use, looked up at every state written. */
    private transient volatile float[] weights;

    public CombinationStateLayout(long bucketMillis, long longestHorizonMillis, double baselineAlpha) {
        if (bucketMillis <= 0 || longestHorizonMillis < 0 || !(baselineAlpha > 0 && baselineAlpha < 1)) {
            throw new IllegalArgumentException("no layout for bucket " + bucketMillis + " ms, longest horizon "
                    + longestHorizonMillis + " ms, alpha " + baselineAlpha);
        }
        this.bucketMillis = bucketMillis;
        this.longestHorizonMillis = longestHorizonMillis;
        this.baselineAlpha = baselineAlpha;
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    public long longestHorizonMillis() {
        return longestHorizonMillis;
    }

    public double baselineAlpha() {
        return baselineAlpha;
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

    /** The whole number of buckets (at least one) whose weight is exactly {@code weight}, or -1. */
    long bucketsOfWeight(double weight) {
        float w = (float) weight;
        if (!(weight > 0 && weight < 1) || w != weight) {
            return -1;
        }
        int n = Arrays.binarySearch(weights(), w); // ascending, and any n of an equal weight reads back the same
        return n >= 1 ? n : -1;
    }

    /**
     * {@link #weightAfter}(n), from the table where it reaches: with RocksDB every visit to a combination
     * reads its state, and the table spares it a power.
     */
    double weightOf(long n) {
        float[] table = weights();
        return n >= 0 && n < table.length ? table[(int) n] : weightAfter(n);
    }

    private float[] weights() {
        float[] table = weights;
        if (table == null) {
            table = weightTable();
            weights = table;
        }
        return table;
    }

    private float[] weightTable() {
        int n = (int) Math.min(MAX_WEIGHT_BUCKETS, Math.ceil(20 / baselineAlpha));
        float[] table = new float[n + 1];
        for (int i = 0; i <= n; i++) {
            table[i] = (float) weightAfter(i);
        }
        return table;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CombinationStateLayout other
                && bucketMillis == other.bucketMillis
                && longestHorizonMillis == other.longestHorizonMillis
                && Double.compare(baselineAlpha, other.baselineAlpha) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucketMillis, longestHorizonMillis, baselineAlpha);
    }

    @Override
    public String toString() {
        return "bucket " + bucketMillis + " ms, longest horizon " + longestHorizonMillis + " ms, alpha "
                + baselineAlpha;
    }
}
