package io.comention.pipeline;

import io.comention.model.EntityMention;
import io.comention.model.FrequencyAnswer;
import io.comention.model.FrequencyQuestion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by entity id ({@link EntityMention#ALL_ARTICLES} for all articles). Input 1, the mentions of
 * counted articles, is counted in event-time buckets; input 2, the alerts' questions ("how many in my
 * window?"), is answered at once with the articles counted so far, as the alert itself was decided on
 * the count so far. A question keeps no state.
 *
 * <p>Buckets older than the look-back are dropped when a newer bucket opens, and a key whose newest
 * bucket is a whole look-back behind the watermark is cleared by its timer, so entities that stop being
 * named leave nothing behind.
 */
public final class EntityFrequencies
        extends KeyedCoProcessFunction<String, EntityMention, FrequencyQuestion, FrequencyAnswer> {

    private static final long serialVersionUID = 1L;

    /** The key of input 1. */
    public static final KeySelector<EntityMention, String> MENTION_KEY = new MentionEntity();

    /** The key of input 2. */
    public static final KeySelector<FrequencyQuestion, String> QUESTION_KEY = new QuestionEntity();

    private final long bucketMillis;
    private final long lookbackMillis;

    /** Articles per bucket start (epoch ms). */
    private transient MapState<Long, Long> buckets;
    /** The newest bucket's start: its end plus the look-back is when the key expires. */
    private transient ValueState<Long> latest;

    public EntityFrequencies(Duration bucket, Duration lookback) {
        this.bucketMillis = bucket.toMillis();
        this.lookbackMillis = lookback.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("buckets", Types.LONG, Types.LONG));
        latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest", Types.LONG));
    }

    @Override
    public void processElement1(EntityMention mention, Context ctx, Collector<FrequencyAnswer> out) throws Exception {
        long bucket = Math.floorDiv(mention.eventTime().toEpochMilli(), bucketMillis) * bucketMillis;
        Long count = buckets.get(bucket);
        buckets.put(bucket, count == null ? 1 : count + 1);
        Long previous = latest.value();
        if (previous != null && bucket <= previous) {
            return;
        }
        if (previous != null) {
            ctx.timerService().deleteEventTimeTimer(expiry(previous));
            dropBucketsBefore(bucket - lookbackMillis);
        }
        latest.update(bucket);
        ctx.timerService().registerEventTimeTimer(expiry(bucket));
    }

    @Override
    public void processElement2(FrequencyQuestion question, Context ctx, Collector<FrequencyAnswer> out)
            throws Exception {
        long from = question.windowStart().toEpochMilli();
        long to = question.windowEnd().toEpochMilli();
        long sum = 0;
        for (var b : buckets.entries()) {
            if (b.getKey() >= from && b.getKey() < to) {
                sum += b.getValue();
            }
        }
        out.collect(new FrequencyAnswer(question.alertId(), question.entityId(), sum));
    }

    /** The newest bucket's timer: nothing named the entity for a whole look-back. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FrequencyAnswer> out) {
        buckets.clear();
        latest.clear();
    }

    private long expiry(long bucket) {
        return bucket + bucketMillis + lookbackMillis;
    }

    private void dropBucketsBefore(long start) throws Exception {
        List<Long> old = new ArrayList<>();
        for (Long b : buckets.keys()) {
            if (b < start) {
                old.add(b);
            }
        }
        for (Long b : old) {
            buckets.remove(b);
        }
    }

    private static final class MentionEntity implements KeySelector<EntityMention, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(EntityMention mention) {
            return mention.entityId();
        }
    }

    private static final class QuestionEntity implements KeySelector<FrequencyQuestion, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(FrequencyQuestion question) {
            return question.entityId();
        }
    }
}
