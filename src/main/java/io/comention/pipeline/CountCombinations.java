package io.comention.pipeline;

import io.comention.analytics.AlertRules;
import io.comention.analytics.CoMentionCounter;
import io.comention.analytics.CombinationState;
import io.comention.analytics.Combinations;
import io.comention.config.ComentionConfig;
import io.comention.model.AlertVerdict;
import io.comention.model.CombinationEvent;
import io.comention.model.ControlMessage;
import io.comention.model.CountUpdate;
import io.comention.model.EntityRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by combination: counts each article as it arrives ({@link CoMentionCounter}) and decides its
 * alerts at once. For every combination event it sends one {@link AlertVerdict} (usually with no alert)
 * to {@link #VERDICTS}, where the alert grouping collects an article's verdicts into one alert per story.
 *
 * <p>Count updates are published as articles arrive, at most one per combination per
 * {@code updateInterval} of processing time (a busy combination's later articles wait for a
 * processing-time timer; the compacted topic keeps only the latest anyway), and again when event time
 * carries one of its buckets out of a horizon, so the counts fall as the news moves on. Those exits are
 * kept in the combination's state with one event-time timer at the earliest; once none is left, the timer
 * forgets the combination after the retention period, so quiet keys leave no state.
 *
 * <p>The rules are the configured ones with the changes from {@code news.control} applied (broadcast
 * state, {@link ControlState}); a change takes effect from the next article.
 */
public final class CountCombinations
        extends KeyedBroadcastProcessFunction<String, CombinationEvent, ControlMessage, CountUpdate>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 3L;

    public static final OutputTag<AlertVerdict> VERDICTS = new OutputTag<>("alert-verdicts", RecordTypes.ALERT_VERDICT);

    private final CoMentionCounter counter;
    private final AlertRules configuredRules;
    private final long updateIntervalMillis;

    private transient ValueState<CombinationState> state;
    /**
     * The same state as savepoints before {@link CombinationStateSerializer} wrote it (Flink's POJO
     * serializer): read once and moved into {@link #state} when the combination is next touched.
     */
    private transient ValueState<CombinationState> legacyState;
    /**
     * Whether {@link #legacyState} can hold anything: only after a restore from a savepoint that did not
     * rule it out. A new combination then needs one state lookup instead of two.
     */
    private transient boolean legacyPossible;

    /** Written at every snapshot: true when this subtask's state is known to hold nothing under the old name. */
    private transient ListState<Boolean> noLegacyState;
    /**
     * The event time this subtask began watching (its earliest article), as (subtask, time) in union
     * state: a restore at the same parallelism gives each subtask its own value back, so a recovered run
     * decides BURST warm-up, baselines and "since tracking began" as a failure-free one; after
     * rescaling, the earliest of all.
     */
    private transient ListState<Tuple2<Integer, Long>> observedSinceState;

    private transient long observedSince;
    private transient AlertRules rules;
    private transient Counter late;
    private transient Counter controlApplied;
    /** The latest watermark this subtask saw, for the event-time lag gauge (read by the metrics thread). */
    private transient volatile long lastWatermark;

    /**
     * The entities' names and types by id, as the combination events last carried them: the counting
     * state keeps only the ids (its key), so the names are kept once per subtask, in union operator
     * state, instead of once per combination.
     */
    private transient Map<String, EntityRef> names;

    private transient ListState<EntityRef> namesState;
    private transient boolean namesChanged;

    /** The counter's key: the combination ("AF+PK+US"). */
    public static final KeySelector<CombinationEvent, String> KEY = new CombinationKey();

    /** The counter as the job configures it: buckets, horizons and retention of {@code counts}, the rules, the update pace. */
    public static CountCombinations configuredBy(ComentionConfig config) {
        ComentionConfig.Counts counts = config.counts();
        return new CountCombinations(
                new CoMentionCounter(counts.bucket(), counts.horizons(), counts.retention()),
                config.alertRules(),
                counts.updateInterval());
    }

    private static final class CombinationKey implements KeySelector<CombinationEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(CombinationEvent event) {
            return event.key();
        }
    }

    /**
     * @param updateInterval the least processing time between two count updates of one combination
     *     published on arrival
     */
    public CountCombinations(CoMentionCounter counter, AlertRules configuredRules, Duration updateInterval) {
        this.counter = counter;
        this.configuredRules = configuredRules;
        this.updateIntervalMillis = updateInterval.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("combination-compact", CombinationStateSerializer.INSTANCE));
        legacyState = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("combination", TypeInformation.of(CombinationState.class)));
        var metrics = getRuntimeContext().getMetricGroup();
        late = metrics.counter(Metrics.ARTICLES_LATE);
        controlApplied = metrics.counter(Metrics.CONTROL_APPLIED);
        lastWatermark = Long.MIN_VALUE;
        metrics.gauge(Metrics.EVENT_TIME_LAG, (Gauge<Long>) () -> {
            long watermark = lastWatermark;
            return watermark == Long.MIN_VALUE ? -1L : Math.max(0L, System.currentTimeMillis() - watermark);
        });
    }

    @Override
    public void processElement(CombinationEvent event, ReadOnlyContext ctx, Collector<CountUpdate> out)
            throws Exception {
        rememberNames(event.entities());
        CombinationState s = load(ctx.getCurrentKey());
        if (s == null) {
            s = new CombinationState();
        }
        lastWatermark = ctx.timerService().currentWatermark();
        long t = event.eventTime().toEpochMilli();
        observedSince = Math.min(observedSince, t);
        CoMentionCounter.Arrival arrival = counter.add(
                ctx.getCurrentKey(),
                s,
                event,
                rules(ctx.getBroadcastState(ControlState.DESCRIPTOR)),
                observedSince,
                Instant.now());
        ctx.output(VERDICTS, new AlertVerdict(event.article().id(), event.parts(), arrival.alerts()));
        if (arrival.late()) {
            late.inc();
        } else {
            counter.scheduleHorizonExits(s, t);
            publishOrSchedule(ctx.getCurrentKey(), s, ctx.timerService(), out);
        }
        retime(s, ctx.timerService());
        state.update(s);
    }

    /**
     * The combination's state, moved over from the pre-compact state name if it is still there, with its
     * entities' names filled in from {@link #names} when the stored form kept only the ids.
     */
    private CombinationState load(String key) throws Exception {
        CombinationState s = state.value();
        if (s == null && legacyPossible) {
            s = legacyState.value();
            if (s != null) {
                legacyState.clear();
                s.namesNotInTable = true;
                state.update(s);
            }
        }
        if (s != null) {
            if (s.pendingTimer == Long.MIN_VALUE) {
                // not stored: at rest the one timer is always where the state says the next one is
                s.pendingTimer = counter.nextTimer(s);
            }
            if (s.entities.isEmpty()) {
                s.entities = entitiesOf(key);
            } else if (s.namesNotInTable) {
                // state written with its names (a savepoint of an earlier version): the table takes them over
                rememberNames(s.entities);
                s.namesNotInTable = false;
            }
        }
        return s;
    }

    private void rememberNames(List<EntityRef> entities) {
        for (EntityRef e : entities) {
            EntityRef known = names.get(e.id());
            if (known == null || !known.equals(e)) {
                names.put(e.id(), e);
                namesChanged = true;
            }
        }
    }

    /** The entities of a combination key, named as last seen (by id only if never seen: cannot happen in the job). */
    private List<EntityRef> entitiesOf(String key) {
        List<EntityRef> out = new ArrayList<>(4);
        for (String id : Combinations.ids(key)) {
            EntityRef known = names.get(id);
            out.add(known != null ? known : new EntityRef(id, id, null));
        }
        return out;
    }

    /**
     * Publishes the counts now unless this combination published less than the update interval ago;
     * then one processing-time timer publishes them when the interval is up.
     */
    private void publishOrSchedule(String key, CombinationState s, TimerService timers, Collector<CountUpdate> out) {
        if (s.updateDue != Long.MIN_VALUE) {
            return; // an update is already on its way and will include this article
        }
        long now = timers.currentProcessingTime();
        if (s.lastUpdateAt == Long.MIN_VALUE || now >= s.lastUpdateAt + updateIntervalMillis) {
            s.lastUpdateAt = now;
            out.collect(counter.snapshot(key, s, counter.countsAsOf(s), observedSince, Instant.now()));
        } else {
            s.updateDue = s.lastUpdateAt + updateIntervalMillis;
            timers.registerProcessingTimeTimer(s.updateDue);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CountUpdate> out) throws Exception {
        String key = ctx.getCurrentKey();
        CombinationState s = load(key);
        if (s == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (timestamp == s.updateDue) {
                s.updateDue = Long.MIN_VALUE;
                s.lastUpdateAt = timestamp;
                state.update(s);
                out.collect(counter.snapshot(key, s, counter.countsAsOf(s), observedSince, Instant.now()));
            }
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        lastWatermark = watermark;
        if (timestamp != s.pendingTimer && timestamp < counter.expiresAt(s.latestEventTime)) {
            return; // a timer this state no longer expects (registered before a restore with other settings)
        }
        if (timestamp >= counter.expiresAt(s.latestEventTime)) {
            forget(s, ctx.timerService());
            return;
        }
        s.pendingTimer = Long.MIN_VALUE; // this one has fired
        AlertRules inForce = rules(ctx.getBroadcastState(ControlState.DESCRIPTOR));
        // Every exit (and the expiry) the watermark has already passed is handled in this one pass, each
        // exit with its own count update, in order: the same output as a timer each, which Flink would
        // fire one after another in this same watermark advance (at the end of a bounded input, the
        // 24 h exit and the expiry of every combination).
        long exit = timestamp;
        while (true) {
            counter.horizonExit(key, s, exit, inForce);
            out.collect(counter.snapshot(key, s, counter.countsAsOf(s), observedSince, Instant.now()));
            long next = counter.nextTimer(s);
            if (next > watermark) {
                break;
            }
            if (s.pendingCloses.length == 0) {
                forget(s, ctx.timerService()); // next is the expiry
                return;
            }
            exit = next;
        }
        if (s.updateDue == Long.MIN_VALUE
                && s.lastUpdateAt != Long.MIN_VALUE
                && ctx.timerService().currentProcessingTime() >= s.lastUpdateAt + updateIntervalMillis) {
            // the next article is published at once either way: nothing left to remember
            s.lastUpdateAt = Long.MIN_VALUE;
        }
        retime(s, ctx.timerService());
        state.update(s);
    }

    /** The combination has been quiet for its longest horizon and the retention: no state left behind. */
    private void forget(CombinationState s, TimerService timers) {
        if (s.updateDue != Long.MIN_VALUE) {
            timers.deleteProcessingTimeTimer(s.updateDue);
        }
        state.clear();
    }

    /**
     * Keeps exactly one event-time timer per combination, at its next pending horizon exit or else at its
     * expiry: Flink's timer queue then holds one entry per combination instead of one per exit, and an
     * article does not have to delete and re-register an expiry timer.
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
                .getUnionListState(
                        new ListStateDescriptor<>("observed-since-by-subtask", Types.TUPLE(Types.INT, Types.LONG)));
        int me = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        long own = Long.MAX_VALUE;
        long earliest = Long.MAX_VALUE;
        Set<Integer> subtasks = new HashSet<>();
        for (Tuple2<Integer, Long> t : observedSinceState.get()) {
            subtasks.add(t.f0);
            earliest = Math.min(earliest, t.f1);
            if (t.f0 == me) {
                own = t.f1;
            }
        }
        // state written before the per-subtask form: the earliest of all subtasks
        for (Long t : context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("observed-since", Types.LONG))
                .get()) {
            earliest = Math.min(earliest, t);
        }
        namesState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("entity-names", TypeInformation.of(EntityRef.class)));
        names = new HashMap<>();
        for (EntityRef e : namesState.get()) {
            names.put(e.id(), e);
        }
        namesChanged = true; // a union restore hands every subtask all lists: write back one copy
        noLegacyState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("no-legacy-combinations", Types.BOOLEAN));
        // union state: every subtask sees every subtask's word, so after rescaling too it is "none" only if all said so
        boolean allSaidNone = false;
        for (Boolean none : noLegacyState.get()) {
            allSaidNone = none;
            if (!none) {
                break;
            }
        }
        legacyPossible = context.isRestored() && !allSaidNone;
        boolean sameParallelism =
                subtasks.size() == parallelism && subtasks.stream().allMatch(i -> i < parallelism);
        observedSince = sameParallelism ? own : earliest;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        // written even before the first article, so a restore at the same parallelism finds every subtask
        observedSinceState.update(
                List.of(Tuple2.of(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), observedSince)));
        noLegacyState.update(List.of(!legacyPossible));
        if (namesChanged) {
            namesState.update(new ArrayList<>(names.values()));
            namesChanged = false;
        }
    }

    /** The rules in force, rebuilt after a change or a restore. */
    private AlertRules rules(ReadOnlyBroadcastState<String, ControlMessage> control) throws Exception {
        if (rules == null) {
            rules = ControlState.apply(configuredRules, control.immutableEntries());
        }
        return rules;
    }
}
