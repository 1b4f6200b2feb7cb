package io.comention.pipeline;

import io.comention.analytics.CoMentionCounter;
import io.comention.analytics.CombinationState;
import io.comention.analytics.WatchRule;
import io.comention.model.Alert;
import io.comention.model.CombinationEvent;
import io.comention.model.CountUpdate;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by combination: keeps its event-time counts ({@link CoMentionCounter}). Articles only update
 * state; output comes from event-time timers at bucket boundaries: when the watermark passes the end of
 * a bucket holding articles, and each boundary where that bucket leaves a horizon, the combination's
 * counts are emitted and its watch rules evaluated (alerts to {@link #ALERTS}). One more timer forgets
 * the combination once it has been quiet for the retention period, so quiet keys leave no state.
 */
public final class CountCombinations extends KeyedProcessFunction<String, CombinationEvent, CountUpdate> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<Alert> ALERTS = new OutputTag<>("alerts") {};

    private final CoMentionCounter counter;
    private final Map<String, List<WatchRule>> rulesByKey;

    private transient ValueState<CombinationState> state;
    private transient Counter late;
    private transient Map<Alert.AlertKind, Counter> alertsByKind;
    /** The latest watermark this subtask saw, for the event-time lag gauge (read by the metrics thread). */
    private transient volatile long lastWatermark;

    public CountCombinations(CoMentionCounter counter, List<WatchRule> rules) {
        this.counter = counter;
        this.rulesByKey = rules.stream().collect(Collectors.groupingBy(WatchRule::key));
    }

    @Override
    public void open(OpenContext openContext) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "combination", TypeInformation.of(CombinationState.class)));
        late = getRuntimeContext().getMetricGroup().counter(Metrics.ARTICLES_LATE);
        alertsByKind = new EnumMap<>(Alert.AlertKind.class);
        for (Alert.AlertKind kind : Alert.AlertKind.values()) {
            alertsByKind.put(kind, getRuntimeContext().getMetricGroup().counter(Metrics.alerts(kind)));
        }
        lastWatermark = Long.MIN_VALUE;
        getRuntimeContext().getMetricGroup().gauge(Metrics.EVENT_TIME_LAG, (Gauge<Long>) () -> {
            long watermark = lastWatermark;
            return watermark == Long.MIN_VALUE ? -1L : Math.max(0L, System.currentTimeMillis() - watermark);
        });
    }

    @Override
    public void processElement(CombinationEvent event, Context ctx, Collector<CountUpdate> out)
            throws Exception {
        CombinationState s = state.value();
        if (s == null) {
            s = new CombinationState();
        }
        long previousLatest = s.latestEventTime;
        lastWatermark = ctx.timerService().currentWatermark();
        long[] closes = counter.add(s, event, lastWatermark);
        if (closes.length == 0) {
            late.inc();
        }
        if (s.latestEventTime != previousLatest) {
            // one expiry timer per combination, following its latest article
            if (previousLatest != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(counter.expiresAt(previousLatest));
            }
            ctx.timerService().registerEventTimeTimer(counter.expiresAt(s.latestEventTime));
        }
        for (long close : closes) {
            ctx.timerService().registerEventTimeTimer(close);
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CountUpdate> out) throws Exception {
        lastWatermark = ctx.timerService().currentWatermark();
        CombinationState s = state.value();
        if (s == null) {
            return;
        }
        if (timestamp >= counter.expiresAt(s.latestEventTime)) {
            state.clear();
            return;
        }
        CoMentionCounter.Closed closed =
                counter.closeBucket(
                        ctx.getCurrentKey(),
                        s,
                        timestamp,
                        rulesByKey.getOrDefault(ctx.getCurrentKey(), List.of()),
                        Instant.now());
        state.update(s);
        out.collect(closed.update());
        for (Alert alert : closed.alerts()) {
            alertsByKind.get(alert.kind()).inc();
            ctx.output(ALERTS, alert);
        }
    }
}
