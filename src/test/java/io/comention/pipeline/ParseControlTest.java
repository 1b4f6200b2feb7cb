package io.comention.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import io.comention.model.ControlMessage;
import io.comention.model.DeadLetter;
import io.comention.model.DeadLetter.ErrorKind;
import io.comention.model.RawRecord;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control parse step: valid messages go on, tombstones are skipped, anything else is a dead letter with its reason. */
class ParseControlTest {

    private OneInputStreamOperatorTestHarness<RawRecord, ControlMessage> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(
                new ParseControl(ComentionConfig.bundled().ruleLimits()));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void process(long offset, String value) throws Exception {
        harness.processElement(new StreamRecord<>(
                new RawRecord(
                        "news.control",
                        0,
                        offset,
                        0,
                        "k".getBytes(UTF_8),
                        value == null ? null : value.getBytes(UTF_8)),
                0));
    }

    @Test
    void shouldPassValidMessagesSkipTombstonesAndDeadLetterTheRest() throws Exception {
        process(0, "{\"schema\":1,\"action\":\"delete_rule\",\"id\":\"x\"}");
        process(1, null);
        process(2, "{\"schema\":1,\"action\":\"explode\",\"id\":\"x\"}");
        process(
                3,
                "{\"schema\":1,\"action\":\"upsert_rule\",\"rule\":{\"id\":\"x\",\"entities\":[\"AF\",\"PK\"],"
                        + "\"horizon\":\"1h\",\"threshold\":0}}");

        assertThat(harness.extractOutputValues())
                .extracting(ControlMessage::stateKey)
                .containsExactly("rule:x");
        var deadLetters = harness.getSideOutput(ParseArticles.DEAD_LETTERS).stream()
                .map(StreamRecord::getValue)
                .toList();
        assertThat(deadLetters)
                .extracting(DeadLetter::errorKind)
                .containsExactly(ErrorKind.INVALID_CONTROL, ErrorKind.INVALID_CONTROL);
        assertThat(deadLetters).extracting(d -> d.record().offset()).containsExactly(2L, 3L);
        assertThat(deadLetters.get(0).reason())
                .contains("field 'action' must be one of")
                .contains("'explode'");
        assertThat(deadLetters.get(1).reason()).isEqualTo("rule.threshold: must be between 1 and 1000000, was 0");
    }
}
