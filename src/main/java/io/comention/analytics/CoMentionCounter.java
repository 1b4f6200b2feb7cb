package io.comention.analytics;

import io.comention.model.Alert;
import io.comention.model.Alert.AlertKind;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.CountUpdate;
import io.comention.model.EntityRef;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts one combination in event time and decides its WATCH alerts. Pure logic over a
 * {@link CombinationState}; the Flink operator stores the state and drives the clock with timers.
 *
 * <p><b>Counts.</b> Each article lands in the fixed-size bucket holding its event time. The count over a
 * horizon H as of a bucket boundary E is the sum of the buckets starting in [E − H, E). Buckets that no
 * horizon reaches any more are dropped.
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
 * <p><b>Baseline</b> for a horizon H ("usually …"): the average count per H over the rest of the longest
 * horizon, {@code (count(L) − count(H)) · H / (L − H)}.
 *
 * <p><b>WATCH</b> fires for the window [E − H, E) of the rule's horizon H when its count reaches the
 * rule's threshold, unless the rule already alerted on a window overlapping it: it re-arms one horizon
 * after the window it last alerted on. The alert id hashes (kind, rule, combination, window).
 */
public final class CoMentionCounter implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Sample articles kept per combination and quoted per alert. */
    public static final int MAX_SAMPLES = 5;

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
        this.horizons =
                horizons.stream().sorted(Comparator.comparing(Horizon::length)).toList();
        for (Horizon h : this.horizons) {
            if (h.length().toMillis() % bucketMillis != 0) {
                throw new IllegalArgumentException(
                        "horizon " + h.label() + " is not a multiple of the bucket size " + Durations.format(bucket));
            }
        }
        this.longestMillis = this.horizons.get(this.horizons.size() - 1).length().toMillis();
        this.retentionMillis = retention.toMillis();
    }

    /**
     * Adds one article to its combination.
     *
     * @param watermark the current event-time watermark in epoch ms ({@code Long.MIN_VALUE} if none)
     * @return the bucket boundaries (epoch ms) at which to call {@link #closeBucket}, empty when the
     *     article was too late to count in any horizon
     */
    public long[] add(CombinationState state, CombinationEvent event, long watermark) {
        if (state.entities.isEmpty()) {
            state.entities = new ArrayList<>(event.entities());
        }
        long t = event.eventTime().toEpochMilli();
        long newest = Math.max(state.latestEventTime, watermark);
        boolean late = newest != Long.MIN_VALUE && bucketStart(t) < bucketEnd(newest) - longestMillis;
        state.total++;
        // a late article moves this only when it is the combination's first, so expiry still follows
        state.latestEventTime = Math.max(state.latestEventTime, t);
        if (late) {
            state.lateArticles++;
            return new long[0];
        }
        state.buckets.merge(bucketStart(t), 1L, Long::sum);
        rememberSample(state, new SampleArticle(event.article(), t));
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

    /**
     * Evaluates the combination as of bucket boundary {@code end}: its counts, and the watch rules on
     * the windows ending there.
     */
    public Closed closeBucket(
            String key, CombinationState state, long end, List<WatchRule> watchRules, Instant now) {
        prune(state, end - bucketMillis);
        List<Alert> alerts = new ArrayList<>();
        for (WatchRule rule : watchRules) {
            long h = rule.horizon().toMillis();
            long start = end - h;
            long count = countBetween(state, start, end);
            Long lastAlerted = state.lastAlertWindowEnd.get(rule.id());
            if (count >= rule.threshold() && (lastAlerted == null || start >= lastAlerted)) {
                alerts.add(watchAlert(key, state, rule, start, end, count, now));
            }
        }
        return new Closed(snapshot(key, state, end, now), alerts);
    }

    private Alert watchAlert(
            String key, CombinationState state, WatchRule rule, long windowStart, long windowEnd, long count, Instant now) {
        state.lastAlertWindowEnd.put(rule.id(), windowEnd);
        double baseline = baseline(state, rule.horizon().toMillis(), windowEnd);
        double score = (count - baseline) / Math.sqrt(Math.max(baseline, 1.0));
        List<ArticleRef> articles =
                state.samples.stream()
                        .filter(s -> s.eventTime() >= windowStart && s.eventTime() < windowEnd)
                        .map(SampleArticle::article)
                        .toList();
        return new Alert(
                alertId(AlertKind.WATCH, rule.id(), key, windowStart, windowEnd),
                AlertKind.WATCH,
                rule.id(),
                key,
                List.copyOf(state.entities),
                Instant.ofEpochMilli(windowStart),
                Instant.ofEpochMilli(windowEnd),
                count,
                round1(baseline),
                round1(score),
                explain(state.entities, count, rule.horizon(), baseline),
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
                round1(baseline(state, shortest, end)),
                now);
    }

    /** Drops buckets that no horizon reaches any more as of the bucket holding {@code newest} (epoch ms). */
    void prune(CombinationState state, long newest) {
        long oldestKept = bucketEnd(newest) - longestMillis;
        Iterator<Long> it = state.buckets.keySet().iterator();
        while (it.hasNext()) {
            if (it.next() < oldestKept) {
                it.remove();
            }
        }
        state.samples.removeIf(s -> s.eventTime() < oldestKept);
    }

    /** When a combination last seen at {@code latestEventTime} is forgotten altogether (epoch ms). */
    public long expiresAt(long latestEventTime) {
        return bucketEnd(latestEventTime) + longestMillis + retentionMillis;
    }

    long countBetween(CombinationState state, long start, long end) {
        long sum = 0;
        for (Map.Entry<Long, Long> b : state.buckets.entrySet()) {
            if (b.getKey() >= start && b.getKey() < end) {
                sum += b.getValue();
            }
        }
        return sum;
    }

    private double baseline(CombinationState state, long horizonMillis, long end) {
        if (longestMillis <= horizonMillis) {
            return 0.0;
        }
        long inHorizon = countBetween(state, end - horizonMillis, end);
        long inLongest = countBetween(state, end - longestMillis, end);
        return (double) (inLongest - inHorizon) * horizonMillis / (longestMillis - horizonMillis);
    }

    private static void rememberSample(CombinationState state, SampleArticle sample) {
        state.samples.add(sample);
        state.samples.sort(Comparator.comparingLong(SampleArticle::eventTime).reversed());
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
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "Afghanistan, Pakistan and United States were named together in 7 articles in the last hour (usually 1.6)." */
    static String explain(List<EntityRef> entities, long count, Duration horizon, double baseline) {
        List<String> names = entities.stream().map(EntityRef::name).toList();
        String joined =
                names.size() == 1
                        ? names.get(0)
                        : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return joined
                + " were named together in "
                + count
                + (count == 1 ? " article" : " articles")
                + " in "
                + describe(horizon)
                + " (usually "
                + formatNumber(baseline)
                + ").";
    }

    static String describe(Duration horizon) {
        long minutes = horizon.toMinutes();
        if (minutes == 60) {
            return "the last hour";
        }
        if (minutes == 1440) {
            return "the last 24 hours";
        }
        if (minutes % 1440 == 0) {
            return "the last " + minutes / 1440 + " days";
        }
        if (minutes % 60 == 0) {
            return "the last " + minutes / 60 + " hours";
        }
        return "the last " + minutes + " minutes";
    }

    private static String formatNumber(double v) {
        double r = round1(v);
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
