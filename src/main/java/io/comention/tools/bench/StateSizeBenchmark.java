package io.comention.tools.bench;

import io.comention.analytics.AlertRules;
import io.comention.analytics.CoMentionCounter;
import io.comention.analytics.CombinationState;
import io.comention.analytics.Combinations;
import io.comention.config.ComentionConfig;
import io.comention.model.ArticleParser;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.EntityRef;
import io.comention.model.RawRecord;
import io.comention.model.TaggedEntity;
import io.comention.pipeline.CombinationStateLayout;
import io.comention.pipeline.CombinationStateSerializer;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The counting state a feed leaves behind, measured with the job's own serializers: the bench
 * pipeline's generated articles are parsed, tagged and split into combinations as in the job (bundled
 * configuration), each counted by {@link CoMentionCounter} as the operator would, with the operator's
 * event-time timers played as the watermark (newest event time less the configured out-of-orderness)
 * passes them: horizon exits ({@link CoMentionCounter#horizonExit}) and expiry. At the end every
 * combination still remembered is serialised the way a checkpoint writes it.
 *
 * <p>A week at one article a second is 600,000 articles; the figure for it is scaled from a run of a
 * day or more: a combination whose horizons have all emptied keeps the same state until it is named
 * again or forgotten, so each combination is also measured <em>settled</em> (every exit played), which
 * is what the six older days of a week hold. The week's average is one day of the end state's mix plus
 * six days of settled combinations.
 */
public final class StateSizeBenchmark {

    private StateSizeBenchmark() {}

    /** Bytes of state per remembered combination, with the job's serializer and with Flink's POJO one. */
    public record Result(
            int articles,
            int combinations,
            int namedOnce,
            double bytesPerCombination,
            double bytesPerCombinationNamedOnce,
            double pojoBytesPerCombination,
            long keyBytes,
            double settledBytesPerCombination,
            double settledBytesNamedOnce,
            long namesBytes) {

        /**
         * A week at the run's pace: a day's combinations as at the end of the run, six days' settled,
         * plus the subtask's table of names spread over them.
         */
        public double weekBytesPerCombination() {
            return (bytesPerCombination + 6 * settledBytesPerCombination) / 7
                    + (double) namesBytes / (7.0 * combinations);
        }
    }

    public static Result run(List<RawRecord> raw) throws Exception {
        ComentionConfig config = ComentionConfig.bundled();
        var counts = config.counts();
        AlertRules rules = config.alertRules();
        CoMentionCounter counter = new CoMentionCounter(counts.bucket(), counts.horizons(), counts.retention());
        EntityTagger tagger = new EntityTagger(KnowledgeBase.loadDefault());
        ArticleParser parser = new ArticleParser(config.input().maxRecordBytes());
        long outOfOrderness = config.events().maxOutOfOrderness().toMillis();
        Map<String, CombinationState> states = new HashMap<>();
        Map<String, EntityRef> names = new HashMap<>();
        // the operator's timers: time -> the keys with a timer then (checked against the state when played)
        TreeMap<Long, List<String>> timers = new TreeMap<>();
        long observedSince = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        int articles = 0;
        for (RawRecord r : raw) {
            var parsed = parser.parse(r);
            if (!parsed.ok()) {
                continue;
            }
            articles++;
            var article = parsed.article();
            long t = article.eventTime().toEpochMilli();
            observedSince = Math.min(observedSince, t);
            newest = Math.max(newest, t);
            List<TaggedEntity> entities = tagger.tag(article.title(), article.body());
            List<List<EntityRef>> combinations = Combinations.of(
                    entities,
                    config.tagging().maxEntitiesPerArticle(),
                    counts.maxEntitiesInLarger(),
                    counts.minSize(),
                    counts.maxSize(),
                    rules::watches);
            for (List<EntityRef> c : combinations) {
                String key = Combinations.key(c);
                c.forEach(e -> names.put(e.id(), e));
                CombinationState s = states.computeIfAbsent(key, k -> new CombinationState());
                var arrival = counter.add(
                        key,
                        s,
                        new CombinationEvent(key, c, ArticleRef.of(article), article.eventTime(), combinations.size()),
                        rules,
                        observedSince,
                        Instant.EPOCH);
                if (!arrival.late()) {
                    counter.scheduleHorizonExits(s, t);
                }
                retime(key, s, counter, timers);
            }
            playTimers(states, counter, rules, timers, newest - outOfOrderness);
        }
        var serializer = CombinationStateSerializer.laidOutBy(CombinationStateLayout.of(counter, rules.burst()));
        Sizes now = measure(states, serializer);
        // settled: every horizon exit played, nothing expired
        for (Map.Entry<String, CombinationState> e : states.entrySet()) {
            CombinationState s = e.getValue();
            while (s.pendingCloses.length > 0) {
                counter.horizonExit(e.getKey(), s, s.pendingCloses[0], rules);
            }
            s.pendingTimer = counter.nextTimer(s);
        }
        Sizes settled = measure(states, serializer);
        DataOutputSerializer out = new DataOutputSerializer(4096);
        var nameSerializer = TypeInformation.of(EntityRef.class).createSerializer(new SerializerConfigImpl());
        for (EntityRef e : names.values()) {
            nameSerializer.serialize(e, out);
        }
        int c = states.size();
        return new Result(
                articles,
                c,
                now.once,
                (double) now.bytes / c,
                now.once == 0 ? 0 : (double) now.onceBytes / now.once,
                (double) now.pojoBytes / c,
                now.keyBytes,
                (double) settled.bytes / c,
                settled.once == 0 ? 0 : (double) settled.onceBytes / settled.once,
                out.length());
    }

    private record Sizes(long bytes, long pojoBytes, long onceBytes, long keyBytes, int once) {}

    private static Sizes measure(Map<String, CombinationState> states, CombinationStateSerializer serializer)
            throws Exception {
        TypeSerializer<CombinationState> pojo =
                TypeInformation.of(CombinationState.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(4096);
        long bytes = 0;
        long pojoBytes = 0;
        long onceBytes = 0;
        long keyBytes = 0;
        int once = 0;
        for (Map.Entry<String, CombinationState> e : states.entrySet()) {
            out.clear();
            serializer.serialize(e.getValue(), out);
            int n = out.length();
            bytes += n;
            keyBytes += e.getKey().length() + 1;
            if (e.getValue().total == 1) {
                once++;
                onceBytes += n;
            }
            out.clear();
            pojo.serialize(e.getValue(), out);
            pojoBytes += out.length();
        }
        return new Sizes(bytes, pojoBytes, onceBytes, keyBytes, once);
    }

    /** Keeps one entry per combination at its next exit or expiry, as the operator's exit index does. */
    private static void retime(
            String key, CombinationState s, CoMentionCounter counter, TreeMap<Long, List<String>> timers) {
        long next = counter.nextTimer(s);
        if (next != s.pendingTimer) {
            s.pendingTimer = next;
            timers.computeIfAbsent(next, k -> new ArrayList<>()).add(key);
        }
    }

    /** Plays the index up to {@code watermark} as the operator does at a watermark (stale entries skipped). */
    private static void playTimers(
            Map<String, CombinationState> states,
            CoMentionCounter counter,
            AlertRules rules,
            TreeMap<Long, List<String>> timers,
            long watermark) {
        while (!timers.isEmpty() && timers.firstKey() <= watermark) {
            Map.Entry<Long, List<String>> due = timers.pollFirstEntry();
            long time = due.getKey();
            for (String key : due.getValue()) {
                CombinationState s = states.get(key);
                if (s == null || s.pendingTimer != time) {
                    continue; // forgotten, or moved to another time (a deleted timer)
                }
                if (time >= counter.expiresAt(s.latestEventTime)) {
                    states.remove(key);
                    continue;
                }
                s.pendingTimer = Long.MIN_VALUE;
                counter.horizonExit(key, s, time, rules);
                retime(key, s, counter, timers);
            }
        }
    }
}
