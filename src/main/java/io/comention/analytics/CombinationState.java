package io.comention.analytics;

import io.comention.model.EntityRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything kept per combination: event-time buckets (bucket starts in epoch ms, ascending, with their
 * article counts, as two parallel arrays: a few longs instead of a boxed map per bucket), the running
 * total, the latest event time seen, the sources that named it, its BURST baseline, the alert
 * bookkeeping, and a few recent articles to quote in alerts. A mutable POJO so Flink stores it without
 * Kryo; {@link CoMentionCounter} holds the logic.
 */
public class CombinationState {
    public List<EntityRef> entities = new ArrayList<>();
    /** Starts (epoch ms) of the buckets holding articles, ascending; {@link #bucketCounts} runs in parallel. */
    public long[] bucketStarts = new long[0];
    public long[] bucketCounts = new long[0];
    public long total;
    public long lateArticles;
    public long latestEventTime = Long.MIN_VALUE;
    /** source → latest event time (epoch ms) it named this combination; at most MAX_SOURCES entries. */
    public Map<String, Long> sourceLastSeen = new HashMap<>();

    /** BURST baseline: exponentially weighted mean and variance of the count per bucket. */
    public double baselineMean;
    public double baselineVariance;
    /** Total weight of the folded buckets, 1 − (1 − α)^n: divides out the start-up pull towards zero. */
    public double baselineWeight;
    /** Buckets starting before this time (epoch ms) are folded into the baseline. */
    public long baselineFoldedUpTo = Long.MIN_VALUE;

    /** "kind:rule" → end (epoch ms) of the last window alerted on, for the cooldown. */
    public Map<String, Long> lastAlertWindowEnd = new HashMap<>();
    /** "kind:rule" of rules that fired and have not yet fallen back below their trigger. */
    public List<String> disarmed = new ArrayList<>();
    /** End (epoch ms) of the last closed bucket that held articles, for FIRST_SEEN. */
    public long lastActiveBucketEnd = Long.MIN_VALUE;

    /** Articles whose bucket has not closed yet: they join the sources and samples when it does. */
    public List<SampleArticle> arrived = new ArrayList<>();

    /** The most recent articles, newest first, at most {@link CoMentionCounter#MAX_SAMPLES}. */
    public List<SampleArticle> samples = new ArrayList<>();

    /** Bucket boundaries (epoch ms, ascending) at which the combination is still to be evaluated. */
    public long[] pendingCloses = new long[0];
    /** The one event-time timer the operator has registered for this combination (epoch ms; none: MIN_VALUE). */
    public long pendingTimer = Long.MIN_VALUE;

    public CombinationState() {}
}
