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
 *
 * <p>A combination first named after the job began watching is taken to have been quiet since then (a
 * baseline of zero with the weight of that quiet time), so a brand-new pairing can burst. During the
 * first {@code warmUp} of watching nothing can burst: every combination is new then, busy ones too.
 * The defaults are in the bundled {@code comention.yaml} ({@code alerts.burst}).
 */
public record BurstSettings(
        boolean enabled,
        Duration horizon,
        int minCount,
        double minScore,
        double noiseFloor,
        Duration halfLife,
        Duration warmUp)
        implements Serializable {}
