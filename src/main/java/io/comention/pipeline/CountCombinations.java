package io.comention.pipeline;

import io.comention.analytics.CoMentionCounter;
import io.comention.analytics.CombinationState;
import io.comention.analytics.WatchRule;
import io.comention.model.Alert;
import io.comention.model.CombinationEvent;
import io.comention.model.CountUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by combination: keeps its event-time counts ({@link CoMentionCounter}), emits the current counts
 * on every article, and sends WATCH alerts to {@link #ALERTS}. Two event-time timers per combination:
 * when all horizons have emptied it emits a last update with zero counts; when it has been quiet for
 * the retention period its state is cleared, so quiet combinations leave nothing behind.
 */
public final class CountCombinations extends KeyedProcessFunction<String, CombinationEvent, CountUpdate> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<Alert> ALERTS = new OutputTag<>("alerts") {};

    private final CoMentionCounter counter;
    private final Map<String, List<WatchRule>> rulesByKey;

    private transient ValueState<CombinationState> state;
    private transient Counter late;
    private transient Counter watchAlerts;

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
        watchAlerts = getRuntimeContext().getMetricGroup().counter(Metrics.ALERTS_WATCH);
    }

    @Override
    public void processElement(CombinationEvent event, Context ctx, Collector<CountUpdate> out)
            throws Exception {
        CombinationState s = state.value();
        if (s == null) {
            s = new CombinationState();
        }
        long previousLatest = s.latestEventTime;
        CoMentionCounter.Outcome outcome =
                counter.add(
                        s,
                        event,
                        rulesByKey.getOrDefault(event.key(), List.of()),
                        ctx.timerService().currentWatermark(),
                        Instant.now());
        if (outcome.late()) {
            late.inc();
        }
        if (s.latestEventTime != previousLatest) {
            // one pair of timers per combination: move them to follow its latest article
            if (previousLatest != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(counter.horizonsEmptyAt(previousLatest));
                ctx.timerService().deleteEventTimeTimer(counter.expiresAt(previousLatest));
            }
            ctx.timerService().registerEventTimeTimer(counter.horizonsEmptyAt(s.latestEventTime));
            ctx.timerService().registerEventTimeTimer(counter.expiresAt(s.latestEventTime));
        }
        state.update(s);
        out.collect(outcome.update());
        for (Alert alert : outcome.alerts()) {
            watchAlerts.inc();
            ctx.output(ALERTS, alert);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CountUpdate> out) throws Exception {
        CombinationState s = state.value();
        if (s == null) {
            return;
        }
        if (timestamp >= counter.expiresAt(s.latestEventTime)) {
            state.clear();
        } else if (timestamp >= counter.horizonsEmptyAt(s.latestEventTime)) {
            counter.prune(s, timestamp);
            state.update(s);
            out.collect(counter.snapshot(ctx.getCurrentKey(), s, timestamp, Instant.now()));
        }
    }
}
