package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.analytics.AlertGroupingTest;
import io.comention.model.Alert;
import io.comention.model.Alert.AlertKind;
import io.comention.model.AlertVerdict;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupAlertsTest {

    private KeyedOneInputStreamOperatorTestHarness<String, AlertVerdict, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(new GroupAlerts(), GroupAlerts.KEY, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void verdict(String article, int parts, Alert... alerts) throws Exception {
        harness.processElement(new StreamRecord<>(new AlertVerdict(article, parts, List.of(alerts)), 0));
    }

    @Test
    void shouldPublishAnArticlesAlertsAsOneStoryOnceAllItsVerdictsAreIn() throws Exception {
        Alert pair = AlertGroupingTest.alert(AlertKind.FIRST_SEEN, "gulf", 1, "CN", "IR");
        Alert triple = AlertGroupingTest.alert(AlertKind.FIRST_SEEN, "gulf", 1, "CN", "IR", "RU");
        verdict("a1", 4, pair);
        verdict("a1", 4);
        verdict("b1", 2); // another article's verdicts interleave
        verdict("a1", 4, triple);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        verdict("a1", 4);
        List<Alert> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo("CN+IR+RU");
        assertThat(out.get(0).covers()).hasSize(1);
        verdict("b1", 2);
        assertThat(harness.extractOutputValues()).hasSize(1);
        // every finished article leaves no state behind
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldPublishASingleCombinationArticleWithoutKeepingState() throws Exception {
        verdict("solo", 1, AlertGroupingTest.alert(AlertKind.WATCH, "pak-afg-us", 3, "AF", "PK", "US"));
        assertThat(harness.extractOutputValues()).extracting(Alert::rule).containsExactly("pak-afg-us");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldKeepAnUnfinishedGroupAcrossASnapshot() throws Exception {
        verdict("a1", 2, AlertGroupingTest.alert(AlertKind.BURST, "burst", 6, "AF", "PK"));
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = restored(snapshot);
        verdict("a1", 2, AlertGroupingTest.alert(AlertKind.BURST, "burst", 6, "AF", "PK", "US"));
        List<Alert> out = harness.extractOutputValues();
        assertThat(out).extracting(Alert::key).containsExactly("AF+PK+US");
        assertThat(out.get(0).covers()).extracting(c -> c.key()).containsExactly("AF+PK");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldDropAGroupWhoseVerdictsNeverAllArriveAfterADay() throws Exception {
        harness.setStateTtlProcessingTime(0);
        verdict("a1", 3, AlertGroupingTest.alert(AlertKind.BURST, "burst", 6, "AF", "PK"));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.setStateTtlProcessingTime(GroupAlerts.KEEP_INCOMPLETE.toMillis() + 1);
        // expired groups are left out of snapshots: a job restored from one starts without them
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = restored(snapshot);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AlertVerdict, Alert> restored(
            OperatorSubtaskState snapshot) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GroupAlerts()), GroupAlerts.KEY, Types.STRING);
        h.initializeState(snapshot);
        h.open();
        return h;
    }
}
