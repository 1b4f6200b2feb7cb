package io.comention.analytics;

import io.comention.model.Durations;
import io.comention.model.Alert;
import io.comention.model.Alert.AlertKind;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.CountUpdate;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts one combination in event time and decides its alerts. Pure logic over a
 * {@link CombinationState}; the Flink operator stores the state and drives the clock with timers.
 *
 * <p><b>Counts.</b> Each article lands in the fixed-size bucket holding its event time. The count over a
 * horizon H as of a bucket boundary E is the sum of the buckets starting in [E − H, E). Buckets that no
 * horizon reaches any more are dropped. Next to the count, the distinct sources that named the
 * combination in the horizon.
 *
 * <p><b>Closing buckets.</b> Nothing is decided on arrival: when the watermark passes the end E of a
 * bucket that holds articles (and each later boundary where that bucket leaves a horizon), the
 * combination is evaluated as of E ({@link #closeBucket}). Given the watermark's bound on lateness,
 * every article before E has arrived by then, so counts and alerts are the same whatever order the
 * partitions' articles were interleaved in, and a replay after a failure yields the same alert ids.
 * The price is latency: an alert waits for its bucket to close (bucket size plus the watermark's
 * out-of-orderness). The counts topic therefore gets at most one update per combination per bucket.
 *
 * <p><b>Late articles.</b> An article behind the watermark still counts in its bucket and its bucket
 * is evaluated again at the next watermark. An article older than the longest horizon behind the newest
 * time this combination has seen (its latest article or the watermark) only adds to the running total
 * and to {@code lateArticles}.
 *
 * <p><b>Alerts</b>, each with a cooldown per (kind, rule, combination) and re-armed only once the
 * combination falls back below the trigger:
 * <ul>
 *   <li>WATCH — a watch rule's combination reaches the rule's threshold over the rule's horizon.
 *   <li>BURST — the count over the burst horizon is improbably high against the combination's own
 *       baseline ({@link Baseline}, {@link BurstSettings}).
 *   <li>FIRST_SEEN — a combination made only of one watchlist's entities has articles in the closing
 *       bucket and none in the watchlist's look-back before it.
 * </ul>
 * The alert id hashes (kind, rule, combination, window).
 */
public final class CoMentionCounter implements Serializable {

    private static final long serialVersionUID = 2L;

    /** Sample articles kept per combination and quoted per alert. */
    public static final int MAX_SAMPLES = 5;

    /** Event-time order, ties by article id: the order articles are applied in, whatever order they came. */
    private static final Comparator<SampleArticle> ARRIVAL_ORDER =
            Comparator.comparingLong(SampleArticle::eventTime).thenComparing(a -> a.article().id());

    private static final Comparator<SampleArticle> NEWEST_FIRST =
            Comparator.comparingLong(SampleArticle::eventTime).reversed();

    /** Sources remembered per combination; beyond this the one seen longest ago is forgotten. */
    public static final int MAX_SOURCES = 64;

    private final long bucketMillis;
    private final List<Horizon> horizons;
    private final long longestMillis;
    private final long retentionMillis;

    /**
     * @param bucket the bucket size; every horizon must be a multiple of it
     * @param horizons the horizons counted, e.g. 15m, 1h, 24h
     * @param retention how long a combination is remembered after its longest horizon has emptied
     */
    public CoMentionCounter(Duration bucket, List<Horizon> horizons, Duration retention) {
        if (horizons.isEmpty()) {
            throw new IllegalArgumentException("at least one horizon is required");
        }
        this.bucketMillis = bucket.toMillis();
        this.horizons = horizons.stream().sorted(Comparator.comparing(Horizon::length)).toList();
        for (Horizon h : this.horizons) {
            if (h.length().toMillis() % bucketMillis != 0) {
                throw new IllegalArgumentException(
                        "horizon " + h.label() + " is not a multiple of the bucket size " + Durations.format(bucket));
            }
        }
        this.longestMillis = this.horizons.get(this.horizons.size() - 1).length().toMillis();
        this.retentionMillis = retention.toMillis();
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    /**
     * Adds one article to its combination.
     *
     * @param watermark the current event-time watermark in epoch ms ({@code Long.MIN_VALUE} if none)
     * @return the bucket boundaries (epoch ms) at which to call {@link #closeBucket}, empty when the
     *     article was too late to count in any horizon
     */
    public long[] add(CombinationState state, CombinationEvent event, long watermark) {
        long t = event.eventTime().toEpochMilli();
        if (state.entities.isEmpty()) {
            state.entities = new ArrayList<>(event.entities());
        }
        long newest = Math.max(state.latestEventTime, watermark);
        boolean late = newest != Long.MIN_VALUE && bucketStart(t) < bucketEnd(newest) - longestMillis;
        // a late article moves this only when it is the combination's first, so expiry still follows
        state.latestEventTime = Math.max(state.latestEventTime, t);
        if (late) {
            state.total++;
            state.lateArticles++;
            return new long[0];
        }
        addToBucket(state, bucketStart(t));
        // the total, sources and samples wait for the bucket to close: see applyArrived
        state.arrived.add(new SampleArticle(event.article(), t));
        long end = bucketEnd(t);
        long[] closes = new long[horizons.size() + 1];
        closes[0] = end;
        for (int i = 0; i < horizons.size(); i++) {
            closes[i + 1] = end + horizons.get(i).length().toMillis();
        }
        return closes;
    }

    /** What evaluating a combination at a bucket boundary produced. */
    public record Closed(CountUpdate update, List<Alert> alerts) {}

    /** Evaluates the combination as of bucket boundary {@code end}: its counts and every alert rule. */
    public Closed closeBucket(
            String key, CombinationState state, long end, AlertRules rules, long observedSince, Instant now) {
        applyArrived(state, end);
        BurstSettings burst = rules.burst();
        if (state.baselineFoldedUpTo == Long.MIN_VALUE && state.bucketStarts.length > 0) {
            // started at the first close, from the earliest bucket: by then every article before this
            // boundary has arrived, so the start does not depend on which article happened to come first
            Baseline.start(state, state.bucketStarts[0], observedSince, bucketMillis, burst.halfLife());
        }
        if (burst.enabled()) {
            Baseline.foldUpTo(state, end - burst.horizon().toMillis(), bucketMillis, burst.halfLife());
        }
        prune(state, end - bucketMillis, burst.enabled());
        List<Alert> alerts = new ArrayList<>();
        long cooldown = rules.cooldown().toMillis();

        for (WatchRule rule : rules.watchRulesFor(key)) {
            long h = rule.horizon().toMillis();
            long count = countBetween(state, end - h, end);
            double baseline = baselinePerHorizon(state, h, end);
            double score = (count - baseline) / Math.sqrt(Math.max(baseline, 1.0));
            if (trigger(state, "WATCH:" + rule.id(), count >= rule.threshold(), end, cooldown)) {
                alerts.add(alert(AlertKind.WATCH, rule.id(), key, state, end - h, end, count, baseline, score, now,
                        Explanations.watch(state.entities, count, rule.horizon(), baseline)));
            }
        }

        if (burst.enabled()) {
            long h = burst.horizon().toMillis();
            long count = countBetween(state, end - h, end);
            double expected = Baseline.expected(state, h / bucketMillis);
            double score = Baseline.score(state, count, h / bucketMillis, burst.noiseFloor());
            boolean warm = end >= observedSince + burst.warmUp().toMillis();
            boolean high = warm && count >= burst.minCount() && score >= burst.minScore();
            if (trigger(state, "BURST:burst", high, end, cooldown)) {
                alerts.add(alert(AlertKind.BURST, "burst", key, state, end - h, end, count, expected, score, now,
                        Explanations.burst(state.entities, count, burst.horizon(), expected)));
            }
        }

        long activeStart = end - bucketMillis;
        long active = countAt(state, activeStart);
        if (active > 0) {
            for (Watchlist list : rules.watchlists()) {
                boolean firstInLookback = state.lastActiveBucketEnd == Long.MIN_VALUE
                        || activeStart - state.lastActiveBucketEnd >= list.lookback().toMillis();
                if (firstInLookback && list.covers(state.entities)) {
                    alerts.add(alert(AlertKind.FIRST_SEEN, list.id(), key, state, activeStart, end, active, 0.0, 0.0, now,
                            Explanations.firstSeen(state.entities, active, list.lookback())));
                }
            }
            state.lastActiveBucketEnd = Math.max(state.lastActiveBucketEnd, end);
        }
        return new Closed(snapshot(key, state, end, now), alerts);
    }

    /**
     * Adds the articles before {@code end} to the running total, the sources and the samples, in
     * event-time order (ties by id), and keeps later ones waiting. Applied on arrival, an article from
     * after the closing bucket would already raise the total, move its source's last-seen time and push
     * older samples out, so an update's {@code total} and an alert's {@code sources} and
     * {@code articles} would depend on how far ahead of the watermark the input ran.
     */
    private static void applyArrived(CombinationState state, long end) {
        if (state.arrived.isEmpty()) {
            return;
        }
        int dueCount = 0;
        for (SampleArticle a : state.arrived) {
            dueCount += a.eventTime() < end ? 1 : 0;
        }
        if (dueCount == 0) {
            return;
        }
        List<SampleArticle> due;
        List<SampleArticle> later;
        if (dueCount == state.arrived.size()) { // the usual case: everything waiting was for this bucket
            due = state.arrived;
            later = new ArrayList<>();
        } else {
            due = new ArrayList<>(dueCount);
            later = new ArrayList<>(state.arrived.size() - dueCount);
            for (SampleArticle a : state.arrived) {
                (a.eventTime() < end ? due : later).add(a);
            }
        }
        if (due.size() > 1) {
            due.sort(ARRIVAL_ORDER);
        }
        state.total += due.size();
        for (SampleArticle a : due) {
            rememberSource(state, a.article().source(), a.eventTime());
            rememberSample(state, a);
        }
        state.arrived = later;
    }

    /**
     * Whether a rule fires now: its condition holds, it is armed (it fell back below the trigger since it
     * last fired) and the cooldown since the last window it alerted on has passed. Keeps the bookkeeping.
     */
    private static boolean trigger(CombinationState state, String ruleKey, boolean condition, long end, long cooldown) {
        if (!condition) {
            state.disarmed.remove(ruleKey);
            return false;
        }
        if (state.disarmed.contains(ruleKey)) {
            return false;
        }
        Long last = state.lastAlertWindowEnd.get(ruleKey);
        if (last != null && end < last + cooldown) {
            return false;
        }
        state.disarmed.add(ruleKey);
        state.lastAlertWindowEnd.put(ruleKey, end);
        return true;
    }

    private Alert alert(AlertKind kind, String rule, String key, CombinationState state, long windowStart,
            long windowEnd, long count, double baseline, double score, Instant now, String explanation) {
        List<ArticleRef> articles = state.samples.stream()
                .filter(s -> s.eventTime() >= windowStart && s.eventTime() < windowEnd)
                .map(SampleArticle::article)
                .toList();
        return new Alert(
                alertId(kind, rule, key, windowStart, windowEnd),
                kind,
                rule,
                key,
                List.copyOf(state.entities),
                Instant.ofEpochMilli(windowStart),
                Instant.ofEpochMilli(windowEnd),
                count,
                round1(baseline),
                round1(score),
                distinctSources(state, windowStart, windowEnd),
                null,
                explanation,
                articles,
                now);
    }

    /** The counts of a combination as of bucket boundary {@code end} (epoch ms). */
    public CountUpdate snapshot(String key, CombinationState state, long end, Instant now) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Horizon h : horizons) {
            counts.put(h.label(), countBetween(state, end - h.length().toMillis(), end));
        }
        long shortest = horizons.get(0).length().toMillis();
        return new CountUpdate(
                key,
                List.copyOf(state.entities),
                state.entities.size(),
                counts,
                state.total,
                round1(baselinePerHorizon(state, shortest, end)),
                distinctSources(state, end - longestMillis, end),
                now);
    }

    /**
     * Drops buckets that no horizon reaches any more as of the bucket holding {@code newest} (epoch ms),
     * except, when {@code keepUnfolded}, those the baseline has not seen yet.
     */
    void prune(CombinationState state, long newest, boolean keepUnfolded) {
        long oldestKept = bucketEnd(newest) - longestMillis;
        if (keepUnfolded && state.baselineFoldedUpTo != Long.MIN_VALUE) {
            oldestKept = Math.min(oldestKept, state.baselineFoldedUpTo);
        }
        long keepFrom = oldestKept;
        int drop = 0;
        while (drop < state.bucketStarts.length && state.bucketStarts[drop] < keepFrom) {
            drop++;
        }
        if (drop == 0) {
            // samples and sources are only ever as old as the buckets they were counted in, and those
            // older than an earlier cut went with that cut's buckets: nothing to look at
            return;
        }
        state.bucketStarts = Arrays.copyOfRange(state.bucketStarts, drop, state.bucketStarts.length);
        state.bucketCounts = Arrays.copyOfRange(state.bucketCounts, drop, state.bucketCounts.length);
        state.samples.removeIf(s -> s.eventTime() < keepFrom);
        state.sourceLastSeen.values().removeIf(seen -> seen < keepFrom);
    }

    /** When a combination last seen at {@code latestEventTime} is forgotten altogether (epoch ms). */
    public long expiresAt(long latestEventTime) {
        return bucketEnd(latestEventTime) + longestMillis + retentionMillis;
    }

    long countBetween(CombinationState state, long start, long end) {
        long[] starts = state.bucketStarts;
        long sum = 0;
        for (int i = 0; i < starts.length && starts[i] < end; i++) {
            if (starts[i] >= start) {
                sum += state.bucketCounts[i];
            }
        }
        return sum;
    }

    /** The articles in the bucket starting at {@code start} (epoch ms). */
    static long countAt(CombinationState state, long start) {
        int i = Arrays.binarySearch(state.bucketStarts, start);
        return i < 0 ? 0 : state.bucketCounts[i];
    }

    private static void addToBucket(CombinationState state, long start) {
        long[] starts = state.bucketStarts;
        int i = Arrays.binarySearch(starts, start);
        if (i >= 0) {
            state.bucketCounts[i]++;
            return;
        }
        int at = -i - 1;
        state.bucketStarts = insert(starts, at, start);
        state.bucketCounts = insert(state.bucketCounts, at, 1);
    }

    private static long[] insert(long[] a, int at, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    /**
     * Remembers the boundaries {@link #add} asked for in the state itself, so the operator needs only one
     * timer per combination (at the earliest of them) instead of one per boundary.
     */
    public static void schedule(CombinationState state, long[] closes) {
        state.pendingCloses = SortedTimes.union(state.pendingCloses, closes);
    }

    /**
     * The time of the combination's next timer: its earliest pending close, or, with none left, the time it
     * is forgotten.
     */
    public long nextTimer(CombinationState state) {
        return state.pendingCloses.length > 0 ? state.pendingCloses[0] : expiresAt(state.latestEventTime);
    }

    static long distinctSources(CombinationState state, long start, long end) {
        long n = 0;
        for (long seen : state.sourceLastSeen.values()) {
            if (seen >= start && seen < end) {
                n++;
            }
        }
        return n;
    }

    /** The usual count per {@code horizonMillis} over the rest of the longest horizon before {@code end}. */
    private double baselinePerHorizon(CombinationState state, long horizonMillis, long end) {
        if (longestMillis <= horizonMillis) {
            return 0.0;
        }
        long inHorizon = countBetween(state, end - horizonMillis, end);
        long inLongest = countBetween(state, end - longestMillis, end);
        return (double) (inLongest - inHorizon) * horizonMillis / (longestMillis - horizonMillis);
    }

    private static void rememberSource(CombinationState state, String source, long t) {
        if (source == null || source.isBlank()) {
            return;
        }
        state.sourceLastSeen.merge(source, t, Math::max);
        if (state.sourceLastSeen.size() > MAX_SOURCES) {
            state.sourceLastSeen.entrySet().stream()
                    .min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> state.sourceLastSeen.remove(oldest.getKey()));
        }
    }

    private static void rememberSample(CombinationState state, SampleArticle sample) {
        state.samples.add(sample);
        state.samples.sort(NEWEST_FIRST);
        while (state.samples.size() > MAX_SAMPLES) {
            state.samples.remove(state.samples.size() - 1);
        }
    }

    long bucketStart(long t) {
        return Math.floorDiv(t, bucketMillis) * bucketMillis;
    }

    long bucketEnd(long t) {
        return bucketStart(t) + bucketMillis;
    }

    /** A pure function of (kind, rule, combination, window): the same input always gives the same id. */
    public static String alertId(AlertKind kind, String rule, String key, long windowStart, long windowEnd) {
        String identity = kind + "|" + rule + "|" + key + "|" + windowStart + "|" + windowEnd;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
