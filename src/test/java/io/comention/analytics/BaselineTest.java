package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BaselineTest {

    static final long BUCKET = Duration.ofMinutes(5).toMillis();
    static final Duration HALF_LIFE = Duration.ofHours(24);

    @Test
    void foldingAGapInOneStepEqualsFoldingEachEmptyBucket() {
        Random random = new Random(7);
        long[] counts = new long[2_000];
        for (int i = 0; i < counts.length; i++) {
            // mostly quiet, with busy stretches and long gaps
            counts[i] = random.nextInt(10) < 2 ? 1 + random.nextInt(i % 300 < 20 ? 40 : 4) : 0;
        }
        CombinationState sparse = new CombinationState();
        int active = 0;
        for (long c : counts) {
            active += c > 0 ? 1 : 0;
        }
        sparse.bucketStarts = new long[active];
        sparse.bucketCounts = new long[active];
        for (int i = 0, k = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                sparse.bucketStarts[k] = i * BUCKET;
                sparse.bucketCounts[k++] = counts[i];
            }
        }
        CombinationState stepwise = new CombinationState();
        Baseline.start(sparse, 0, -Duration.ofDays(2).toMillis(), BUCKET, HALF_LIFE);
        Baseline.start(stepwise, 0, -Duration.ofDays(2).toMillis(), BUCKET, HALF_LIFE);
        double alpha = Baseline.alpha(BUCKET, HALF_LIFE);

        // folded in uneven steps, as bucket closes would
        for (int upTo = 0; upTo <= counts.length; upTo += 1 + random.nextInt(50)) {
            Baseline.foldUpTo(sparse, upTo * BUCKET, BUCKET, HALF_LIFE);
        }
        Baseline.foldUpTo(sparse, counts.length * BUCKET, BUCKET, HALF_LIFE);
        for (long c : counts) {
            Baseline.foldOne(stepwise, c, alpha);
        }
        stepwise.baselineMean = Math.max(0, stepwise.baselineMean);

        assertThat(sparse.baselineFoldedUpTo).isEqualTo(counts.length * BUCKET);
        assertThat(sparse.baselineMean).isCloseTo(stepwise.baselineMean, within(1e-9));
        assertThat(sparse.baselineVariance).isCloseTo(stepwise.baselineVariance, within(1e-9));
        assertThat(sparse.baselineWeight).isCloseTo(stepwise.baselineWeight, within(1e-12));
        assertThat(stepwise.baselineMean).isGreaterThan(0.1); // the check compares something real
    }
}
