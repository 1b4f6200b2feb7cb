package io.comention.pipeline;

import io.comention.model.FrequencyEvent;
import io.comention.model.LiftPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by entity id ({@code *} for all articles): counts the articles naming the entity in event-time
 * buckets and answers alerts' questions ("how many in my window?") at once, with the articles counted
 * so far, as the alert itself was decided on the count so far. Buckets older than the look-back are
 * dropped; a key with no articles for a whole look-back is cleared by its timer.
 */
public final class EntityFrequencies extends KeyedProcessFunction<String, FrequencyEvent, LiftPart> {

    private static final long serialVersionUID = 1L;

    private final long bucketMillis;
    private final long lookbackMillis;

    private transient MapState<Long, Long> buckets;
    private transient ListState<FrequencyEvent> questions;
    private transient ValueState<Long> latest;

    public EntityFrequencies(Duration bucket, Duration lookback) {
        this.bucketMillis = bucket.toMillis();
        this.lookbackMillis = lookback.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("buckets", Types.LONG, Types.LONG));
        questions = getRuntimeContext().getListState(
                new ListStateDescriptor<>("questions", TypeInformation.of(FrequencyEvent.class)));
        latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest", Types.LONG));
    }

    @Override
    public void processElement(FrequencyEvent e, Context ctx, Collector<LiftPart> out) throws Exception {
        if (e.isQuestion()) {
            out.collect(answer(e));
            return;
        }
        long bucket = Math.floorDiv(e.eventTime(), bucketMillis) * bucketMillis;
        Long count = buckets.get(bucket);
        buckets.put(bucket, count == null ? 1 : count + 1);
        Long previous = latest.value();
        if (previous == null || bucket > previous) {
            if (previous != null) {
                ctx.timerService().deleteEventTimeTimer(previous + bucketMillis + lookbackMillis);
            }
            latest.update(bucket);
            ctx.timerService().registerEventTimeTimer(bucket + bucketMillis + lookbackMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LiftPart> out) throws Exception {
        // questions a savepoint of the version that waited for the watermark still holds
        for (FrequencyEvent q : questions.get()) {
            out.collect(answer(q));
        }
        questions.clear();
        Long last = latest.value();
        if (last != null && timestamp >= last + bucketMillis + lookbackMillis) {
            buckets.clear();
            latest.clear();
        } else {
            List<Long> old = new ArrayList<>();
            for (Long b : buckets.keys()) {
                if (b < timestamp - lookbackMillis) {
                    old.add(b);
                }
            }
            for (Long b : old) {
                buckets.remove(b);
            }
        }
    }

    private LiftPart answer(FrequencyEvent q) throws Exception {
        long sum = 0;
        for (var b : buckets.entries()) {
            if (b.getKey() >= q.windowStart() && b.getKey() < q.windowEnd()) {
                sum += b.getValue();
            }
        }
        return new LiftPart(q.alertId(), null, q.entityId(), sum);
    }
}
