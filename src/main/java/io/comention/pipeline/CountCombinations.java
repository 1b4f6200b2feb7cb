package io.comention.pipeline;

import io.comention.analytics.AlertRules;
import io.comention.analytics.CoMentionCounter;
import io.comention.analytics.CombinationState;
import io.comention.analytics.SortedTimes;
import io.comention.model.Alert;
import io.comention.model.CombinationEvent;
import io.comention.model.ControlMessage;
import io.comention.model.CountUpdate;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by combination: keeps its event-time counts ({@link CoMentionCounter}). Articles only update
 * state; output comes from event-time timers at bucket boundaries: when the watermark passes the end of
 * a bucket holding articles, and each boundary where that bucket leaves a horizon, the combination's
 * counts are emitted and every alert rule evaluated (alerts to {@link #ALERTS}). Those boundaries are
 * kept in the combination's state with one timer at the earliest; once none is left, the timer forgets
 * the combination after the retention period, so quiet keys leave no state.
 *
 * <p>The rules are the configured ones with the changes from {@code news.control} applied (broadcast
 * state, {@link ControlState}); a change takes effect at the next evaluation.
 */
public final class CountCombinations
        extends KeyedBroadcastProcessFunction<String, CombinationEvent, ControlMessage, CountUpdate>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 2L;

    public static final OutputTag<Alert> ALERTS = new OutputTag<>("alerts") {};

    private final CoMentionCounter counter;
    private final AlertRules configuredRules;

    private transient ValueState<CombinationState> state;
    /**
     * The event time this subtask began watching (its earliest article), as (subtask, time) in union
     * state: a restore at the same parallelism gives each subtask its own value back, so a recovered run
     * decides BURST warm-up and baselines as a failure-free one; after rescaling, the earliest of all.
     */
    private transient ListState<Tuple2<Integer, Long>> observedSinceState;
    private transient long observedSince;
    private transient AlertRules rules;
    private transient Counter late;
    private transient Counter controlApplied;
    private transient Map<Alert.AlertKind, Counter> alertsByKind;
    /** The latest watermark this subtask saw, for the event-time lag gauge (read by the metrics thread). */
    private transient volatile long lastWatermark;

    public CountCombinations(CoMentionCounter counter, AlertRules configuredRules) {
        this.counter = counter;
        this.configuredRules = configuredRules;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("combination", TypeInformation.of(CombinationState.class)));
        var metrics = getRuntimeContext().getMetricGroup();
        late = metrics.counter(Metrics.ARTICLES_LATE);
        controlApplied = metrics.counter(Metrics.CONTROL_APPLIED);
        alertsByKind = new EnumMap<>(Alert.AlertKind.class);
        for (Alert.AlertKind kind : Alert.AlertKind.values()) {
            alertsByKind.put(kind, metrics.counter(Metrics.alerts(kind)));
        }
        lastWatermark = Long.MIN_VALUE;
        metrics.gauge(Metrics.EVENT_TIME_LAG, (Gauge<Long>) () -> {
            long watermark = lastWatermark;
            return watermark == Long.MIN_VALUE ? -1L : Math.max(0L, System.currentTimeMillis() - watermark);
        });
    }

    @Override
    public void processElement(CombinationEvent event, ReadOnlyContext ctx, Collector<CountUpdate> out)
            throws Exception {
        CombinationState s = state.value();
        if (s == null) {
            s = new CombinationState();
        }
        // the earliest, not the first: by the time a bucket closes every earlier article has arrived
        observedSince = Math.min(observedSince, event.eventTime().toEpochMilli());
        lastWatermark = ctx.timerService().currentWatermark();
        long[] closes = counter.add(s, event, lastWatermark);
        if (closes.length == 0) {
            late.inc();
        }
        CoMentionCounter.schedule(s, closes);
        retime(s, ctx.timerService());
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
        s.pendingTimer = Long.MIN_VALUE; // this one has fired
        s.pendingCloses = SortedTimes.dropUpTo(s.pendingCloses, timestamp);
        CoMentionCounter.Closed closed = counter.closeBucket(
                ctx.getCurrentKey(), s, timestamp, rules(ctx.getBroadcastState(ControlState.DESCRIPTOR)), observedSince,
                Instant.now());
        retime(s, ctx.timerService());
        state.update(s);
        out.collect(closed.update());
        for (Alert alert : closed.alerts()) {
            alertsByKind.get(alert.kind()).inc();
            ctx.output(ALERTS, alert);
        }
    }

    /**
     * Keeps exactly one timer per combination, at its next pending close or else at its expiry: Flink's
     * timer queue then holds one entry per combination instead of one per close, and an article does not
     * have to delete and re-register an expiry timer. The closes themselves are the same as with a timer
     * each, so counts and alerts do not change.
     */
    private void retime(CombinationState s, TimerService timers) {
        long next = counter.nextTimer(s);
        if (next != s.pendingTimer) {
            if (s.pendingTimer != Long.MIN_VALUE) {
                timers.deleteEventTimeTimer(s.pendingTimer);
            }
            timers.registerEventTimeTimer(next);
            s.pendingTimer = next;
        }
    }

    @Override
    public void processBroadcastElement(ControlMessage message, Context ctx, Collector<CountUpdate> out)
            throws Exception {
        if (ControlState.keepRuleChange(message, ctx.getBroadcastState(ControlState.DESCRIPTOR))) {
            rules = null;
            controlApplied.inc();
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        observedSinceState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("observed-since-by-subtask", Types.TUPLE(Types.INT, Types.LONG)));
        int me = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        long own = Long.MAX_VALUE;
        long earliest = Long.MAX_VALUE;
        java.util.Set<Integer> subtasks = new java.util.HashSet<>();
        for (Tuple2<Integer, Long> t : observedSinceState.get()) {
            subtasks.add(t.f0);
            earliest = Math.min(earliest, t.f1);
            if (t.f0 == me) {
                own = t.f1;
            }
        }
        // state written before the per-subtask form: the earliest of all subtasks
        for (Long t : context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("observed-since", Types.LONG)).get()) {
            earliest = Math.min(earliest, t);
        }
        boolean sameParallelism = subtasks.size() == parallelism && subtasks.stream().allMatch(i -> i < parallelism);
        observedSince = sameParallelism ? own : earliest;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        // written even before the first article, so a restore at the same parallelism finds every subtask
        observedSinceState.update(List.of(Tuple2.of(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), observedSince)));
    }

    /** The rules in force, rebuilt after a change or a restore. */
    private AlertRules rules(ReadOnlyBroadcastState<String, ControlMessage> control) throws Exception {
        if (rules == null) {
            rules = ControlState.apply(configuredRules, control.immutableEntries());
        }
        return rules;
    }
}
