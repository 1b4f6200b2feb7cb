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
import io.comention.pipeline.CombinationStateSerializer;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The counting state a feed leaves behind, measured with the job's own serializers: the bench
 * pipeline's generated articles are parsed, tagged and split into combinations as in the job (bundled
 * configuration), each counted by {@link CoMentionCounter} as the operator would, combinations whose
 * expiry has passed are forgotten as the operator's timer would, and at the end every combination
 * still remembered is serialised the way a checkpoint writes it.
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
            long keyBytes) {}

    public static Result run(List<RawRecord> raw) throws Exception {
        ComentionConfig config = ComentionConfig.bundled();
        var counts = config.counts();
        AlertRules rules = config.alertRules();
        CoMentionCounter counter = new CoMentionCounter(counts.bucket(), counts.horizons(), counts.retention());
        EntityTagger tagger = new EntityTagger(KnowledgeBase.loadDefault());
        ArticleParser parser = new ArticleParser(config.input().maxRecordBytes());
        Map<String, CombinationState> states = new HashMap<>();
        long observedSince = Long.MAX_VALUE;
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
                s.pendingTimer = counter.nextTimer(s);
            }
            if (articles % 1000 == 0) {
                forgetExpired(states, counter, t);
            }
        }
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
            CombinationStateSerializer.INSTANCE.serialize(e.getValue(), out);
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
        int c = states.size();
        return new Result(
                articles,
                c,
                once,
                (double) bytes / c,
                once == 0 ? 0 : (double) onceBytes / once,
                (double) pojoBytes / c,
                keyBytes);
    }

    /** What the operator's expiry timer does once event time has passed a combination's expiry. */
    private static void forgetExpired(Map<String, CombinationState> states, CoMentionCounter counter, long now) {
        for (Iterator<CombinationState> it = states.values().iterator(); it.hasNext(); ) {
            if (counter.expiresAt(it.next().latestEventTime) <= now) {
                it.remove();
            }
        }
    }
}
