package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Alert;
import io.comention.model.EntityMention;
import io.comention.model.FrequencyAnswer;
import io.comention.model.FrequencyQuestion;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EntityFrequenciesTest {

    static final Instant T0 = AddLiftTest.T0;
    static final Duration BUCKET = Duration.ofMinutes(5);
    static final Duration LOOKBACK = Duration.ofHours(24);

    private KeyedTwoInputStreamOperatorTestHarness<String, EntityMention, FrequencyQuestion, FrequencyAnswer> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new EntityFrequencies(BUCKET, LOOKBACK),
                EntityFrequencies.MENTION_KEY,
                EntityFrequencies.QUESTION_KEY,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void mention(String entity, Instant eventTime) throws Exception {
        harness.processElement1(new StreamRecord<>(new EntityMention(entity, eventTime), eventTime.toEpochMilli()));
    }

    private void ask(Alert alert, String entity) throws Exception {
        harness.processElement2(new StreamRecord<>(
                new FrequencyQuestion(alert.alertId(), entity, alert.windowStart(), alert.windowEnd()),
                alert.windowEnd().toEpochMilli()));
    }

    @Test
    void shouldAnswerFrequencyQuestionsAtOnceWithTheArticlesSoFar() throws Exception {
        long t = T0.toEpochMilli();
        mention("AF", T0);
        mention("AF", T0.plusSeconds(60));
        mention("AF", T0.minus(Duration.ofHours(2)));
        Alert alert = AddLiftTest.alert(2, T0.minus(Duration.ofMinutes(55)), T0.plus(Duration.ofMinutes(5)));
        ask(alert, "AF");
        assertThat(harness.extractOutputValues()).containsExactly(new FrequencyAnswer(alert.alertId(), "AF", 2));
        harness.processBothWatermarks(new Watermark(t + Duration.ofDays(2).toMillis()));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldAnswerZeroForAnEntityNotNamedWithoutKeepingState() throws Exception {
        Alert alert = AddLiftTest.alert(2, T0, T0.plus(Duration.ofHours(1)));
        ask(alert, "PK");
        assertThat(harness.extractOutputValues()).containsExactly(new FrequencyAnswer(alert.alertId(), "PK", 0));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldKeepOneTimerPerEntityAndForgetBucketsALookbackBehindItsNewest() throws Exception {
        mention(EntityMention.ALL_ARTICLES, T0);
        mention(EntityMention.ALL_ARTICLES, T0.plus(Duration.ofHours(1)));
        mention(EntityMention.ALL_ARTICLES, T0.plus(Duration.ofHours(2)));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        Alert early = AddLiftTest.alert(1, T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)));
        ask(early, EntityMention.ALL_ARTICLES);

        Instant newest = T0.plus(LOOKBACK).plus(Duration.ofMinutes(90));
        mention(EntityMention.ALL_ARTICLES, newest);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        // the bucket at T0 is more than a look-back behind the newest: no window an alert can ask about
        ask(early, EntityMention.ALL_ARTICLES);
        ask(AddLiftTest.alert(1, newest.minus(LOOKBACK), newest.plusSeconds(1)), EntityMention.ALL_ARTICLES);
        assertThat(harness.extractOutputValues())
                .extracting(FrequencyAnswer::count)
                .containsExactly(1L, 0L, 2L);

        // the key expires a look-back after its newest bucket ends
        long expiry = Math.floorDiv(newest.toEpochMilli(), BUCKET.toMillis()) * BUCKET.toMillis()
                + BUCKET.toMillis()
                + LOOKBACK.toMillis();
        harness.processBothWatermarks(new Watermark(expiry - 1));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processBothWatermarks(new Watermark(expiry));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
