package io.comention.analytics;

import java.io.Serializable;
import java.time.Duration;

/**
 * How BURST alerts are scored. At each bucket close the count over {@code horizon} is compared with
 * what the combination's own baseline predicts for that horizon: an exponentially weighted mean and
 * variance of its count per bucket, with memory {@code halfLife}. The score is
 * {@code (count − expected) / sqrt(max(variance, expected) + noiseFloor²)}: the variance is at least the
 * Poisson variance, and the noise floor keeps a combination with no history from scoring infinite.
 * An alert needs at least {@code minCount} articles and a score of at least {@code minScore}.
 */
public record BurstSettings(
        boolean enabled, Duration horizon, int minCount, double minScore, double noiseFloor, Duration halfLife)
        implements Serializable {

    public static BurstSettings defaults() {
        return new BurstSettings(true, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(24));
    }
}
