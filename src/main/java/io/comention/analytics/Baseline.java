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
    public static void start(CombinationState s, long firstBucket, long observedSince, long bucketMillis, Duration halfLife) {
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
        for (long b = from; b < upTo; b += bucketMillis) {
            double ceiling = correctedMean(s) + CLIP_SIGMAS * Math.sqrt(Math.max(correctedVariance(s), correctedMean(s))) + 1;
            double x = Math.min(s.buckets.getOrDefault(b, 0L), ceiling);
            double diff = x - s.baselineMean;
            double increment = alpha * diff;
            s.baselineMean += increment;
            s.baselineVariance = (1 - alpha) * (s.baselineVariance + diff * increment);
            s.baselineWeight += alpha * (1 - s.baselineWeight);
            from = b + bucketMillis;
        }
        s.baselineFoldedUpTo = from;
        s.baselineMean = Math.max(0, s.baselineMean);
    }

    static double alpha(long bucketMillis, Duration halfLife) {
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
