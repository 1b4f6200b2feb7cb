package io.comention.analytics;

import io.comention.model.Alert;
import io.comention.model.Alert.AlertKind;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.CountUpdate;
import io.comention.model.Durations;
import io.comention.model.EntityRef;
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
import java.util.List;
import java.util.Map;

/**
 * Counts one combination in event time and decides its alerts on arrival. Pure logic over a
 * {@link CombinationState}; the Flink operator stores the state and publishes what it returns.
 *
 * <p><b>Counts.</b> Each article lands in the fixed-size bucket holding its event time. The count over a
 * horizon H as of a bucket boundary E is the sum of the buckets starting in [E − H, E). Buckets that no
 * horizon reaches any more are dropped. Next to the count, the distinct sources that named the
 * combination in the horizon.
 *
 * <p><b>Deciding on arrival.</b> Each article is counted when it arrives ({@link #add}) and every alert
 * rule is evaluated at once, as of the end E of the combination's newest bucket: the count so far in
 * [E − H, E).
 * Nothing waits for the watermark. Exactly-once does not need waiting: after a failure Flink restores
 * the state and rewinds the sources, and output written after the last checkpoint is aborted, so a
 * decision is never published twice. The decisions depend only on this combination's articles in the
 * order they arrived (never on the watermark or the wall clock), so the same input in the same order
 * yields the same alerts. Event time still says which bucket an article belongs to and when a bucket
 * leaves a horizon ({@link #horizonExits}); the operator publishes the falling counts then.
 *
 * <p><b>Late articles.</b> An article in an earlier bucket than this combination's newest still counts
 * in its own bucket. Inside a rule's current window it is judged in that window, so articles arriving out
 * of order add up as if they had come in order; older than that, it is judged as of its own bucket's
 * end, so it can still raise an alert. One older than the longest horizon behind the combination's newest
 * article only adds to the running total and to {@code lateArticles}.
 *
 * <p><b>Alerts</b>, each with a cooldown per (kind, rule, combination) and re-armed only once the
 * combination was below the trigger (checked as of each arrival, before the article is counted: between
 * two arrivals a count can only fall):
 * <ul>
 *   <li>WATCH — the article that brings a watch rule's combination to the rule's threshold over the
 *       rule's horizon.
 *   <li>BURST — the article with which the count so far over the burst horizon is improbably high
 *       against the combination's own baseline ({@link Baseline}, {@link BurstSettings}); the baseline
 *       learns from buckets that have left the burst horizon.
 *   <li>FIRST_SEEN — the first article naming a combination made only of one watchlist's entities
 *       after none in the watchlist's look-back.
 * </ul>
 * The alert id hashes (kind, rule, combination, window); a rule fires at most once per window.
 * Alerts claim only the history the job has seen: "since tracking began 4 minutes ago", not "in 7 days".
 */
public final class CoMentionCounter implements Serializable {

    private static final long serialVersionUID = 4L;

    /** Sample articles kept per combination and quoted per alert. */
    public static final int MAX_SAMPLES = 5;

    /** Sources remembered per combination; beyond this the one seen longest ago is forgotten. */
    public static final int MAX_SOURCES = 64;

    private static final Arrival LATE = new Arrival(List.of(), true);
    private static final Arrival NO_ALERTS = new Arrival(List.of(), false);

