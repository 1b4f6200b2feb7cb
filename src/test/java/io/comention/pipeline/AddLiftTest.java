package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Alert;
import io.comention.model.EntityMention;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import io.comention.model.FrequencyAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AddLiftTest {

    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");

    private KeyedTwoInputStreamOperatorTestHarness<String, Alert, FrequencyAnswer, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Alert, FrequencyAnswer, Alert> harness(
            OperatorSubtaskState restored) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new AddLift()), AddLift.ALERT_KEY, AddLift.ANSWER_KEY, Types.STRING);
        h.setup();
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    private void alert(Alert alert) throws Exception {
        harness.processElement1(new StreamRecord<>(alert, alert.windowEnd().toEpochMilli()));
    }

    private void answer(Alert alert, String entity, long count) throws Exception {
        harness.processElement2(new StreamRecord<>(
                new FrequencyAnswer(alert.alertId(), entity, count),
                alert.windowEnd().toEpochMilli()));
    }

    @Test
    void shouldEmitTheAlertWithItsLiftOnceEveryAnswerIsInWhateverTheOrder() throws Exception {
        Alert alert = alert(4, T0, T0.plus(Duration.ofHours(1)));
        answer(alert, "AF", 10);
        alert(alert);
        answer(alert, EntityMention.ALL_ARTICLES, 100);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isPositive();
        answer(alert, "PK", 20);
        assertThat(harness.extractOutputValues()).extracting(Alert::lift).containsExactly(2.0);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void shouldEmitWhenTheAlertComesAfterItsAnswers() throws Exception {
        Alert alert = alert(3, T0, T0.plus(Duration.ofHours(1)));
        answer(alert, EntityMention.ALL_ARTICLES, 100);
        answer(alert, "PK", 30);
        answer(alert, "AF", 2);
        assertThat(harness.extractOutputValues()).isEmpty();
        alert(alert);
        assertThat(harness.extractOutputValues()).extracting(Alert::lift).containsExactly(3.3);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldKeepAnAlertWaitingForItsAnswersAcrossASnapshot() throws Exception {
        Alert alert = alert(4, T0, T0.plus(Duration.ofHours(1)));
        alert(alert);
        answer(alert, EntityMention.ALL_ARTICLES, 100);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = harness(snapshot);
        answer(alert, "AF", 10);
        answer(alert, "PK", 20);
        assertThat(harness.extractOutputValues()).extracting(Alert::lift).containsExactly(2.0);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldDropAnAlertWhoseAnswersNeverComeAfterADay() throws Exception {
        harness.setStateTtlProcessingTime(0);
        Alert alert = alert(4, T0, T0.plus(Duration.ofHours(1)));
        alert(alert);
        answer(alert, "AF", 10);
        harness.setStateTtlProcessingTime(AddLift.KEEP_INCOMPLETE.toMillis() + 1);
        // expired entries are left out of snapshots: a job restored from one starts without them
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = harness(snapshot);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void liftNeverTakesAnEntityAsRarerThanTheCombinationItIsPartOf() {
        // the mentions of the article that raised the alert may not have been counted yet
        Alert alert = alert(3, T0, T0.plus(Duration.ofHours(1)));
        Map<String, Long> counts = Map.of(EntityMention.ALL_ARTICLES, 100L, "AF", 2L, "PK", 30L);
        // AF counted as 3: (3/100) / (0.03 · 0.3) = 3.3
        assertThat(AddLift.withLift(alert, counts).lift()).isEqualTo(3.3);
    }

    @Test
    void liftComparesTheJointShareWithTheProductOfTheEntitiesShares() {
        Alert alert = alert(4, T0, T0.plus(Duration.ofHours(1)));
        // 100 articles: AF in 10, PK in 20, together in 4 → (4/100) / (0.1 · 0.2) = 2
        Map<String, Long> counts = Map.of(EntityMention.ALL_ARTICLES, 100L, "AF", 10L, "PK", 20L);
        Alert withLift = AddLift.withLift(alert, counts);
        assertThat(withLift.lift()).isEqualTo(2.0);
        assertThat(withLift.explanation())
                .endsWith("They were named together 2 times as often as their own frequencies predict.");
    }

    static Alert alert(long count, Instant start, Instant end) {
        return new Alert(
                "id-1",
                Alert.AlertKind.WATCH,
                "r",
                "AF+PK",
                List.of(
                        new EntityRef("AF", "Afghanistan", EntityType.COUNTRY),
                        new EntityRef("PK", "Pakistan", EntityType.COUNTRY)),
                start,
                end,
                count,
                0.5,
                3.0,
                2,
                null,
                "Afghanistan and Pakistan were named together.",
                List.of(),
                "a1",
                start,
                List.of(),
                T0);
    }
}
