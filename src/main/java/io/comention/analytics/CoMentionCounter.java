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
 * {@link CombinationState}; the Flink operator only stores the state and drives the clock.
 *
 * <p>Counts: each article lands in the fixed-size bucket holding its event time. The count over a
 * horizon H "as of" bucket boundary E is the sum of the buckets starting in [E − H, E). Buckets older
 * than the longest horizon are dropped. <b>Late articles</b>: an article older than the longest horizon
 * behind the newest time this combination has seen (its latest event or the watermark, whichever is
 * later) is added to the running total only, and counted in {@code lateArticles}.
 *
 * <p>Baseline for a horizon H (shown as "usually …"): the average count per H over the rest of the
 * longest horizon, {@code (count(L) − count(H)) · H / (L − H)}.
 *
 * <p>WATCH: when an article brings the count of a watched combination, in a bucket-aligned window as
 * long as the rule's horizon that holds the article, to the rule's threshold or above, the rule fires
 * for the earliest such window, unless it already fired for a window overlapping it (so it re-arms one
 * horizon after the window it last alerted on). The alert id hashes (kind, rule, combination, window), so a
 * replay of the same input yields the same ids.
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
     * @param retention how long after its latest article a quiet combination is forgotten
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
        this.retentionMillis = Math.max(retention.toMillis(), longestMillis);
    }

    /** What one article did to a combination. */
    public record Outcome(boolean late, CountUpdate update, List<Alert> alerts) {}

    /**
     * Adds one article to its combination.
     *
     * @param watchRules the rules watching this combination (already matched by key)
     * @param watermark the current event-time watermark in epoch ms ({@code Long.MIN_VALUE} if none)
     * @param now the wall-clock time written into {@code updated_at} and {@code emitted_at}
     */
    public Outcome add(
            CombinationState state,
            CombinationEvent event,
            List<WatchRule> watchRules,
            long watermark,
            Instant now) {
        if (state.entities.isEmpty()) {
            state.entities = new ArrayList<>(event.entities());
        }
        long t = event.eventTime().toEpochMilli();
        long newest = Math.max(state.latestEventTime, watermark);
        boolean late = newest != Long.MIN_VALUE && bucketStart(t) < bucketEnd(newest) - longestMillis;
        state.total++;
        // a late article can only move this when it is the combination's first: timers then still follow
        state.latestEventTime = Math.max(state.latestEventTime, t);
        List<Alert> alerts = new ArrayList<>();
        if (late) {
            state.lateArticles++;
        } else {
            state.buckets.merge(bucketStart(t), 1L, Long::sum);
            rememberSample(state, new SampleArticle(event.article(), t));
            for (WatchRule rule : watchRules) {
                Alert alert = checkWatch(event.key(), state, rule, t, now);
                if (alert != null) {
                    alerts.add(alert);
                }
            }
        }
        prune(state, Math.max(state.latestEventTime, watermark));
        return new Outcome(late, snapshot(event.key(), state, watermark, now), alerts);
    }

    /**
     * Checks the rule on every window the article falls in (window ends from its own bucket's end up to
     * one horizon later, but not past the newest bucket) and fires on the earliest that reaches the
     * threshold without overlapping the window the rule last alerted on. Checking all of them, not only
     * the window ending at the article, makes the alerted window independent of arrival order in the
     * usual case: articles from several partitions arrive interleaved.
     */
    private Alert checkWatch(String key, CombinationState state, WatchRule rule, long t, Instant now) {
        long h = rule.horizon().toMillis();
        long firstEnd = bucketEnd(t);
        long lastEnd = Math.min(firstEnd + h - bucketMillis, bucketEnd(state.latestEventTime));
        // counts per bucket from (firstEnd - h) to lastEnd, then a sliding sum over h
        long origin = firstEnd - h;
        int slots = (int) ((lastEnd - origin) / bucketMillis);
        long[] perBucket = new long[slots];
        for (Map.Entry<Long, Long> b : state.buckets.entrySet()) {
            long offset = b.getKey() - origin;
            if (offset >= 0 && offset < (long) slots * bucketMillis) {
                perBucket[(int) (offset / bucketMillis)] += b.getValue();
            }
        }
        int width = (int) (h / bucketMillis);
        long window = 0;
        for (int i = 0; i < width; i++) {
            window += perBucket[i];
        }
        Long lastAlerted = state.lastAlertWindowEnd.get(rule.id());
        for (long end = firstEnd; end <= lastEnd; end += bucketMillis) {
            int endSlot = (int) ((end - origin) / bucketMillis);
            if (end > firstEnd) {
                window += perBucket[endSlot - 1] - perBucket[endSlot - 1 - width];
            }
            long start = end - h;
            if (window >= rule.threshold() && (lastAlerted == null || start >= lastAlerted)) {
                return watchAlert(key, state, rule, start, end, window, now);
            }
        }
        return null;
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

    /** The current counts of a combination as of the later of its latest article and the watermark. */
    public CountUpdate snapshot(String key, CombinationState state, long watermark, Instant now) {
        long end = bucketEnd(Math.max(state.latestEventTime, watermark));
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

    /** Drops buckets that no horizon reaches any more as of {@code newest} (epoch ms). */
    public void prune(CombinationState state, long newest) {
        if (newest == Long.MIN_VALUE) {
            return;
        }
        long oldestKept = bucketEnd(newest) - longestMillis;
        Iterator<Long> it = state.buckets.keySet().iterator();
        while (it.hasNext()) {
            if (it.next() < oldestKept) {
                it.remove();
            }
        }
        state.samples.removeIf(s -> s.eventTime() < oldestKept);
    }

    /** When every horizon has emptied for a combination last seen at {@code latestEventTime}: time for a last zero update. */
    public long horizonsEmptyAt(long latestEventTime) {
        return bucketEnd(latestEventTime) + longestMillis;
    }

    /** When a combination last seen at {@code latestEventTime} is forgotten altogether (epoch ms). */
    public long expiresAt(long latestEventTime) {
        return bucketEnd(latestEventTime) + retentionMillis;
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
