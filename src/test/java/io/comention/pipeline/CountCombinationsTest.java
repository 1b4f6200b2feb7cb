package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.analytics.AlertRules;
import io.comention.analytics.BurstSettings;
import io.comention.analytics.CoMentionCounter;
import io.comention.analytics.Horizon;
import io.comention.analytics.WatchRule;
import io.comention.model.Alert;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.ControlMessage;
import io.comention.model.CountUpdate;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CountCombinationsTest {

    static final List<EntityRef> AF_PK_US = List.of(
            new EntityRef("AF", "Afghanistan", EntityType.COUNTRY),
            new EntityRef("PK", "Pakistan", EntityType.COUNTRY),
            new EntityRef("US", "United States", EntityType.COUNTRY));
    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");

    static final BurstSettings NO_BURST = new BurstSettings(false, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(24), Duration.ofHours(6));

    private KeyedBroadcastOperatorTestHarness<String, CombinationEvent, ControlMessage, CountUpdate> harness;

    @BeforeEach
    void open() throws Exception {
        var counter = new CoMentionCounter(
                Duration.ofMinutes(5),
                List.of(Horizon.of(Duration.ofMinutes(15)), Horizon.of(Duration.ofHours(1)), Horizon.of(Duration.ofHours(24))),
                Duration.ofDays(2));
        var rule = new WatchRule("pak-afg-us", List.of("AF", "PK", "US"), Duration.ofHours(1), 3);
        var rules = new AlertRules(List.of(rule), List.of(), NO_BURST, Duration.ofHours(1));
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new CountCombinations(counter, rules), CombinationEvent::key, Types.STRING, ControlState.DESCRIPTOR);
        // as in the job: the control input never holds back event time
        harness.processBroadcastWatermark(Long.MAX_VALUE - 1);
    }

    /** Keyed state entries across all states (the broadcast harness has no shortcut for it). */
    private int keyedStateEntries() {
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void article(String id, Instant at) throws Exception {
        harness.processElement(new StreamRecord<>(
                new CombinationEvent("AF+PK+US", AF_PK_US, new ArticleRef(id, "T " + id, "https://x/" + id, "x"), at),
                at.toEpochMilli()));
    }

    @Test
    void shouldEmitCountsAndAlertOnlyWhenTheWatermarkClosesTheBucket() throws Exception {
        article("a", T0);
        article("b", T0.plusSeconds(300));
        harness.processWatermark(T0.plusSeconds(400).toEpochMilli());
        assertThat(harness.getSideOutput(CountCombinations.ALERTS)).isNullOrEmpty();
        article("c", T0.plusSeconds(600));
        assertThat(harness.getSideOutput(CountCombinations.ALERTS)).isNullOrEmpty();
        harness.processWatermark(T0.plusSeconds(900).toEpochMilli());

        List<CountUpdate> updates = harness.extractOutputValues();
        // one update per closed bucket: 09:05 (a), 09:10 (b), 09:15 (c)
        assertThat(updates).extracting(u -> u.counts().get("1h")).containsExactly(1L, 2L, 3L);
        assertThat(updates.get(2).total()).isEqualTo(3);

        var alerts = harness.getSideOutput(CountCombinations.ALERTS);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.poll().getValue();
        assertThat(alert.kind()).isEqualTo(Alert.AlertKind.WATCH);
        assertThat(alert.entities()).extracting(EntityRef::id).containsExactly("AF", "PK", "US");
        assertThat(alert.count()).isEqualTo(3);
        assertThat(alert.windowEnd()).isEqualTo(T0.plusSeconds(900));
        assertThat(alert.explanation()).startsWith("Afghanistan, Pakistan and United States were named together in 3 articles");
    }

    @Test
    void shouldEmitZeroCountsWhenTheHorizonsEmptyAndThenForgetTheCombination() throws Exception {
        article("a", T0);
        article("b", T0.plusSeconds(60));
        // one timer per combination, at the earliest of its four pending closes (the bucket's close and
        // its exit from each of the three horizons); the expiry follows once they are done
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(keyedStateEntries()).isEqualTo(1);

        harness.processWatermark(T0.plus(Duration.ofHours(25)).toEpochMilli());
        List<CountUpdate> updates = harness.extractOutputValues();
        assertThat(updates).hasSize(4);
        CountUpdate last = updates.get(updates.size() - 1);
        assertThat(last.counts().values()).containsOnly(0L);
        assertThat(last.total()).isEqualTo(2);
        assertThat(keyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(T0.plus(Duration.ofDays(4)).toEpochMilli());
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldKeepTimersBoundedByTheBucketsInTheLongestHorizon() throws Exception {
        for (int i = 0; i < 10; i++) {
            article("a" + i, T0.plus(Duration.ofMinutes(10L * i)));
        }
        // four per distinct bucket at most, plus one expiry
        assertThat(harness.numEventTimeTimers()).isLessThanOrEqualTo(10 * 4 + 1);
        harness.processWatermark(T0.plus(Duration.ofDays(4)).toEpochMilli());
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void shouldCountLateArticlesInTheTotalOnly() throws Exception {
        article("a", T0);
        harness.processWatermark(T0.plus(Duration.ofHours(2)).toEpochMilli());
        article("old", T0.minus(Duration.ofHours(30)));
        article("new", T0.plus(Duration.ofHours(2)).plusSeconds(60));
        harness.processWatermark(T0.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(5)).toEpochMilli());
        List<CountUpdate> updates = harness.extractOutputValues();
        CountUpdate last = updates.get(updates.size() - 1);
        assertThat(last.total()).isEqualTo(3);
        assertThat(last.counts()).containsEntry("24h", 2L);
    }

    @Test
    void shouldApplyAWatchRuleAddedThroughTheControlTopicAtTheNextEvaluation() throws Exception {
        harness.processBroadcastElement(new ControlMessage(ControlMessage.Action.DELETE_RULE, "pak-afg-us",
                List.of(), 0, 0, 0, null, null, List.of(), List.of()), 0);
        article("a", T0);
        article("b", T0.plusSeconds(60));
        article("c", T0.plusSeconds(120));
        harness.processWatermark(T0.plusSeconds(300).toEpochMilli());
        assertThat(harness.getSideOutput(CountCombinations.ALERTS)).isNullOrEmpty();

        harness.processBroadcastElement(new ControlMessage(ControlMessage.Action.UPSERT_RULE, "live",
                List.of("AF", "PK", "US"), Duration.ofHours(1).toMillis(), 4, 0, null, null, List.of(), List.of()), 0);
        article("d", T0.plusSeconds(400));
        harness.processWatermark(T0.plusSeconds(600).toEpochMilli());
        var alerts = harness.getSideOutput(CountCombinations.ALERTS);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.poll().getValue().rule()).isEqualTo("live");
    }
}
