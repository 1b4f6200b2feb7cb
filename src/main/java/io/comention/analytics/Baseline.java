package io.comention.analytics;

import java.time.Duration;

/**
 * A combination's own baseline for BURST scoring: the exponentially weighted mean and variance of its
 * count per bucket, folded in bucket by bucket (empty buckets included) once a bucket has left the burst
 * window, so the window being scored never feeds its own baseline. The weight of a bucket halves every
 * {@code halfLife}. Early on the estimates are divided by the weight folded so far, {@code 1 − (1 − α)^n} for n
 * buckets, which removes the pull towards the zero they start from.
 */
public final class Baseline {

    /** Folded bucket counts are clipped this many standard deviations above the baseline. */
    static final double CLIP_SIGMAS = 3.0;

    private Baseline() {}

    /**
     * Starts a new combination's baseline: quiet (zero) since {@code observedSince}, the time the job
     * began watching, with the weight that much quiet time carries.
     */
    public static void start(
            CombinationState s, long firstBucket, long observedSince, long bucketMillis, Duration halfLife) {
        long quietBuckets = Math.max(0, (firstBucket - observedSince) / bucketMillis);
        s.baselineWeight = 1 - Math.pow(1 - alpha(bucketMillis, halfLife), quietBuckets);
        s.baselineFoldedUpTo = firstBucket;
    }

    /**
     * Folds every bucket starting before {@code upTo} (epoch ms) that is not folded yet. A bucket far
     * above the baseline (a burst) is clipped first, so one breaking story does not blind the baseline
     * to the next.
     */
    public static void foldUpTo(CombinationState s, long upTo, long bucketMillis, Duration halfLife) {
        long from = s.baselineFoldedUpTo;
        if (from == Long.MIN_VALUE || from >= upTo) {
            return;
        }
        double alpha = alpha(bucketMillis, halfLife);
        long[] starts = s.bucketStarts;
        int next = 0; // the first bucket holding articles at or after `from` (the starts are ascending)
        while (from < upTo) {
            while (next < starts.length && starts[next] < from) {
                next++;
            }
            if (next < starts.length && starts[next] == from) {
                foldOne(s, s.bucketCounts[next], alpha);
                from += bucketMillis;
            } else {
                // a run of empty buckets: folding k zeros in one step (the clip never lowers a zero)
                long runEnd = next < starts.length ? Math.min(starts[next], upTo) : upTo;
                long k = (runEnd - from + bucketMillis - 1) / bucketMillis;
                foldZeros(s, k, alpha);
                from += k * bucketMillis;
            }
        }
        s.baselineFoldedUpTo = from;
        s.baselineMean = Math.max(0, s.baselineMean);
    }

    static void foldOne(CombinationState s, long articles, double alpha) {
        double ceiling =
                correctedMean(s) + CLIP_SIGMAS * Math.sqrt(Math.max(correctedVariance(s), correctedMean(s))) + 1;
        double x = Math.min(articles, ceiling);
        double diff = x - s.baselineMean;
        double increment = alpha * diff;
        s.baselineMean += increment;
        s.baselineVariance = (1 - alpha) * (s.baselineVariance + diff * increment);
        s.baselineWeight += alpha * (1 - s.baselineWeight);
    }

    /**
     * {@link #foldOne} applied {@code k} times with no articles, in closed form: with q = (1 − α)^k the
     * mean becomes m·q, the variance q·(v + m²·(1 − q)) and the weight 1 − (1 − w)·q. A quiet
     * combination then costs one step per gap instead of one per empty bucket.
     */
    private static void foldZeros(CombinationState s, long k, double alpha) {
        double q = Math.pow(1 - alpha, k);
        double m = s.baselineMean;
        s.baselineVariance = q * (s.baselineVariance + m * m * (1 - q));
        s.baselineMean = m * q;
        s.baselineWeight = 1 - (1 - s.baselineWeight) * q;
    }

    /** The weight of the newest bucket in the moving averages: half of it is gone after {@code halfLife}. */
    public static double alpha(long bucketMillis, Duration halfLife) {
        return 1 - Math.pow(0.5, (double) bucketMillis / halfLife.toMillis());
    }

    /** The articles expected in {@code buckets} consecutive buckets. */
    public static double expected(CombinationState s, long buckets) {
        return correctedMean(s) * buckets;
    }

    /** How many standard deviations {@code count} lies above what the baseline expects. */
    public static double score(CombinationState s, long count, long buckets, double noiseFloor) {
        double expected = expected(s, buckets);
        double variance = Math.max(correctedVariance(s) * buckets, expected) + noiseFloor * noiseFloor;
        return (count - expected) / Math.sqrt(variance);
    }

    static double correctedMean(CombinationState s) {
        return s.baselineWeight == 0 ? 0.0 : s.baselineMean / s.baselineWeight;
    }

    static double correctedVariance(CombinationState s) {
        return s.baselineWeight == 0 ? 0.0 : s.baselineVariance / s.baselineWeight;
    }
}
