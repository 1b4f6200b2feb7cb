package io.comention.pipeline;

import io.comention.analytics.AlertRules;
import io.comention.analytics.CoMentionCounter;
import io.comention.analytics.CombinationState;
import io.comention.analytics.Combinations;
import io.comention.analytics.DeferredExits;
import io.comention.analytics.SampleArticle;
import io.comention.config.ComentionConfig;
import io.comention.model.Alert;
import io.comention.model.AlertVerdict;
import io.comention.model.ArticleCombinations;
import io.comention.model.ArticleRef;
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
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by combination: counts each article as it arrives ({@link CoMentionCounter}) and decides its
 * alerts at once. Input 1 is each article's combinations ({@link ArticleCombinations}), which the job
 * sends to every subtask: a subtask counts those in its own key groups and sends one {@link AlertVerdict}
 * for the article (usually with no alert) to {@link #VERDICTS}, where the alert grouping collects the
 * article's verdicts into one alert per story. Input 2 is the broadcast {@code news.control} messages.
 *
 * <p>Count updates are published as articles arrive, at most one per combination per
 * {@code updateInterval} of processing time (a busy combination's later articles wait for the pace; the
 * compacted topic keeps only the latest anyway), and again when event time carries one of its buckets out
 * of a horizon, so the counts fall as the news moves on. Once no exit is left, the combination is
 * forgotten after the retention period, so quiet keys leave no state.
 *
 * <p><b>No Flink timer per combination.</b> Each combination's next exit (or expiry) is kept in an
 * {@linkplain #exits exit index} of this subtask (time → keys), which the watermark drains before it is
 * passed on; the waiting count updates likewise in a {@linkplain #pace pace index} with one
 * processing-time callback at its earliest. Exits and expiries are bucket-aligned, so the exit index
 * holds few distinct times and an entry costs a list append, where Flink's timer queue paid a heap
 * sift and a de-duplication map entry per combination, and wrote ~30 bytes per combination into every
 * checkpoint. Neither index is checkpointed: both are rebuilt after a restore from the keyed state,
 * which says when each combination is due ({@link CoMentionCounter#nextTimer}, {@code updateDue}).
 * An entry is never removed when a combination moves to another time; an entry its state no longer
 * expects is skipped when reached.
 *
 * <p>The rules are the configured ones with the changes from {@code news.control} applied (broadcast
 * state, {@link ControlState}); a change takes effect from the next article.
 */
public final class CountCombinations extends AbstractStreamOperator<CountUpdate>
        implements TwoInputStreamOperator<ArticleCombinations, ControlMessage, CountUpdate> {

    private static final long serialVersionUID = 5L;

    public static final OutputTag<AlertVerdict> VERDICTS = new OutputTag<>("alert-verdicts", RecordTypes.ALERT_VERDICT);

    /** The operator's name in the job graph. */
    public static final String NAME = "Count combinations and evaluate alerts";

    /** Source names kept as one instance each ({@code withKnownSource}); a feed has a few thousand. */
    static final int MAX_SOURCE_NAMES = 100_000;

    static final String STATE = "combination-compact";
    /** {@link CombinationState#pendingTimer} of a combination the exit index does not hold (its exits are deferred). */
    private static final long NOT_INDEXED = Long.MAX_VALUE;

    static final String LEGACY_STATE = "combination";
    /** The name of the Flink timer service versions before the exit index registered a timer per combination in. */
    static final String LEGACY_TIMERS = "user-timers";

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
    private transient BroadcastState<String, ControlMessage> control;
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

    /**
     * Event time (epoch ms) → the combinations whose next horizon exit or expiry is then. A combination
     * is in it at least at the time its state's {@link CombinationState#pendingTimer} says; entries at
     * other times are stale and skipped.
     */
    private transient TreeMap<Long, ArrayList<String>> exits;

    /**
     * The entity objects of the record being counted whose names are remembered already: the first
     * {@link #namedInRecord} (a record names at most a few dozen; beyond the array they are looked up).
     */
    private transient EntityRef[] namedEntities;

    private transient int namedInRecord;

    /** The source names of the articles seen, each as one instance ({@link #withKnownSource}). */
    private transient Map<String, String> sourceNames;
    /**
     * Event time (epoch ms) → combinations named by one article whose exit then is published without
     * reading their state ({@link DeferredExits}): on the heap backend, where the state object itself stays
     * in memory, a combination's first article puts it here instead of in {@link #exits} until its last exit.
     */
    private transient TreeMap<Long, ArrayList<DeferredExits>> deferred;

    /** The entry of {@link #deferred} last added to (null: none, or polled since), at {@link #lastDeferredTime}. */
    private transient ArrayList<DeferredExits> lastDeferred;

    private transient long lastDeferredTime;

    /** Whether the last {@link #load} took the combination back from {@link #deferred} (its state changed). */
    private transient boolean tookBack;

    /** Whether exits of combinations named once are deferred: the heap backend only (state objects stay live). */
    private transient boolean deferSingleExits;

    /**
     * Every horizon exit up to this event time (epoch ms) has been published, as (subtask, time) in union
     * state: a state restored with exits at or before it had them published from {@link #deferred}, and
     * takes them in silently instead of publishing them again.
     */
    private transient ListState<Tuple2<Integer, Long>> exitsPublishedState;

    /** The entry of {@link #exits} last added to (null: none, or polled since), at {@link #lastExitTime}. */
    private transient ArrayList<String> lastExitKeys;

    private transient long lastExitTime;
    /** Processing time (epoch ms) → the combinations whose waiting count update is due then ({@code updateDue}). */
    private transient TreeMap<Long, ArrayList<String>> pace;
    /** The one processing-time callback registered for {@link #pace}, at {@link #paceTimerAt}; null if none. */
    private transient ScheduledFuture<?> paceTimer;

    private transient long paceTimerAt;
    private transient StreamRecord<CountUpdate> reusedUpdate;
    private transient StreamRecord<AlertVerdict> reusedVerdict;

    /**
     * The counter's key: the combination ("AF+PK+US"). For a record of one combination (the simulation,
     * the tests) it is also the route; the job sends each article's record to every subtask instead
     * ({@link #countOnEverySubtask}).
     */
    public static final KeySelector<ArticleCombinations, String> KEY = new CombinationKey();

    /** The key groups of this subtask: the combinations it counts. */
    private transient KeyGroupRange keyGroups;

    private transient KeyedStateBackend<String> backend;

    private transient int maxParallelism;
    /** The verdicts an article sent to every subtask yields: one from each. */
    private transient int verdictsPerArticle;

    /** The counter as the job configures it: buckets, horizons and retention of {@code counts}, the rules, the update pace. */
    public static CountCombinations configuredBy(ComentionConfig config) {
        ComentionConfig.Counts counts = config.counts();
        return new CountCombinations(
                new CoMentionCounter(counts.bucket(), counts.horizons(), counts.retention()),
                config.alertRules(),
                counts.updateInterval());
    }

    private static final class CombinationKey implements KeySelector<ArticleCombinations, String> {
        private static final long serialVersionUID = 2L;

        @Override
        public String getKey(ArticleCombinations record) {
            return record.combinations().get(0).key();
        }
    }

    /**
     * The counter in the job: every subtask receives every article's combinations (one record per article
     * and subtask instead of ~36 records keyed by combination, and one verdict per article and subtask
     * instead of one per combination) and counts those in its own key groups, as a key-by would have
     * routed them. It needs no knowledge of the parallelism upstream, so it holds across rescaling; the
     * price is that each subtask reads every article's combination list (a few hundred bytes), which
     * stays below the keyed route's cost up to about as many subtasks as an article has combinations.
     * The keyed state is keyed by combination as before (same key type, state names and uid), so
     * savepoints restore either way.
     */
    public static SingleOutputStreamOperator<CountUpdate> countOnEverySubtask(
            DataStream<ArticleCombinations> combinations,
            DataStream<ControlMessage> control,
            CountCombinations counter) {
        SingleOutputStreamOperator<CountUpdate> counted = combinations
                .broadcast()
                .connect(control.broadcast())
                .transform(NAME, RecordTypes.COUNT_UPDATE, counter);
        var transformation =
                (TwoInputTransformation<ArticleCombinations, ControlMessage, CountUpdate>) counted.getTransformation();
        transformation.setStateKeySelectors(KEY, null);
        transformation.setStateKeyType(Types.STRING);
        return counted;
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
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = context.getKeyedStateStore()
                .getState(new ValueStateDescriptor<>(
                        STATE,
                        CombinationStateSerializer.laidOutBy(
                                CombinationStateLayout.of(counter, configuredRules.burst()))));
        legacyState = context.getKeyedStateStore()
                .getState(new ValueStateDescriptor<>(LEGACY_STATE, TypeInformation.of(CombinationState.class)));
        control = getOperatorStateBackend().getBroadcastState(ControlState.DESCRIPTOR);

        var operatorState = context.getOperatorStateStore();
        observedSinceState = operatorState.getUnionListState(
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
        for (Long t : operatorState
                .getUnionListState(new ListStateDescriptor<>("observed-since", Types.LONG))
                .get()) {
            earliest = Math.min(earliest, t);
        }
        namesState = operatorState.getUnionListState(
                new ListStateDescriptor<>("entity-names", TypeInformation.of(EntityRef.class)));
        names = new HashMap<>();
        for (EntityRef e : namesState.get()) {
            names.put(e.id(), e);
        }
        namesChanged = true; // a union restore hands every subtask all lists: write back one copy
        noLegacyState =
                operatorState.getUnionListState(new ListStateDescriptor<>("no-legacy-combinations", Types.BOOLEAN));
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

        exitsPublishedState = operatorState.getUnionListState(
                new ListStateDescriptor<>("exits-published-by-subtask", Types.TUPLE(Types.INT, Types.LONG)));
        long exitsPublishedUpTo = Long.MAX_VALUE;
        for (Tuple2<Integer, Long> t : exitsPublishedState.get()) {
            exitsPublishedUpTo = Math.min(exitsPublishedUpTo, t.f1); // after rescaling: none twice, none lost
        }
        if (exitsPublishedUpTo == Long.MAX_VALUE) {
            exitsPublishedUpTo = Long.MIN_VALUE; // a fresh start, or a savepoint from before deferred exits
        }

        exits = new TreeMap<>();
        deferred = new TreeMap<>();
        deferSingleExits = getKeyedStateBackend() instanceof HeapKeyedStateBackend;
        sourceNames = new HashMap<>();
        namedEntities = new EntityRef[32];
        pace = new TreeMap<>();
        paceTimerAt = Long.MAX_VALUE;
        if (context.isRestored()) {
            rebuildIndexes(exitsPublishedUpTo);
            // Savepoints of versions with a Flink timer per combination still hold those timers: they
            // drain, doing nothing, as event time passes them (the rebuilt exit index does their work).
            getInternalTimerService(LEGACY_TIMERS, VoidNamespaceSerializer.INSTANCE, new IgnoreTimers());
        }
    }

    /**
     * Fills both indexes from the keyed state of this subtask, as after a restore; a state whose exits up
     * to {@code exitsPublishedUpTo} were published from {@link #deferred} takes them in first.
     */
    private void rebuildIndexes(long exitsPublishedUpTo) throws Exception {
        for (String key : keysOf(STATE)) {
            setCurrentKey(key);
            CombinationState s = state.value();
            if (s != null && s.pendingCloses.length > 0 && s.pendingCloses[0] <= exitsPublishedUpTo) {
                takeInExits(key, s, exitsPublishedUpTo);
                state.update(s);
            }
            indexRestored(key, s);
        }
        if (legacyPossible) {
            for (String key : keysOf(LEGACY_STATE)) {
                setCurrentKey(key);
                indexRestored(key, legacyState.value());
            }
        }
    }

    private List<String> keysOf(String stateName) {
        // collected first: reading a value while a backend iterates its keys is not safe for every backend
        KeyedStateBackend<String> backend = getKeyedStateBackend();
        try (Stream<String> keys = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            return keys.collect(Collectors.toList());
        }
    }

    private void indexRestored(String key, CombinationState s) {
        if (s == null) {
            return;
        }
        add(exits, counter.nextTimer(s), key);
        if (s.updateDue != Long.MIN_VALUE) {
            add(pace, s.updateDue, key);
        }
    }

    private static <T> void add(TreeMap<Long, ArrayList<T>> index, long time, T entry) {
        entriesAt(index, time).add(entry);
    }

    /** What {@code index} holds at {@code time}, a new empty entry if nothing. */
    private static <T> ArrayList<T> entriesAt(TreeMap<Long, ArrayList<T>> index, long time) {
        return index.computeIfAbsent(time, t -> new ArrayList<>());
    }

    @Override
    public void open() throws Exception {
        super.open();
        var metrics = getMetricGroup();
        late = metrics.counter(Metrics.ARTICLES_LATE);
        controlApplied = metrics.counter(Metrics.CONTROL_APPLIED);
        lastWatermark = Long.MIN_VALUE;
        metrics.gauge(Metrics.EVENT_TIME_LAG, (Gauge<Long>) () -> {
            long watermark = lastWatermark;
            return watermark == Long.MIN_VALUE ? -1L : Math.max(0L, System.currentTimeMillis() - watermark);
        });
        backend = getKeyedStateBackend();
        var task = getRuntimeContext().getTaskInfo();
        maxParallelism = task.getMaxNumberOfParallelSubtasks();
        verdictsPerArticle = task.getNumberOfParallelSubtasks();
        keyGroups = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                maxParallelism, verdictsPerArticle, task.getIndexOfThisSubtask());
        reusedUpdate = new StreamRecord<>(null);
        reusedVerdict = new StreamRecord<>(null);
        if (!pace.isEmpty()) {
            schedulePaceCallback(pace.firstKey()); // updates that were waiting at the snapshot
        }
    }

    /**
     * Keys are set per combination in {@link #processElement1}: a record holds many, and on the job's
     * route (to every subtask) most belong to other subtasks' key groups.
     */
    @Override
    @SuppressWarnings("rawtypes") // Flink declares it with the raw type
    public void setKeyContextElement1(StreamRecord record) {}

    @Override
    public void processElement1(StreamRecord<ArticleCombinations> element) throws Exception {
        ArticleCombinations record = element.getValue();
        int parts = record.parts() == ArticleCombinations.ONE_PER_COUNTER ? verdictsPerArticle : record.parts();
        long timestamp = element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE;
        List<Alert> alerts = List.of();
        ArticleRef article = withKnownSource(record.article());
        // one sample and one clock reading for all of the article's combinations
        SampleArticle sample = new SampleArticle(article, record.eventTime().toEpochMilli());
        Instant now = Instant.now();
        namedInRecord = 0;
        for (ArticleCombinations.Combination combination : record.combinations()) {
            String key = combination.key();
            int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
            if (!keyGroups.contains(keyGroup)) {
                continue; // another subtask's
            }
            backend.setCurrentKeyAndKeyGroup(key, keyGroup); // setCurrentKey, without hashing the key again
            List<Alert> raised = count(
                    new CombinationEvent(key, combination.entities(), article, record.eventTime(), parts),
                    sample,
                    now,
                    timestamp);
            if (!raised.isEmpty()) {
                if (alerts.isEmpty()) {
                    alerts = new ArrayList<>(raised);
                } else {
                    alerts.addAll(raised);
                }
            }
        }
        AlertVerdict verdict = new AlertVerdict(record.article().id(), parts, alerts);
        if (timestamp != Long.MIN_VALUE) {
            output.collect(VERDICTS, reusedVerdict.replace(verdict, timestamp));
        } else {
            reusedVerdict.eraseTimestamp();
            output.collect(VERDICTS, reusedVerdict.replace(verdict));
        }
    }

    /**
     * The article with the one instance of its source name this subtask hands to every combination, so a
     * combination finds the source among its own by reference instead of comparing strings. At most
     * {@link #MAX_SOURCE_NAMES} names are kept; beyond them names are compared as before.
     */
    private ArticleRef withKnownSource(ArticleRef article) {
        String source = article.source();
        if (source == null) {
            return article;
        }
        String known = sourceNames.get(source);
        if (known == null) {
            if (sourceNames.size() < MAX_SOURCE_NAMES) {
                sourceNames.put(source, source); // this instance is the one from now on
            }
            return article;
        }
        return known == source ? article : new ArticleRef(article.id(), article.title(), article.url(), known);
    }

    /** Counts one combination of an article (the current key) and returns the alerts it raised. */
    private List<Alert> count(CombinationEvent event, SampleArticle sample, Instant now, long timestamp)
            throws Exception {
        String key = event.key();
        rememberNamesInRecord(event.entities());
        CombinationState s = load(key);
        if (s == null) {
            s = new CombinationState();
        }
        long t = event.eventTime().toEpochMilli();
        observedSince = Math.min(observedSince, t);
        CoMentionCounter.Arrival arrival = counter.add(key, s, event, sample, rules(), observedSince, now);
        if (arrival.late()) {
            late.inc();
        } else {
            counter.scheduleHorizonExits(s, t);
            publishOrSchedule(key, s, timestamp, now);
        }
        if (deferSingleExits
                && s.total == 1
                && !arrival.late()
                && s.updateDue == Long.MIN_VALUE
                && s.pendingCloses.length > 1
                && s.pendingCloses[0] > lastWatermark) {
            defer(key, s);
        } else {
            retime(key, s);
        }
        state.update(s);
        return arrival.alerts();
    }

    @Override
    public void processElement2(StreamRecord<ControlMessage> element) throws Exception {
        if (ControlState.keepRuleChange(element.getValue(), control)) {
            rules = null;
            controlApplied.inc();
        }
    }

    /** Publishes every horizon exit and expiry the watermark has reached, then passes the watermark on. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long watermark = mark.getTimestamp();
        lastWatermark = watermark;
        publishExitsUpTo(watermark);
        super.processWatermark(mark);
    }

    /**
     * Before a checkpoint's barrier: the exits an article behind the watermark brought (due already, waiting
     * for the next watermark) are published now, so every exit up to the watermark is out before the
     * snapshot, which records that ({@link #exitsPublishedState}).
     */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        if (lastWatermark != Long.MIN_VALUE) {
            publishExitsUpTo(lastWatermark);
        }
    }

    /** Publishes every exit and expiry of both indexes up to {@code watermark}, in time order. */
    private void publishExitsUpTo(long watermark) throws Exception {
        Map.Entry<Long, ArrayList<String>> due;
        Instant now = null; // read once, when the first exit is due
        while (true) {
            due = exits.firstEntry();
            Map.Entry<Long, ArrayList<DeferredExits>> dueDeferred = deferred.firstEntry();
            boolean exitDue = due != null && due.getKey() <= watermark;
            boolean deferredDue = dueDeferred != null && dueDeferred.getKey() <= watermark;
            if (!exitDue && !deferredDue) {
                break;
            }
            if (now == null) {
                now = Instant.now();
            }
            if (deferredDue && (!exitDue || dueDeferred.getKey() <= due.getKey())) {
                deferred.pollFirstEntry();
                if (dueDeferred.getValue() == lastDeferred) {
                    lastDeferred = null;
                }
                for (DeferredExits d : dueDeferred.getValue()) {
                    publishDeferredExit(d, dueDeferred.getKey(), watermark, now);
                }
                continue;
            }
            exits.pollFirstEntry();
            if (due.getValue() == lastExitKeys) {
                lastExitKeys = null; // polled: keys due again now go to a new entry, not the list being read
            }
            long time = due.getKey();
            for (String key : due.getValue()) {
                setCurrentKey(key);
                exit(key, time, watermark, now);
            }
        }
    }

    /**
     * The combination's state, moved over from the pre-compact state name if it is still there, with its
     * entities' names filled in from {@link #names} when the stored form kept only the ids.
     */
    private CombinationState load(String key) throws Exception {
        return load(key, true);
    }

    /** {@link #load}; {@code index}: a combination taken back from {@link #deferred} goes into the exit index. */
    private CombinationState load(String key, boolean index) throws Exception {
        tookBack = false;
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
            tookBack = s.deferredExits != null;
            if (tookBack) {
                takeBack(key, s, index);
            }
            if (s.pendingTimer == Long.MIN_VALUE) {
                // not stored: at rest the exit index always holds the combination at its next exit or expiry
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

    /** {@link #rememberNames} for a combination of the record being counted: each entity object once a record. */
    private void rememberNamesInRecord(List<EntityRef> entities) {
        for (EntityRef e : entities) {
            if (!namedInThisRecord(e)) { // a record's combinations share its entity objects
                rememberName(e);
            }
        }
    }

    private void rememberNames(List<EntityRef> entities) {
        for (EntityRef e : entities) {
            rememberName(e);
        }
    }

    private void rememberName(EntityRef e) {
        EntityRef known = names.get(e.id());
        if (known == e || (known != null && known.equals(e))) {
            return; // known by this name already: each record brings new objects, no need to swap them in
        }
        namesChanged = true;
        names.put(e.id(), e);
    }

    /** Whether {@code e} (this very object) was remembered for the current record already; notes it if not. */
    private boolean namedInThisRecord(EntityRef e) {
        for (int i = 0; i < namedInRecord; i++) {
            if (namedEntities[i] == e) {
                return true;
            }
        }
        if (namedInRecord < namedEntities.length) {
            namedEntities[namedInRecord++] = e;
        }
        return false;
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
     * then the pace index publishes them when the interval is up.
     */
    private void publishOrSchedule(String key, CombinationState s, long timestamp, Instant now) {
        if (s.updateDue != Long.MIN_VALUE) {
            return; // an update is already on its way and will include this article
        }
        long processingTime = getProcessingTimeService().getCurrentProcessingTime();
        if (s.lastUpdateAt == Long.MIN_VALUE || processingTime >= s.lastUpdateAt + updateIntervalMillis) {
            s.lastUpdateAt = processingTime;
            publish(counter.snapshot(key, s, counter.countsAsOf(s), observedSince, now), timestamp);
        } else {
            s.updateDue = s.lastUpdateAt + updateIntervalMillis;
            add(pace, s.updateDue, key);
            if (s.updateDue < paceTimerAt) {
                schedulePaceCallback(s.updateDue);
            }
        }
    }

    private void publish(CountUpdate update, long timestamp) {
        if (timestamp == Long.MIN_VALUE) {
            reusedUpdate.eraseTimestamp();
            output.collect(reusedUpdate.replace(update));
        } else {
            output.collect(reusedUpdate.replace(update, timestamp));
        }
    }

    /** Keeps exactly one processing-time callback, at the earliest waiting update. */
    private void schedulePaceCallback(long at) {
        if (paceTimer != null) {
            paceTimer.cancel(false);
        }
        paceTimerAt = at;
        paceTimer = getProcessingTimeService().registerTimer(at, this::publishWaitingUpdates);
    }

    /** The pace callback: publishes every waiting update due by {@code time}. */
    private void publishWaitingUpdates(long time) throws Exception {
        paceTimer = null;
        paceTimerAt = Long.MAX_VALUE;
        Map.Entry<Long, ArrayList<String>> due;
        while ((due = pace.firstEntry()) != null && due.getKey() <= time) {
            pace.pollFirstEntry();
            long dueAt = due.getKey();
            for (String key : due.getValue()) {
                setCurrentKey(key);
                CombinationState s = load(key);
                if (s != null && s.updateDue == dueAt) {
                    s.updateDue = Long.MIN_VALUE;
                    s.lastUpdateAt = dueAt;
                    state.update(s);
                    publish(
                            counter.snapshot(key, s, counter.countsAsOf(s), observedSince, Instant.now()),
                            Long.MIN_VALUE);
                } else if (tookBack) {
                    state.update(s); // it has taken in its deferred exits and is indexed again
                }
            }
        }
        if (!pace.isEmpty()) {
            schedulePaceCallback(pace.firstKey());
        }
    }

    /** The exit index reached {@code time} for this combination, with the watermark at {@code watermark}. */
    private void exit(String key, long time, long watermark, Instant now) throws Exception {
        CombinationState s = load(key);
        if (s == null) {
            return; // forgotten since it was indexed
        }
        if (time >= counter.expiresAt(s.latestEventTime)) {
            forget(key, s);
            return;
        }
        if (time != s.pendingTimer) {
            if (tookBack) {
                state.update(s); // it has taken in its deferred exits and is indexed again
            }
            return; // a stale entry: the combination has moved on to another time since
        }
        publishExits(key, s, time, time, watermark, now);
    }

    /**
     * Publishes the exit at {@code firstExit} and every later one (and the expiry) the watermark has
     * already passed in this one visit, each exit with its own count update, in order, all stamped
     * {@code stamp} (at the end of a bounded input, the 24 h exit and the expiry of every combination);
     * then indexes the combination at its next exit, or forgets it.
     */
    private void publishExits(String key, CombinationState s, long firstExit, long stamp, long watermark, Instant now)
            throws Exception {
        s.pendingTimer = Long.MIN_VALUE; // this one is done
        AlertRules inForce = rules();
        long exit = firstExit;
        while (true) {
            counter.horizonExit(key, s, exit, inForce);
            publish(counter.snapshot(key, s, counter.countsAsOf(s), observedSince, now), stamp);
            long next = counter.nextTimer(s);
            if (next > watermark) {
                break;
            }
            if (s.pendingCloses.length == 0) {
                forget(key, s); // next is the expiry
                return;
            }
            exit = next;
        }
        if (s.updateDue == Long.MIN_VALUE
                && s.lastUpdateAt != Long.MIN_VALUE
                && getProcessingTimeService().getCurrentProcessingTime() >= s.lastUpdateAt + updateIntervalMillis) {
            // the next article is published at once either way: nothing left to remember
            s.lastUpdateAt = Long.MIN_VALUE;
        }
        retime(key, s);
        state.update(s);
    }

    /**
     * The combination's first article has just been counted: its exits but the last are published from
     * {@link #deferred}, the last by the exit index. Until the state is read again it is not changed, so the
     * counts at each exit follow from it as they stand.
     */
    private void defer(String key, CombinationState s) {
        DeferredExits d = new DeferredExits(key, s);
        s.deferredExits = d;
        s.pendingTimer = NOT_INDEXED;
        long first = s.pendingCloses[0];
        if (first != lastDeferredTime || lastDeferred == null) {
            lastDeferred = entriesAt(deferred, first);
            lastDeferredTime = first;
        }
        lastDeferred.add(d);
    }

    /**
     * Publishes a deferred combination's exit at {@code time} as {@link #exit} would have (its counts as of
     * the exit, from the unchanged state), then files it at its next exit: the last goes to the exit index.
     */
    private void publishDeferredExit(DeferredExits d, long time, long watermark, Instant now) throws Exception {
        if (!d.live) {
            return; // read again since: the state publishes its own exits now
        }
        CombinationState frozen = d.state;
        publish(counter.snapshot(d.key, frozen, time, observedSince, now), time);
        d.publishedUpTo = time;
        long[] closes = frozen.pendingCloses;
        int i = 0;
        while (closes[i] <= time) {
            i++; // stops before the end: the last exit is never deferred
        }
        long next = closes[i];
        if (next <= watermark) {
            // later exits this watermark has passed too: one visit to the state publishes them, stamped
            // with this exit's time, as exit() does for a combination it holds
            setCurrentKey(d.key);
            CombinationState s = load(d.key, false); // takes it back: the exits published so far are applied
            if (s != null) {
                publishExits(d.key, s, next, time, watermark, now);
            }
        } else if (i == closes.length - 1) {
            d.handedOverAt = next; // the last exit is the exit index's
            add(exits, next, d.key);
        } else {
            add(deferred, next, d);
        }
    }

    /**
     * The state is read again: it applies the exits published from {@link #deferred} (without publishing
     * them) and is in the exit index from now on.
     */
    private void takeBack(String key, CombinationState s, boolean index) throws Exception {
        DeferredExits d = s.deferredExits;
        s.deferredExits = null;
        if (!d.live) {
            return; // taken back already (a link a copy of the state still carried)
        }
        d.live = false;
        takeInExits(key, s, d.publishedUpTo);
        if (d.handedOverAt != Long.MIN_VALUE) {
            s.pendingTimer = d.handedOverAt; // the exit index holds it there already
        } else {
            s.pendingTimer = NOT_INDEXED;
            if (index) {
                retime(key, s); // whoever read it may not re-index it (a stale exit-index entry)
            }
        }
    }

    /** Applies the state's exits up to {@code upTo} that were published without it, without publishing them. */
    private void takeInExits(String key, CombinationState s, long upTo) throws Exception {
        while (s.pendingCloses.length > 0 && s.pendingCloses[0] <= upTo) {
            counter.horizonExit(key, s, s.pendingCloses[0], rules());
        }
    }

    /** The combination has been quiet for its longest horizon and the retention: no state left behind. */
    private void forget(String key, CombinationState s) {
        if (s.updateDue != Long.MIN_VALUE) {
            ArrayList<String> waiting = pace.get(s.updateDue);
            if (waiting != null) {
                waiting.remove(key);
                if (waiting.isEmpty()) {
                    pace.remove(s.updateDue);
                }
            }
            if (pace.isEmpty() && paceTimer != null) {
                paceTimer.cancel(false);
                paceTimer = null;
                paceTimerAt = Long.MAX_VALUE;
            }
        }
        state.clear();
    }

    /**
     * Keeps the combination in the exit index at its next pending horizon exit or else at its expiry: one
     * entry per combination instead of one per exit, and an article does not move an expiry entry.
     */
    private void retime(String key, CombinationState s) {
        long next = counter.nextTimer(s);
        if (next != s.pendingTimer) {
            if (next != lastExitTime || lastExitKeys == null) {
                // an article's combinations mostly go to the same time: one tree lookup for all of them
                lastExitKeys = entriesAt(exits, next);
                lastExitTime = next;
            }
            lastExitKeys.add(key);
            s.pendingTimer = next;
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        // written even before the first article, so a restore at the same parallelism finds every subtask
        observedSinceState.update(
                List.of(Tuple2.of(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), observedSince)));
        noLegacyState.update(List.of(!legacyPossible));
        // Every exit up to the last watermark is published (both indexes are drained up to it at each
        // watermark and before the barrier), except any an index still holds (an article behind the
        // watermark since, where the barrier did not drain them first): those are not yet.
        long published = lastWatermark;
        if (!exits.isEmpty()) {
            published = Math.min(published, exits.firstKey() - 1);
        }
        if (!deferred.isEmpty()) {
            published = Math.min(published, deferred.firstKey() - 1);
        }
        exitsPublishedState.update(
                List.of(Tuple2.of(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), published)));
        if (namesChanged) {
            namesState.update(new ArrayList<>(names.values()));
            namesChanged = false;
        }
    }

    /** The rules in force, rebuilt after a change or a restore. */
    private AlertRules rules() throws Exception {
        if (rules == null) {
            rules = ControlState.apply(configuredRules, control.immutableEntries());
        }
        return rules;
    }

    /**
     * Entries in the exit index, stale ones included, and combinations whose exits are deferred (for tests:
     * one per combination at rest).
     */
    int exitIndexEntries() {
        return exits.values().stream().mapToInt(List::size).sum() + deferredEntries();
    }

    /** Combinations whose exits are published without reading their state (for tests). */
    int deferredEntries() {
        return (int) deferred.values().stream()
                .flatMap(List::stream)
                .filter(d -> d.live)
                .count();
    }

    /** Turns deferred exits off (for tests: every exit read from the state, as on RocksDB). */
    void readEveryExitFromState() {
        deferSingleExits = false;
    }

    /** Entries in the pace index (for tests). */
    int paceIndexEntries() {
        return pace.values().stream().mapToInt(List::size).sum();
    }

    /** Timers of an earlier version restored from a savepoint: their work is the exit index's now. */
    private static final class IgnoreTimers implements Triggerable<Object, VoidNamespace> {
        @Override
        public void onEventTime(InternalTimer<Object, VoidNamespace> timer) {}

        @Override
        public void onProcessingTime(InternalTimer<Object, VoidNamespace> timer) {}
    }
}
