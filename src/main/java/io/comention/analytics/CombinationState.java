package io.comention.analytics;

import io.comention.model.EntityRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything kept per combination: event-time buckets (bucket start in epoch ms → articles), the running
 * total, the latest event time seen, the sources that named it, its BURST baseline, the alert
 * bookkeeping, and a few recent articles to quote in alerts. A mutable POJO so Flink stores it without
 * Kryo; {@link CoMentionCounter} holds the logic.
 */
public class CombinationState {
    public List<EntityRef> entities = new ArrayList<>();
    /** Start (epoch ms) of each bucket holding articles, ascending; {@link #bucketCounts} is parallel. */
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

    /** The most recent articles, newest first, at most {@link CoMentionCounter#MAX_SAMPLES}. */
    public List<SampleArticle> samples = new ArrayList<>();

    public CombinationState() {}

    /** Adds one article to the bucket starting at {@code start}; returns the bucket's new count. */
    public long addToBucket(long start) {
        int i = java.util.Arrays.binarySearch(bucketStarts, start);
        if (i >= 0) {
            return ++bucketCounts[i];
        }
        int at = -i - 1;
        int n = bucketStarts.length;
        long[] starts = new long[n + 1];
        long[] counts = new long[n + 1];
        System.arraycopy(bucketStarts, 0, starts, 0, at);
        System.arraycopy(bucketCounts, 0, counts, 0, at);
        starts[at] = start;
        counts[at] = 1;
        System.arraycopy(bucketStarts, at, starts, at + 1, n - at);
        System.arraycopy(bucketCounts, at, counts, at + 1, n - at);
        bucketStarts = starts;
        bucketCounts = counts;
        return 1;
    }

    /** Articles in the bucket starting at {@code start}. */
    public long countAt(long start) {
        int i = java.util.Arrays.binarySearch(bucketStarts, start);
        return i >= 0 ? bucketCounts[i] : 0;
    }

    /** Articles in the buckets starting in [{@code start}, {@code end}). */
    public long countBetween(long start, long end) {
        int i = java.util.Arrays.binarySearch(bucketStarts, start);
        if (i < 0) {
            i = -i - 1;
        }
        long sum = 0;
        for (; i < bucketStarts.length && bucketStarts[i] < end; i++) {
            sum += bucketCounts[i];
        }
        return sum;
    }

    /** Forgets the buckets starting before {@code start}. */
    public void dropBucketsBefore(long start) {
        int i = java.util.Arrays.binarySearch(bucketStarts, start);
        int from = i >= 0 ? i : -i - 1;
        if (from > 0) {
            bucketStarts = java.util.Arrays.copyOfRange(bucketStarts, from, bucketStarts.length);
            bucketCounts = java.util.Arrays.copyOfRange(bucketCounts, from, bucketCounts.length);
        }
    }

    /** How many buckets hold articles. */
    public int bucketsHeld() {
        return bucketStarts.length;
    }
}
