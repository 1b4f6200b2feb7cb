package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Article;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DropDuplicatesTest {

    static final Duration RETENTION = Duration.ofHours(1);
    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, Article, Article> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Article, Article> harness(OperatorSubtaskState restored)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DropDuplicates(RETENTION)), DropDuplicates.KEY, Types.STRING);
        h.setup();
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    static Article article(String id, String title) {
        return new Article(id, null, "wire", T0, "en", title, "Body of " + title + ".", T0);
    }

    private void process(String id, String title) throws Exception {
        harness.processElement(new StreamRecord<>(article(id, title), T0.toEpochMilli()));
    }

    @Test
    void shouldPassTheFirstArticleWithAnIdAndDropLaterOnes() throws Exception {
        process("a1", "first");
        process("b1", "other");
        process("a1", "replayed");
        assertThat(harness.extractOutputValues()).extracting(Article::title).containsExactly("first", "other");
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void shouldForgetAnIdAfterTheRetention() throws Exception {
        harness.setStateTtlProcessingTime(0);
        process("a1", "first");
        harness.setStateTtlProcessingTime(RETENTION.toMillis() - 1);
        process("a1", "within the retention");
        harness.setStateTtlProcessingTime(RETENTION.toMillis() + 1);
        process("a1", "after the retention");
        assertThat(harness.extractOutputValues())
                .extracting(Article::title)
                .containsExactly("first", "after the retention");
    }

    @Test
    void shouldLeaveNoStateOnceTheRetentionHasPassed() throws Exception {
        harness.setStateTtlProcessingTime(0);
        process("a1", "first");
        process("b1", "other");
        harness.setStateTtlProcessingTime(RETENTION.toMillis() + 1);
        // expired ids are left out of snapshots: a job restored from one starts without them
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = harness(snapshot);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
