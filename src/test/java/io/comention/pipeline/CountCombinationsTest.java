package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.analytics.AlertRules;
import io.comention.analytics.BurstSettings;
import io.comention.analytics.CoMentionCounter;
import io.comention.analytics.CombinationState;
import io.comention.analytics.Horizon;
import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import io.comention.model.Alert;
import io.comention.model.AlertVerdict;
import io.comention.model.ArticleCombinations;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.ControlMessage;
import io.comention.model.CountUpdate;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountCombinationsTest {

    static final List<EntityRef> AF_PK_US = List.of(
            new EntityRef("AF", "Afghanistan", EntityType.COUNTRY),
            new EntityRef("PK", "Pakistan", EntityType.COUNTRY),
            new EntityRef("US", "United States", EntityType.COUNTRY));
    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");

    static final BurstSettings NO_BURST =
            new BurstSettings(false, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(24), Duration.ofHours(6));

    private KeyedTwoInputStreamOperatorTestHarness<String, ArticleCombinations, ControlMessage, CountUpdate> harness;

    static final Duration UPDATE_INTERVAL = Duration.ofSeconds(5);

    /** 5-minute buckets, horizons of 15 minutes, an hour and a day, two days' retention. */
    static CoMentionCounter standardCounter() {
        return new CoMentionCounter(
                Duration.ofMinutes(5),
                List.of(
                        Horizon.of(Duration.ofMinutes(15)),
                        Horizon.of(Duration.ofHours(1)),
                        Horizon.of(Duration.ofHours(24))),
                Duration.ofDays(2));
    }

    @BeforeEach
    void open() throws Exception {
        var counter = standardCounter();
        var rule = new WatchRule("pak-afg-us", List.of("AF", "PK", "US"), Duration.ofHours(1), 3);
        var rules = new AlertRules(List.of(rule), List.of(), NO_BURST, Duration.ofHours(1));
        harness = restoredHarness(counter, rules, null);
        harness.setProcessingTime(1_000_000);
    }

    /** Keyed state entries across all states. */
    private int keyedStateEntries() {
        return harness.numKeyedStateEntries();
    }

    /** Entries in the operator's exit index (it replaced the one Flink event-time timer per combination). */
    private int exitIndexEntries() {
        return ((CountCombinations) harness.getOperator()).exitIndexEntries();
    }

    /** Processing-time callbacks registered for waiting count updates. */
    private int processingTimeTimers() {
        return harness.getProcessingTimeService().getNumActiveTimers();
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark1(new Watermark(at.toEpochMilli()));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void article(String id, Instant at) throws Exception {
        harness.processElement1(new StreamRecord<>(
                ArticleCombinations.of(new CombinationEvent(
                        "AF+PK+US", AF_PK_US, new ArticleRef(id, "T " + id, "https://x/" + id, "x"), at, 3)),
                at.toEpochMilli()));
    }

    private List<AlertVerdict> verdicts() {
        var out = harness.getSideOutput(CountCombinations.VERDICTS);
        return out == null
                ? List.of()
                : out.stream().map(StreamRecord::getValue).toList();
    }

    private List<Alert> alerts() {
        return verdicts().stream().flatMap(v -> v.alerts().stream()).toList();
    }

    @Test
    void shouldAlertOnTheArticleThatReachesTheThresholdWithoutAnyWatermark() throws Exception {
        article("a", T0);
        article("b", T0.plusSeconds(300));
        assertThat(alerts()).isEmpty();
        article("c", T0.plusSeconds(600));

        // one verdict per record (here one combination each), naming its article and how many parts it had
        assertThat(verdicts()).extracting(AlertVerdict::articleId).containsExactly("a", "b", "c");
        assertThat(verdicts()).extracting(AlertVerdict::parts).containsOnly(3);
        List<Alert> alerts = alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.kind()).isEqualTo(Alert.AlertKind.WATCH);
        assertThat(alert.entities()).extracting(EntityRef::id).containsExactly("AF", "PK", "US");
        assertThat(alert.count()).isEqualTo(3);
        assertThat(alert.triggeredBy()).isEqualTo("c");
        assertThat(alert.windowEnd()).isEqualTo(T0.plusSeconds(900));
        assertThat(alert.explanation())
                .startsWith("Afghanistan, Pakistan and United States were named together in 3 articles");
    }

    @Test
    void shouldPublishCountsOnArrivalAtMostOncePerUpdateInterval() throws Exception {
        article("a", T0);
        // the first article of a quiet combination is published at once
        assertThat(harness.extractOutputValues()).extracting(CountUpdate::total).containsExactly(1L);
        article("b", T0.plusSeconds(10));
        article("c", T0.plusSeconds(20));
        // a busy combination waits for the interval: one timer, one update holding both
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(processingTimeTimers()).isEqualTo(1);
        harness.setProcessingTime(1_000_000 + UPDATE_INTERVAL.toMillis());
        List<CountUpdate> updates = harness.extractOutputValues();
        assertThat(updates).extracting(CountUpdate::total).containsExactly(1L, 3L);
        assertThat(updates.get(1).counts()).containsEntry("15m", 3L);
        assertThat(processingTimeTimers()).isZero();
        // once the interval has passed, the next article is published at once again
        harness.setProcessingTime(1_000_000 + 3 * UPDATE_INTERVAL.toMillis());
        article("d", T0.plusSeconds(30));
        assertThat(harness.extractOutputValues()).extracting(CountUpdate::total).containsExactly(1L, 3L, 4L);
    }

    @Test
    void shouldPublishFallingCountsAsBucketsLeaveTheHorizonsAndThenForgetTheCombination() throws Exception {
        article("a", T0);
        article("b", T0.plusSeconds(60));
        harness.setProcessingTime(1_000_000 + UPDATE_INTERVAL.toMillis());
        // one exit-index entry per combination, at the earliest of its horizon exits; the expiry follows
        assertThat(exitIndexEntries()).isEqualTo(1);
        assertThat(keyedStateEntries()).isEqualTo(1);

        watermark(T0.plus(Duration.ofHours(25)));
        List<CountUpdate> updates = harness.extractOutputValues();
        // on arrival (a; then b after the interval), then one per horizon exit: 15m, 1h, 24h
        assertThat(updates).hasSize(5);
        assertThat(updates.get(2).counts()).containsEntry("15m", 0L).containsEntry("1h", 2L);
        CountUpdate last = updates.get(updates.size() - 1);
        assertThat(last.counts().values()).containsOnly(0L);
        assertThat(last.total()).isEqualTo(2);
        assertThat(keyedStateEntries()).isEqualTo(1);
        assertThat(exitIndexEntries()).isEqualTo(1);

        watermark(T0.plus(Duration.ofDays(4)));
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(processingTimeTimers()).isZero();
    }

    @Test
    void shouldPublishEveryExitAWatermarkPassesAtOnceInOrderAndThenForget() throws Exception {
        article("a", T0);
        // one watermark past all three exits and the expiry: handled in one pass, one update per exit
        watermark(T0.plus(Duration.ofDays(4)));
        List<CountUpdate> updates = harness.extractOutputValues();
        assertThat(updates).hasSize(4);
        assertThat(updates.get(1).counts())
                .containsEntry("15m", 0L)
                .containsEntry("1h", 1L)
                .containsEntry("24h", 1L);
        assertThat(updates.get(2).counts())
                .containsEntry("15m", 0L)
                .containsEntry("1h", 0L)
                .containsEntry("24h", 1L);
        assertThat(updates.get(3).counts().values()).containsOnly(0L);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldForgetAQuietCombinationEvenWithAnUpdateStillWaiting() throws Exception {
        article("a", T0);
        article("b", T0.plusSeconds(1));
        assertThat(processingTimeTimers()).isEqualTo(1);
        watermark(T0.plus(Duration.ofDays(4)));
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(processingTimeTimers()).isZero();
    }

    @Test
    void shouldKeepTimersBoundedByTheBucketsInTheLongestHorizon() throws Exception {
        for (int i = 0; i < 10; i++) {
            article("a" + i, T0.plus(Duration.ofMinutes(10L * i)));
        }
        assertThat(exitIndexEntries()).isEqualTo(1);
        assertThat(processingTimeTimers()).isLessThanOrEqualTo(1);
        watermark(T0.plus(Duration.ofDays(4)));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void shouldCountLateArticlesInTheTotalOnly() throws Exception {
        article("a", T0.plus(Duration.ofHours(2)));
        article("old", T0.minus(Duration.ofHours(30)));
        harness.setProcessingTime(1_000_000 + UPDATE_INTERVAL.toMillis());
        article("new", T0.plus(Duration.ofHours(2)).plusSeconds(60));
        harness.setProcessingTime(1_000_000 + 2 * UPDATE_INTERVAL.toMillis());
        List<CountUpdate> updates = harness.extractOutputValues();
        CountUpdate last = updates.get(updates.size() - 1);
        assertThat(last.total()).isEqualTo(3);
        assertThat(last.counts()).containsEntry("24h", 2L);
        // the late article still gets its verdict, so its article's alerts can be published
        assertThat(verdicts()).extracting(AlertVerdict::articleId).containsExactly("a", "old", "new");
    }

    @Test
    void shouldApplyAWatchRuleAddedThroughTheControlTopicFromTheNextArticle() throws Exception {
        harness.processElement2(
                new ControlMessage(
                        ControlMessage.Action.DELETE_RULE,
                        "pak-afg-us",
                        List.of(),
                        0,
                        0,
                        0,
                        null,
                        null,
                        List.of(),
                        List.of()),
                0);
        article("a", T0);
        article("b", T0.plusSeconds(60));
        article("c", T0.plusSeconds(120));
        assertThat(alerts()).isEmpty();

        harness.processElement2(
                new ControlMessage(
                        ControlMessage.Action.UPSERT_RULE,
                        "live",
                        List.of("AF", "PK", "US"),
                        Duration.ofHours(1).toMillis(),
                        4,
                        0,
                        null,
                        null,
                        List.of(),
                        List.of()),
                0);
        article("d", T0.plusSeconds(400));
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).rule()).isEqualTo("live");
    }

    @Test
    void shouldRestoreCountsAndDecisionsFromASnapshot() throws Exception {
        article("a", T0);
        article("b", T0.plusSeconds(60));
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        var rules = new AlertRules(
                List.of(new WatchRule("pak-afg-us", List.of("AF", "PK", "US"), Duration.ofHours(1), 3)),
                List.of(),
                NO_BURST,
                Duration.ofHours(1));
        restore(snapshot, rules);
        // the update b was waiting for is restored with its processing-time timer
        harness.setProcessingTime(2_000_000);
        assertThat(harness.extractOutputValues()).extracting(CountUpdate::total).containsExactly(2L);
        // the third article after the restore reaches the threshold: the two before it were restored
        article("c", T0.plusSeconds(120));
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).count()).isEqualTo(3);
        assertThat(harness.extractOutputValues()).extracting(CountUpdate::total).containsExactly(2L, 3L);
    }

    /** The state's layout (format 4) changes with the half-life: a restore reads it by the layout it was written with. */
    @Test
    void shouldRestoreStateWrittenUnderAnotherBaselineHalfLife() throws Exception {
        article("a", T0);
        article("b", T0.plusSeconds(400)); // the next bucket
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        var halfDay = new BurstSettings(
                false, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(12), Duration.ofHours(6));
        restore(
                snapshot,
                new AlertRules(
                        List.of(new WatchRule("pak-afg-us", List.of("AF", "PK", "US"), Duration.ofHours(1), 3)),
                        List.of(),
                        halfDay,
                        Duration.ofHours(1)));
        article("c", T0.plusSeconds(800));
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).count()).isEqualTo(3);
        // and what it writes now, under the new layout, restores again
        var again = harness.snapshot(2L, 2L);
        harness.close();
        restore(again, new AlertRules(List.of(), List.of(), halfDay, Duration.ofHours(1)));
        harness.setProcessingTime(3_000_000);
        article("d", T0.plusSeconds(1200));
        harness.setProcessingTime(4_000_000);
        assertThat(harness.extractOutputValues()).extracting(CountUpdate::total).contains(4L);
    }

    /** With RocksDB, whose state is bytes all along: the changed layout makes Flink rewrite it on restore. */
    @Test
    void shouldRestoreRocksDbStateWrittenUnderAnotherBaselineHalfLife(@TempDir Path dir) throws Exception {
        harness.close();
        var rule = new WatchRule("pak-afg-us", List.of("AF", "PK", "US"), Duration.ofHours(1), 3);
        var rocksDb = new EmbeddedRocksDBStateBackend();
        rocksDb.setDbStoragePath(dir.toString());
        harness = subtaskHarness(
                standardCounter(),
                new AlertRules(List.of(rule), List.of(), NO_BURST, Duration.ofHours(1)),
                null,
                1,
                1,
                0,
                rocksDb);
        harness.setProcessingTime(1_000_000);
        article("a", T0);
        article("b", T0.plusSeconds(400));
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        var halfDay = new BurstSettings(
                false, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(12), Duration.ofHours(6));
        harness = subtaskHarness(
                standardCounter(),
                new AlertRules(List.of(rule), List.of(), halfDay, Duration.ofHours(1)),
                snapshot,
                1,
                1,
                0,
                rocksDb);
        harness.setProcessingTime(2_000_000);
        article("c", T0.plusSeconds(800));
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).count()).isEqualTo(3);
        assertThat(harness.extractOutputValues()).extracting(CountUpdate::total).contains(3L);
    }

    /**
     * Replaces the harness with one restored from {@code snapshot}, of the same shape as the harness of
     * open() (max parallelism 1, one subtask), with horizons of 15 min, 1 h and 24 h and {@code rules}.
     */
    private void restore(OperatorSubtaskState snapshot, AlertRules rules) throws Exception {
        var counter = standardCounter();
        harness = restoredHarness(counter, rules, snapshot);
    }

    @Test
    void shouldNameTheEntitiesOfARestoredCombinationFromItsTableOfNames() throws Exception {
        article("a", T0);
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();
        restore(snapshot, new AlertRules(List.of(), List.of(), NO_BURST, Duration.ofHours(1)));
        // the state keeps only the ids; the first horizon exit after the restore still names them
        watermark(T0.plus(Duration.ofMinutes(20)));
        List<CountUpdate> updates = harness.extractOutputValues();
        assertThat(updates).isNotEmpty();
        assertThat(updates.get(0).entities()).isEqualTo(AF_PK_US);
    }

    /** A restore from a snapshot replays the input after it: the same input in the same order gives the same alerts. */
    @Test
    void shouldDecideTheSameAlertsAfterARestoreAsWithoutOne() throws Exception {
        var burst = new BurstSettings(true, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(24), Duration.ZERO);
        var rules = new AlertRules(
                List.of(new WatchRule("pak-afg-us", List.of("AF", "PK", "US"), Duration.ofHours(1), 3)),
                List.of(new Watchlist("south-asia", List.of("AF", "PK", "US"), Duration.ofDays(1))),
                burst,
                Duration.ofHours(1));
        var random = new SplittableRandom(7);
        List<CombinationEvent> input = new ArrayList<>();
        Instant t = T0;
        for (int i = 0; i < 400; i++) {
            // a surge on one pair every 100 articles, quiet stretches in between, a few articles out of order
            boolean surge = i % 100 >= 80;
            t = t.plusSeconds(surge ? 5 : 300 + random.nextInt(1800));
            Instant at = random.nextInt(10) == 0 ? t.minusSeconds(random.nextInt(1800)) : t;
            String key = surge ? "PK+US" : List.of("AF+PK", "AF+PK+US", "PK+US").get(random.nextInt(3));
            List<EntityRef> entities =
                    AF_PK_US.stream().filter(e -> key.contains(e.id())).toList();
            input.add(new CombinationEvent(
                    key, entities, new ArticleRef("a" + i, "T", "u", "s" + random.nextInt(5)), at, 1));
        }
        List<String> failureFree = run(rules, input, -1);
        assertThat(failureFree).hasSizeGreaterThan(5);
        assertThat(failureFree.stream().map(a -> a.split(" ")[0]).distinct()).contains("WATCH", "BURST", "FIRST_SEEN");
        for (int cut : new int[] {57, 200, 333}) {
            assertThat(run(rules, input, cut))
                    .as("restored after %d articles", cut)
                    .isEqualTo(failureFree);
        }
    }

    /**
     * As in the job: every subtask receives each article's record of all its combinations and counts only
     * those of its own key groups, so across the subtasks each combination is counted exactly once, and
     * each subtask sends one verdict per article (the grouping expects as many as there are subtasks).
     */
    @Test
    void shouldCountEachCombinationOnceAcrossSubtasksThatAllReceiveTheArticle() throws Exception {
        List<EntityRef> entities = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entities.add(new EntityRef("E" + i, "Entity " + i, EntityType.ORGANIZATION));
        }
        List<ArticleCombinations.Combination> pairs = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            for (int j = i + 1; j < entities.size(); j++) {
                pairs.add(new ArticleCombinations.Combination(
                        "E" + i + "+E" + j, List.of(entities.get(i), entities.get(j))));
            }
        }
        var rule = new WatchRule("e0-e1", List.of("E0", "E1"), Duration.ofHours(1), 2);
        var rules = new AlertRules(List.of(rule), List.of(), NO_BURST, Duration.ofHours(1));
        int parallelism = 2;
        List<String> counted = new ArrayList<>();
        List<Alert> raised = new ArrayList<>();
        int withState = 0;
        for (int subtask = 0; subtask < parallelism; subtask++) {
            try (var h = subtaskHarness(standardCounter(), rules, null, 128, parallelism, subtask, null)) {
                h.processWatermark2(new Watermark(Long.MAX_VALUE - 1));
                for (String id : List.of("a", "b")) {
                    Instant at = id.equals("a") ? T0 : T0.plusSeconds(60);
                    h.processElement1(new StreamRecord<>(
                            new ArticleCombinations(
                                    new ArticleRef(id, "T " + id, "https://x/" + id, "x"),
                                    at,
                                    pairs,
                                    ArticleCombinations.ONE_PER_COUNTER),
                            at.toEpochMilli()));
                }
                List<AlertVerdict> verdicts = h.getSideOutput(CountCombinations.VERDICTS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
                assertThat(verdicts).extracting(AlertVerdict::articleId).containsExactly("a", "b");
                assertThat(verdicts).extracting(AlertVerdict::parts).containsOnly(parallelism);
                verdicts.forEach(v -> raised.addAll(v.alerts()));
                List<String> keys = h.extractOutputValues().stream()
                        .map(CountUpdate::key)
                        .distinct()
                        .toList();
                assertThat(keys).isNotEmpty(); // the 45 keys fall in both halves of the key groups
                counted.addAll(keys);
                withState += h.numKeyedStateEntries();
            }
        }
        assertThat(counted)
                .containsExactlyInAnyOrderElementsOf(
                        pairs.stream().map(ArticleCombinations.Combination::key).toList());
        assertThat(withState).isEqualTo(pairs.size());
        // the watched pair reaches its threshold with the second article, on whichever subtask holds it
        assertThat(raised).extracting(Alert::key).containsExactly("E0+E1");
        assertThat(raised.get(0).count()).isEqualTo(2);
    }

    /**
     * The alerts (kind, rule, key, id) of {@code input}; with {@code cut >= 0} the operator is snapshotted
     * after that many articles and a fresh one restored from the snapshot goes on with the rest, as after
     * a failure (what the first one emitted after the snapshot would have been aborted).
     */
    private List<String> run(AlertRules rules, List<CombinationEvent> input, int cut) throws Exception {
        var counter = standardCounter();
        List<String> alerts = new ArrayList<>();
        var first = restoredHarness(counter, rules, null);
        int end = cut >= 0 ? cut : input.size();
        for (CombinationEvent e : input.subList(0, end)) {
            first.processElement1(
                    new StreamRecord<>(ArticleCombinations.of(e), e.eventTime().toEpochMilli()));
        }
        collectAlerts(first, alerts);
        if (cut < 0) {
            first.close();
            return alerts;
        }
        var snapshot = first.snapshot(1L, 1L);
        first.close();
        var second = restoredHarness(counter, rules, snapshot);
        for (CombinationEvent e : input.subList(cut, input.size())) {
            second.processElement1(
                    new StreamRecord<>(ArticleCombinations.of(e), e.eventTime().toEpochMilli()));
        }
        collectAlerts(second, alerts);
        second.close();
        return alerts;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, ArticleCombinations, ControlMessage, CountUpdate>
            restoredHarness(CoMentionCounter counter, AlertRules rules, OperatorSubtaskState snapshot)
                    throws Exception {
        return subtaskHarness(counter, rules, snapshot, 1, 1, 0, null);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, ArticleCombinations, ControlMessage, CountUpdate>
            subtaskHarness(
                    CoMentionCounter counter,
                    AlertRules rules,
                    OperatorSubtaskState snapshot,
                    int maxParallelism,
                    int parallelism,
                    int subtask,
                    StateBackend backend)
                    throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new CountCombinations(counter, rules, UPDATE_INTERVAL),
                CountCombinations.KEY,
                null,
                Types.STRING,
                maxParallelism,
                parallelism,
                subtask);
        if (backend != null) {
            h.setStateBackend(backend); // null: the heap backend
        }
        h.setup();
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        // as in the job: the control input never holds back event time
        h.processWatermark2(new Watermark(Long.MAX_VALUE - 1));
        return h;
    }

    private static void collectAlerts(
            KeyedTwoInputStreamOperatorTestHarness<String, ArticleCombinations, ControlMessage, CountUpdate> h,
            List<String> into) {
        var out = h.getSideOutput(CountCombinations.VERDICTS);
        if (out != null) {
            out.forEach(r -> r.getValue()
                    .alerts()
                    .forEach(a -> into.add(a.kind() + " " + a.rule() + " " + a.key() + " " + a.alertId())));
        }
    }

    private void article(String key, String id, Instant at) throws Exception {
        List<EntityRef> entities =
                AF_PK_US.stream().filter(e -> key.contains(e.id())).toList();
        harness.processElement1(new StreamRecord<>(
                ArticleCombinations.of(new CombinationEvent(
                        key, entities, new ArticleRef(id, "T " + id, "https://x/" + id, "x"), at, 1)),
                at.toEpochMilli()));
    }

    /** The count updates published at horizon exits so far, as "key@minutes after T0" (exits carry their time). */
    private List<String> exitUpdates() {
        return harness.extractOutputStreamRecords().stream()
                .filter(r -> r.hasTimestamp()
                        && r.getTimestamp() >= T0.plus(Duration.ofMinutes(20)).toEpochMilli())
                .map(r -> ((CountUpdate) r.getValue()).key() + "@"
                        + Duration.between(T0, Instant.ofEpochMilli(r.getTimestamp()))
                                .toMinutes())
                .toList();
    }

    @Test
    void shouldRegisterNoFlinkTimerForAnyCombination() throws Exception {
        article("AF+PK", "a", T0);
        article("PK+US", "b", T0.plusSeconds(400));
        article("AF+PK+US", "c", T0.plusSeconds(700));
        article("AF+PK", "d", T0.plusSeconds(30));
        // the waiting update of AF+PK is the operator's own callback, not a Flink timer either
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(processingTimeTimers()).isEqualTo(1);
        assertThat(exitIndexEntries()).isEqualTo(3);
        assertThat(((CountCombinations) harness.getOperator()).paceIndexEntries())
                .isEqualTo(1);

        watermark(T0.plus(Duration.ofDays(4)));
        assertThat(exitIndexEntries()).isZero();
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void shouldPublishTheExitsOfSeveralCombinationsInTheOrderOfTheirTimesAsTheWatermarkPassesThem() throws Exception {
        article("AF+PK", "a", T0); // bucket ends at +5 min: exits at +20, +65, +1445
        article("PK+US", "b", T0.plusSeconds(600)); // bucket ends at +15: exits at +30, +75, +1455
        harness.setProcessingTime(1_000_000 + UPDATE_INTERVAL.toMillis());

        watermark(T0.plus(Duration.ofMinutes(19)));
        assertThat(exitUpdates()).isEmpty();
        watermark(T0.plus(Duration.ofMinutes(20)));
        assertThat(exitUpdates()).containsExactly("AF+PK@20");
        watermark(T0.plus(Duration.ofMinutes(70)));
        assertThat(exitUpdates()).containsExactly("AF+PK@20", "PK+US@30", "AF+PK@65");
        // a watermark past several exits of each: the exits of one combination that it passes go out
        // together when the index reaches the first of them (PK+US at 75 and 1455, both stamped 75), as
        // with the one Flink timer per combination before
        watermark(T0.plus(Duration.ofHours(30)));
        assertThat(exitUpdates())
                .containsExactly("AF+PK@20", "PK+US@30", "AF+PK@65", "PK+US@75", "PK+US@75", "AF+PK@1445");
        List<CountUpdate> updates = harness.extractOutputValues();
        assertThat(updates.get(updates.size() - 1).counts().values()).containsOnly(0L);
        // both still remembered (retention) and indexed at their expiry
        assertThat(exitIndexEntries()).isEqualTo(2);
        watermark(T0.plus(Duration.ofDays(4)));
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void shouldSkipAnIndexEntryTheCombinationHasMovedAwayFrom() throws Exception {
        article("a", T0.plus(Duration.ofHours(2))); // exits at +2h20, +3h05, +26h05
        // an article out of order brings earlier exits (+20 min, +65 min, +24h05): the combination is
        // indexed there too, and its entry at +2h20 is left behind
        article("b", T0);
        assertThat(exitIndexEntries()).isEqualTo(2);
        harness.getOutput().clear(); // the update on arrival

        watermark(T0.plus(Duration.ofHours(1)));
        assertThat(exitUpdates()).containsExactly("AF+PK+US@20");
        // +65 min and +2h20 in one pass from the entry at +65 min; the old entry at +2h20 publishes nothing
        watermark(T0.plus(Duration.ofHours(3)));
        assertThat(exitUpdates()).containsExactly("AF+PK+US@20", "AF+PK+US@65", "AF+PK+US@65");
        watermark(T0.plus(Duration.ofHours(30)));
        // each of the six exits once
        assertThat(exitUpdates()).hasSize(6);
        assertThat(exitIndexEntries()).isEqualTo(1); // the expiry
    }

    @Test
    void shouldRebuildItsIndexesFromTheStateAfterARestore() throws Exception {
        article("a", T0);
        article("b", T0.plusSeconds(60)); // waits for the update interval
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        restore(snapshot, new AlertRules(List.of(), List.of(), NO_BURST, Duration.ofHours(1)));
        assertThat(exitIndexEntries()).isEqualTo(1);
        assertThat(processingTimeTimers()).isEqualTo(1);
        harness.setProcessingTime(2_000_000);
        assertThat(harness.extractOutputValues()).extracting(CountUpdate::total).containsExactly(2L);

        watermark(T0.plus(Duration.ofHours(25)));
        // the three exits, from the rebuilt index
        assertThat(harness.extractOutputValues()).hasSize(4);
        assertThat(harness.extractOutputValues().get(3).counts().values()).containsOnly(0L);
        watermark(T0.plus(Duration.ofDays(4)));
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /**
     * A snapshot of the operator before the exit index: the same state names, and a Flink event-time timer
     * per combination at its next exit (written here by {@link TimerPerCombination}, which stores the state
     * as that version did). Restored, the exit index does the timers' work and the timers drain unused.
     */
    @Test
    void shouldRestoreFromASnapshotHoldingAFlinkTimerPerCombination() throws Exception {
        var counter = standardCounter();
        var rules = new AlertRules(List.of(), List.of(), NO_BURST, Duration.ofHours(1));
        var old = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new TimerPerCombination(counter, rules), CombinationEvent::key, Types.STRING, ControlState.DESCRIPTOR);
        old.processElement(new StreamRecord<>(
                new CombinationEvent("AF+PK+US", AF_PK_US, new ArticleRef("a", "T a", "https://x/a", "x"), T0, 3),
                T0.toEpochMilli()));
        assertThat(old.numEventTimeTimers()).isEqualTo(1);
        var snapshot = old.snapshot(1L, 1L);
        old.close();
        harness.close();

        restore(snapshot, rules);
        assertThat(exitIndexEntries()).isEqualTo(1);
        watermark(T0.plus(Duration.ofHours(25)));
        List<CountUpdate> updates = harness.extractOutputValues();
        assertThat(updates).hasSize(3);
        assertThat(updates.get(0).counts()).containsEntry("15m", 0L).containsEntry("1h", 1L);
        assertThat(updates.get(2).counts().values()).containsOnly(0L);
        // the old timer fired into nothing: the queue is empty, and the next snapshot holds no timer
        assertThat(harness.numEventTimeTimers()).isZero();
        watermark(T0.plus(Duration.ofDays(4)));
        assertThat(keyedStateEntries()).isZero();
    }

    /** Writes a combination's state and one event-time timer at its next exit, as the counter before the exit index did. */
    private static final class TimerPerCombination
            extends KeyedBroadcastProcessFunction<String, CombinationEvent, ControlMessage, CountUpdate> {
        private final CoMentionCounter counter;
        private final AlertRules rules;
        private transient ValueState<CombinationState> state;

        TimerPerCombination(CoMentionCounter counter, AlertRules rules) {
            this.counter = counter;
            this.rules = rules;
        }

        @Override
        public void open(OpenContext context) {
            state = getRuntimeContext()
                    .getState(new ValueStateDescriptor<>(CountCombinations.STATE, CombinationStateSerializer.INSTANCE));
        }

        @Override
        public void processElement(CombinationEvent event, ReadOnlyContext ctx, Collector<CountUpdate> out)
                throws Exception {
            var s = new CombinationState();
            long t = event.eventTime().toEpochMilli();
            counter.add(ctx.getCurrentKey(), s, event, rules, t, Instant.now());
            counter.scheduleHorizonExits(s, t);
            ctx.timerService().registerEventTimeTimer(counter.nextTimer(s));
            state.update(s);
        }

        @Override
        public void processBroadcastElement(ControlMessage message, Context ctx, Collector<CountUpdate> out) {}
    }
}