    private final long bucketMillis;
    private final List<Horizon> horizons;
    /** The horizons' lengths (ms), ascending, as {@link #horizons}. */
    private final long[] horizonMillis;
    /** The labels of the published counts in horizon order, each once (shared by every update). */
    private final String[] labels;
    /** The length (ms) each of {@link #labels} is counted over (of the last horizon with that label). */
    private final long[] labelMillis;

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
        this.horizons =
                horizons.stream().sorted(Comparator.comparing(Horizon::length)).toList();
        for (Horizon h : this.horizons) {
            if (h.length().toMillis() % bucketMillis != 0) {
                throw new IllegalArgumentException(
                        "horizon " + h.label() + " is not a multiple of the bucket size " + Durations.format(bucket));
            }
        }
        this.longestMillis =
                this.horizons.get(this.horizons.size() - 1).length().toMillis();
        this.retentionMillis = retention.toMillis();
        this.horizonMillis = new long[this.horizons.size()];
        String[] l = new String[this.horizons.size()];
        long[] m = new long[this.horizons.size()];
        int n = 0;
        for (int i = 0; i < this.horizons.size(); i++) {
            Horizon h = this.horizons.get(i);
            horizonMillis[i] = h.length().toMillis();
            // a label counted twice keeps its first place and its last length, as a LinkedHashMap filled in order would
            int at = Arrays.asList(l).subList(0, n).indexOf(h.label());
            if (at < 0) {
                at = n++;
                l[at] = h.label();
            }
            m[at] = horizonMillis[i];
        }
        this.labels = Arrays.copyOf(l, n);
        this.labelMillis = Arrays.copyOf(m, n);
    }

    /** The longest horizon (ms): a bucket's last exit comes this long after its end. */
    public long longestHorizonMillis() {
        return longestMillis;
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    /** What one article's arrival did to its combination: the alerts it raised, and whether it came too late to count in any horizon. */
    public record Arrival(List<Alert> alerts, boolean late) {}

    /**
     * Counts one article and evaluates every alert rule as of the end of its bucket.
     *
     * @param observedSince the event time (epoch ms) the job began watching: no alert claims history before it
     * @param now the wall-clock time stamped on alerts
     */
    public Arrival add(
            String key,
            CombinationState state,
            CombinationEvent event,
            AlertRules rules,
            long observedSince,
            Instant now) {
        return add(
                key,
                state,
                event,
                new SampleArticle(event.article(), event.eventTime().toEpochMilli()),
                rules,
                observedSince,
                now);
    }

    /**
     * {@link #add}, with the article's {@code sample} made by the caller: one instance shared by all the
     * combinations of an article (it is immutable) instead of one per combination kept in each state.
     */
    public Arrival add(
            String key,
            CombinationState state,
            CombinationEvent event,
            SampleArticle sample,
            AlertRules rules,
            long observedSince,
            Instant now) {
        long t = event.eventTime().toEpochMilli();
        if (state.entities.isEmpty()) {
            // immutable: every count update of the combination can share it
            state.entities = List.copyOf(event.entities());
        }
        migrateSources(state);
        applyHeldBack(state);
        long previousLatest = state.latestEventTime;
        boolean late = previousLatest != Long.MIN_VALUE && bucketStart(t) < bucketEnd(previousLatest) - longestMillis;
        state.latestEventTime = Math.max(previousLatest, t);
        state.total++;
        if (late) {
            state.lateArticles++;
            return LATE;
        }
        BurstSettings burst = rules.burst();
        prune(state, state.latestEventTime, burst.enabled());
        long start = bucketStart(t);
        long end = start + bucketMillis;
        addToBucket(state, start);
        rememberSource(state, event.article().source(), t);
        rememberSample(
                state,
                sample.eventTime() == t && sample.article() == event.article()
                        ? sample
                        : new SampleArticle(event.article(), t));
        if (state.baselineFoldedUpTo == Long.MIN_VALUE) {
            Baseline.start(state, start, observedSince, bucketMillis, burst.halfLife());
        }
        if (burst.enabled()) {
            // buckets that have left the burst horizon are complete as far as the current window is concerned
            Baseline.foldUpTo(
                    state,
                    bucketEnd(state.latestEventTime) - burst.horizon().toMillis(),
                    bucketMillis,
                    burst.halfLife());
        }
        toFloatPrecision(state);
        List<Alert> alerts = evaluate(key, state, event, t, end, previousLatest, rules, observedSince, now);
        return alerts.isEmpty() ? NO_ALERTS : new Arrival(alerts, false);
    }

    /**
     * The end of the window a rule over {@code horizonMillis} judges the article in bucket
     * {@code [end − bucket, end)} by: the combination's current window (ending with its newest article's
     * bucket) while the article lies inside it, so articles that arrive out of order still add up;
     * otherwise the article's own window, in which it can still raise an alert.
     */
    private long windowEnd(CombinationState state, long end, long horizonMillis) {
        long newestEnd = bucketEnd(state.latestEventTime);
        return end - bucketMillis >= newestEnd - horizonMillis ? newestEnd : end;
    }

    /** Every rule, for the article at {@code t} in the bucket ending at {@code articleEnd} that was just counted. */
    private List<Alert> evaluate(
            String key,
            CombinationState state,
            CombinationEvent event,
            long t,
            long articleEnd,
            long previousLatest,
            AlertRules rules,
            long observedSince,
            Instant now) {
        List<Alert> alerts = null;
        long cooldown = rules.cooldown().toMillis();

        for (WatchRule rule : rules.watchRulesFor(key)) {
            long h = rule.horizon().toMillis();
            long end = windowEnd(state, articleEnd, h);
            long count = countBetween(state, end - h, end);
            String ruleKey = "WATCH:" + rule.id();
            if (count - 1 < rule.threshold()) {
                state.disarmed.remove(ruleKey); // it was below the threshold before this article
            }
            if (count >= rule.threshold() && trigger(state, ruleKey, end, cooldown)) {
                Explanations.Usual usual = usual(state, h, end, observedSince);
                double baseline = usual == null ? 0.0 : usual.perHorizon();
                double score = (count - baseline) / Math.sqrt(Math.max(baseline, 1.0));
                Duration tracked = Duration.ofMillis(Math.max(0, t - observedSince));
                alerts = added(
                        alerts,
                        alert(
                                AlertKind.WATCH,
                                rule.id(),
                                key,
                                state,
                                event,
                                end - h,
                                end,
                                count,
                                baseline,
                                score,
                                now,
                                Explanations.watch(state.entities, count, rule.horizon(), usual, tracked)));
            }
        }

        BurstSettings burst = rules.burst();
        if (burst.enabled()) {
            long h = burst.horizon().toMillis();
            long end = windowEnd(state, articleEnd, h);
            long count = countBetween(state, end - h, end);
            long buckets = h / bucketMillis;
            boolean warm = t >= observedSince + burst.warmUp().toMillis();
            String ruleKey = "BURST:burst";
            if (!(warm && isBurst(state, count - 1, buckets, burst))) {
                state.disarmed.remove(ruleKey);
            }
            if (warm && isBurst(state, count, buckets, burst) && trigger(state, ruleKey, end, cooldown)) {
                double expected = Baseline.expected(state, buckets);
                double score = Baseline.score(state, count, buckets, burst.noiseFloor());
                Duration tracked = Duration.ofMillis(Math.max(0, t - observedSince));
                boolean partial = tracked.compareTo(burst.halfLife()) < 0;
                alerts = added(
                        alerts,
                        alert(
                                AlertKind.BURST,
                                "burst",
                                key,
                                state,
                                event,
                                end - h,
                                end,
                                count,
                                expected,
                                score,
                                now,
                                Explanations.burst(
                                        state.entities, count, burst.horizon(), expected, tracked, partial)));
            }
        }

        long start = articleEnd - bucketMillis;
        long end = articleEnd;
        for (Watchlist list : rules.watchlists()) {
            boolean first = previousLatest == Long.MIN_VALUE
                    || start - bucketEnd(previousLatest) >= list.lookback().toMillis();
            boolean warm = t >= observedSince + rules.firstSeenWarmUp().toMillis();
            if (first && warm && list.covers(state.entities)) {
                long active = countAt(state, start);
                Duration tracked = Duration.ofMillis(Math.max(0, t - observedSince));
                alerts = added(
                        alerts,
                        alert(
                                AlertKind.FIRST_SEEN,
                                list.id(),
                                key,
                                state,
                                event,
                                start,
                                end,
                                active,
                                0.0,
                                0.0,
                                now,
                                Explanations.firstSeen(state.entities, active, list.lookback(), tracked)));
            }
        }
        return alerts == null ? List.of() : alerts;
    }

    private static List<Alert> added(List<Alert> alerts, Alert alert) {
        List<Alert> out = alerts == null ? new ArrayList<>(2) : alerts;
        out.add(alert);
        return out;
    }

    /**
     * Keeps the baseline to float precision (7 significant digits, ample for a score against a threshold):
     * the state then stores it in half the bytes, and a restored combination decides exactly as one that
     * stayed in memory.
     */
    static void toFloatPrecision(CombinationState state) {
        state.baselineMean = (float) state.baselineMean;
        state.baselineVariance = (float) state.baselineVariance;
        state.baselineWeight = (float) state.baselineWeight;
    }

    private static boolean isBurst(CombinationState state, long count, long buckets, BurstSettings burst) {
        return count >= burst.minCount()
                && Baseline.score(state, count, buckets, burst.noiseFloor()) >= burst.minScore();
    }

    /**
     * Applies articles that a savepoint of the version that decided at bucket close still held back:
     * they join the total, sources and samples like any other.
     */
    private static void applyHeldBack(CombinationState state) {
        if (state.arrived == null || state.arrived.isEmpty()) {
            return;
        }
        for (SampleArticle a : state.arrived) {
            state.total++;
            rememberSource(state, a.article().source(), a.eventTime());
            rememberSample(state, a);
        }
        state.arrived = CombinationState.NO_SAMPLES;
    }

    /**
     * Whether a rule whose condition holds fires now: it is armed (it was below the trigger since it last
     * fired) and the cooldown since the last window it alerted on has passed. Keeps the bookkeeping.
     */
    private static boolean trigger(CombinationState state, String ruleKey, long end, long cooldown) {
        if (state.disarmed.contains(ruleKey)) {
            return false;
        }
        Long last = state.lastAlertWindowEnd.get(ruleKey);
        // never twice for one window: the alert id is a function of it
        if (last != null && (end <= last || end < last + cooldown)) {
            return false;
        }
        state.disarmedToChange().add(ruleKey);
        state.lastAlertWindowEndToChange().put(ruleKey, end);
        return true;
    }

    private Alert alert(
            AlertKind kind,
            String rule,
            String key,
            CombinationState state,
            CombinationEvent trigger,
            long windowStart,
            long windowEnd,
            long count,
            double baseline,
            double score,
            Instant now,
            String explanation) {
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
                trigger.article().id(),
                trigger.eventTime(),
                List.of(),
                now);
    }

    /**
     * The counts of a combination as of bucket boundary {@code end} (epoch ms); its baseline rests only on
     * history since {@code observedSince} (0 while there is none before the shortest horizon).
     */
    public CountUpdate snapshot(String key, CombinationState state, long end, long observedSince, Instant now) {
        // immutable once, then shared by this and every later update (a copy of an immutable list is itself)
        List<EntityRef> entities = List.copyOf(state.entities);
        if (entities != state.entities) {
            state.entities = entities; // written once: a reference stored into an old object costs the GC a card
        }
        return new CountUpdate(
                key,
                entities,
                entities.size(),
                new HorizonCounts(labels, countsOver(state, end)),
                state.total,
                round1(usualPerHorizon(state, horizonMillis[0], end, observedSince)),
                distinctSources(state, end - longestMillis, end),
                now);
    }

    /** For each of {@link #labels}, the articles in the buckets starting in [end − its length, end): one pass. */
    private long[] countsOver(CombinationState state, long end) {
        long[] starts = state.bucketStarts;
        long[] bucketCounts = state.bucketCounts;
        long[] millis = labelMillis;
        long[] out = new long[millis.length];
        long oldest = end - longestMillis;
        int newest = starts.length - 1;
        while (newest >= 0 && starts[newest] >= end) {
            newest--; // rarely any: updates are as of the newest bucket's end or later
        }
        for (int i = newest; i >= 0 && starts[i] >= oldest; i--) {
            long start = starts[i];
            long n = bucketCounts[i];
            for (int j = 0; j < millis.length; j++) {
                if (start >= end - millis[j]) {
                    out[j] += n;
                }
            }
        }
        return out;
    }

    /** The index of the first of the ascending {@code starts} at or after {@code t}; its length if none. */
    private static int firstAtOrAfter(long[] starts, long t) {
        int i = Arrays.binarySearch(starts, t);
        return i >= 0 ? i : -i - 1;
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
        removeSamplesBefore(state.samples, keepFrom);
        forgetSourcesBefore(state, keepFrom);
    }

    /** When a combination last seen at {@code latestEventTime} is forgotten altogether (epoch ms). */
    public long expiresAt(long latestEventTime) {
        return bucketEnd(latestEventTime) + longestMillis + retentionMillis;
    }

    long countBetween(CombinationState state, long start, long end) {
        long[] starts = state.bucketStarts;
        long[] counts = state.bucketCounts;
        long sum = 0;
        for (int i = firstAtOrAfter(starts, start); i < starts.length && starts[i] < end; i++) {
            sum += counts[i];
        }
        return sum;
    }

    /** The articles in the bucket starting at {@code start} (epoch ms). */
    static long countAt(CombinationState state, long start) {
        int i = Arrays.binarySearch(state.bucketStarts, start);
        return i < 0 ? 0 : state.bucketCounts[i];
    }

    static void addToBucket(CombinationState state, long start) {
        long[] starts = state.bucketStarts;
        int last = starts.length - 1;
        if (last >= 0 && starts[last] == start) {
            state.bucketCounts[last]++; // the usual case: the newest bucket
            return;
        }
        int i = last < 0 || start > starts[last] ? -starts.length - 1 : Arrays.binarySearch(starts, start);
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
     * Remembers when the bucket of an article at {@code eventTime} leaves each horizon, in the state itself,
     * so the operator indexes each combination once (at the earliest of them) instead of once per exit.
     */
    public void scheduleHorizonExits(CombinationState state, long eventTime) {
        state.pendingCloses = SortedTimes.union(state.pendingCloses, horizonExits(eventTime));
    }

    /**
     * Event time has carried one of the combination's buckets out of a horizon at {@code exitTime}: the
     * exit is done, and what no output can show any more is dropped. Samples are quoted only by alerts on
     * windows ending at or after the newest article's bucket, the longest of them the longest rule
     * horizon that applies to this combination ({@link #quotableMillis}); sources count only within the
     * longest horizon. So a combination named once keeps its sample for about the burst horizon and its
     * source for a day, not for the whole retention. (Only an article arriving that far behind the
     * watermark, judged in its own old window, could have quoted what is dropped; it counts the same.)
     */
    public void horizonExit(String key, CombinationState state, long exitTime, AlertRules rules) {
        state.pendingCloses = SortedTimes.dropUpTo(state.pendingCloses, exitTime);
        state.countsAsOf = Math.max(state.countsAsOf, exitTime);
        // Every sample and source lies in a bucket still kept (prune drops them with their buckets), so
        // while the oldest bucket is recent enough their lists need not be read: at most exits they are not
        // read at all, which spares a combination's visit three cache misses.
        long oldestBucket = state.bucketStarts.length > 0 ? state.bucketStarts[0] : Long.MIN_VALUE;
        long quotableEnd = Math.max(bucketEnd(state.latestEventTime), exitTime);
        if (oldestBucket < quotableEnd - bucketMillis && !state.samples.isEmpty()) {
            // later windows end at the watermark's bucket or after, so none reaches further back than this
            long keepFrom = quotableEnd - quotableMillis(key, state, rules);
            if (oldestBucket < keepFrom
                    && state.samples.get(state.samples.size() - 1).eventTime() < keepFrom) {
                removeSamplesBefore(state.samples, keepFrom);
            }
        }
        migrateSources(state);
        if (oldestBucket < exitTime - longestMillis) {
            forgetSourcesBefore(state, exitTime - longestMillis);
        }
    }

    /** The longest window an alert on this combination can quote samples from: its rules' horizons, at least a bucket. */
    long quotableMillis(String key, CombinationState state, AlertRules rules) {
        long longest = bucketMillis; // FIRST_SEEN quotes the article's bucket
        if (rules.burst().enabled()) {
            longest = Math.max(longest, rules.burst().horizon().toMillis());
        }
        for (WatchRule rule : rules.watchRulesFor(key)) {
            longest = Math.max(longest, rule.horizon().toMillis());
        }
        return longest;
    }

    /** When the bucket holding {@code eventTime} leaves each horizon (epoch ms, ascending). */
    public long[] horizonExits(long eventTime) {
        long end = bucketEnd(eventTime);
        long[] exits = new long[horizonMillis.length];
        for (int i = 0; i < exits.length; i++) {
            exits[i] = end + horizonMillis[i];
        }
        return exits;
    }

    /** The bucket boundary the counts published now are as of: the newest article's bucket end or a later exit. */
    public long countsAsOf(CombinationState state) {
        return Math.max(bucketEnd(state.latestEventTime), state.countsAsOf);
    }

    /**
     * When the combination is next due at the operator: its earliest pending horizon exit, or, with none
     * left, the time it is forgotten.
     */
    public long nextTimer(CombinationState state) {
        return state.pendingCloses.length > 0 ? state.pendingCloses[0] : expiresAt(state.latestEventTime);
    }

    static long distinctSources(CombinationState state, long start, long end) {
        migrateSources(state);
        long n = 0;
        for (long seen : state.sourceSeen) {
            if (seen >= start && seen < end) {
                n++;
            }
        }
        return n;
    }

    /**
     * The usual count per {@code horizonMillis}: the articles in the rest of the longest horizon before the
     * window ending at {@code end}, scaled to one horizon, but only over the time the job has watched
     * (from the bucket holding {@code observedSince}). {@code null} when less than one horizon of history
     * lies before the window: any "usually" would then be a guess.
     */
    Explanations.Usual usual(CombinationState state, long horizonMillis, long end, long observedSince) {
        long windowStart = end - horizonMillis;
        long from = Math.max(end - longestMillis, bucketStart(observedSince));
        long history = windowStart - from;
        if (longestMillis <= horizonMillis || history < horizonMillis) {
            return null;
        }
        long before = countBetween(state, from, windowStart);
        boolean partial = from > end - longestMillis;
        return new Explanations.Usual((double) before * horizonMillis / history, Duration.ofMillis(history), partial);
    }

    /** {@link #usual}'s count per horizon, 0 where there is none. */
    private double usualPerHorizon(CombinationState state, long horizonMillis, long end, long observedSince) {
        Explanations.Usual usual = usual(state, horizonMillis, end, observedSince);
        return usual == null ? 0.0 : usual.perHorizon();
    }

    static void rememberSource(CombinationState state, String source, long t) {
        if (source == null || source.isBlank()) {
            return;
        }
        String[] sources = state.sources;
        long[] seen = state.sourceSeen;
        // the operator hands in one instance per source name: the usual match needs no string read
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] == source) {
                seen[i] = Math.max(seen[i], t);
                return;
            }
        }
        int hash = source.hashCode();
        for (int i = 0; i < sources.length; i++) {
            String known = sources[i];
            if (known.hashCode() == hash && known.equals(source)) {
                sources[i] = source; // restored or from elsewhere: the operator's instance from now on
                seen[i] = Math.max(seen[i], t);
                return;
            }
        }
        if (sources.length >= MAX_SOURCES) {
            int oldest = 0;
            for (int i = 1; i < sources.length; i++) {
                if (seen[i] < seen[oldest]) {
                    oldest = i;
                }
            }
            // forget the one seen longest ago (which may be this one, if it arrived late)
            if (t < seen[oldest]) {
                return;
            }
            sources[oldest] = source;
            seen[oldest] = t;
            return;
        }
        state.sources = Arrays.copyOf(sources, sources.length + 1);
        state.sourceSeen = Arrays.copyOf(seen, seen.length + 1);
        state.sources[sources.length] = source;
        state.sourceSeen[sources.length] = t;
    }

    /** Moves the sources of state written before they were kept as arrays into the arrays. */
    static void migrateSources(CombinationState state) {
        Map<String, Long> legacy = state.sourceLastSeen;
        if (legacy == null) {
            return;
        }
        state.sourceLastSeen = null;
        legacy.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> rememberSource(state, e.getKey(), e.getValue()));
    }

    /** Drops the sources last seen before {@code keepFrom} (epoch ms). */
    static void forgetSourcesBefore(CombinationState state, long keepFrom) {
        String[] sources = state.sources;
        long[] seen = state.sourceSeen;
        int kept = 0;
        while (kept < seen.length && seen[kept] >= keepFrom) {
            kept++; // nothing to move before the first one forgotten
        }
        if (kept == seen.length) {
            return;
        }
        for (int i = kept + 1; i < sources.length; i++) {
            if (seen[i] >= keepFrom) {
                sources[kept] = sources[i];
                seen[kept++] = seen[i];
            }
        }
        if (kept == 0) {
            state.sources = CombinationState.NO_SOURCES;
            state.sourceSeen = CombinationState.NO_TIMES;
        } else if (kept < sources.length) {
            state.sources = Arrays.copyOf(sources, kept);
            state.sourceSeen = Arrays.copyOf(seen, kept);
        }
    }

    /**
     * Keeps the sample among the newest {@link #MAX_SAMPLES}, newest first, an article after those at least
     * as new: as a stable sort by event time would place it. The samples are in that order already (every
     * version kept them so, and removing some keeps the order), so it goes in where the first older one
     * is, and an article newer than all of them looks at one sample only.
     */
    static void rememberSample(CombinationState state, SampleArticle sample) {
        List<SampleArticle> samples = state.samplesToChange();
        long t = sample.eventTime();
        int at = 0;
        while (at < samples.size() && samples.get(at).eventTime() >= t) {
            at++;
        }
        if (at < MAX_SAMPLES) {
            samples.add(at, sample);
        } // else it would be the one dropped
        while (samples.size() > MAX_SAMPLES) {
            samples.remove(samples.size() - 1);
        }
    }

    /** Removes the samples older than {@code keepFrom} (epoch ms), keeping the others in their order. */
    static void removeSamplesBefore(List<SampleArticle> samples, long keepFrom) {
        for (int i = samples.size() - 1; i >= 0; i--) {
            if (samples.get(i).eventTime() < keepFrom) {
                samples.remove(i);
            }
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
