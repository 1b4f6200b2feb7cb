package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.analytics.Fingerprint;
import io.comention.analytics.FingerprintTest;
import io.comention.model.Article;
import io.comention.model.FingerprintedArticle;
import io.comention.model.TaggedArticle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class FlagNearDuplicatesTest {

    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");
    static final Duration RETENTION = Duration.ofDays(2);

    static FingerprintedArticle article(String id, String body) {
        return article(id, body, T0);
    }

    static FingerprintedArticle article(String id, String body, Instant eventTime) {
        Article a = new Article(id, null, "x", eventTime, "en", "t", body, eventTime);
        return new FingerprintedArticle(new TaggedArticle(a, List.of(), null), Fingerprint.of(null, body));
    }

    static KeyedOneInputStreamOperatorTestHarness<Long, FingerprintedArticle, FingerprintedArticle> harness(
            OperatorSubtaskState restored) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FlagNearDuplicates(RETENTION, 0.6)),
                FlagNearDuplicates.band(0),
                Types.LONG);
        h.setup();
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    @Test
    void shouldJudgeOnArrivalWithTheFirstCopyToArriveAsTheOriginal() throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new FlagNearDuplicates(Duration.ofDays(2), 0.6), FlagNearDuplicates.band(0), Types.LONG);
        String copy = FingerprintTest.WIRE.replace("WASHINGTON, Oct 19 (Wire) - ", "WASHINGTON: ");
        FingerprintedArticle first = article("first", FingerprintTest.WIRE, T0.plusSeconds(60));
        FingerprintedArticle second = article("second", copy, T0);
        // the copy published earlier arrives later: nothing waits for the watermark, the first to arrive is the
        // original
        harness.processElement(new StreamRecord<>(first, T0.toEpochMilli() + 60_000));
        assertThat(harness.extractOutputValues())
                .extracting(f -> f.tagged().article().id())
                .containsExactly("first");
        harness.processElement(new StreamRecord<>(second, T0.toEpochMilli()));
        harness.processElement(new StreamRecord<>(article("short", "Too short to say."), T0.toEpochMilli()));
        List<FingerprintedArticle> out = harness.extractOutputValues();
        assertThat(out).extracting(f -> f.tagged().article().id()).containsExactly("first", "second", "short");
        assertThat(out.get(0).tagged().duplicateOf()).isNull();
        // the harness keys both by band 0; they share it only when MinHash position 0 agrees
        if (first.band(0) == second.band(0)) {
            assertThat(out.get(1).tagged().duplicateOf()).isEqualTo("first");
        }
        assertThat(out.get(2).tagged().duplicateOf()).isNull();
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.close();
    }

    @Test
    void shouldMarkAnIdenticalCopyUnderAnotherId() throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new FlagNearDuplicates(Duration.ofDays(2), 0.6), FlagNearDuplicates.band(0), Types.LONG);
        harness.processElement(new StreamRecord<>(article("orig", FingerprintTest.WIRE), T0.toEpochMilli()));
        harness.processElement(new StreamRecord<>(article("syndicated", FingerprintTest.WIRE), T0.toEpochMilli()));
        assertThat(harness.extractOutputValues())
                .extracting(f -> f.tagged().duplicateOf())
                .containsExactly(null, "orig");
        harness.close();
    }

    @Test
    void shouldPassAnArticleAlreadyMarkedByTheOtherBandWithoutRememberingIt() throws Exception {
        var harness = harness(null);
        FingerprintedArticle marked = article("copy", FingerprintTest.WIRE).markedDuplicateOf("orig");
        harness.processElement(new StreamRecord<>(marked, T0.toEpochMilli()));
        assertThat(harness.extractOutputValues())
                .extracting(f -> f.tagged().duplicateOf())
                .containsExactly("orig");
        assertThat(harness.numKeyedStateEntries()).isZero();
        harness.close();
    }

    @Test
    void shouldLeaveNoStateOnceTheRetentionHasPassed() throws Exception {
        var harness = harness(null);
        harness.setStateTtlProcessingTime(0);
        for (FingerprintedArticle a : stream()) {
            harness.processElement(new StreamRecord<>(a, eventTime(a)));
        }
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.setStateTtlProcessingTime(RETENTION.toMillis() + 1);
        // expired fingerprints are left out of snapshots: a job restored from one starts without them
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = harness(snapshot);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        harness.close();
    }

    @Test
    void shouldJudgeTheSameAfterRestoringASnapshotTakenMidStream() throws Exception {
        List<FingerprintedArticle> stream = stream();
        var uninterrupted = harness(null);
        for (FingerprintedArticle a : stream) {
            uninterrupted.processElement(new StreamRecord<>(a, eventTime(a)));
        }
        List<String> expected = judgements(uninterrupted.extractOutputValues());
        uninterrupted.close();

        var before = harness(null);
        int half = stream.size() / 2;
        for (FingerprintedArticle a : stream.subList(0, half)) {
            before.processElement(new StreamRecord<>(a, eventTime(a)));
        }
        OperatorSubtaskState snapshot = before.snapshot(1, 1);
        List<FingerprintedArticle> out = new ArrayList<>(before.extractOutputValues());
        before.close();
        var after = harness(snapshot);
        for (FingerprintedArticle a : stream.subList(half, stream.size())) {
            after.processElement(new StreamRecord<>(a, eventTime(a)));
        }
        out.addAll(after.extractOutputValues());
        after.close();

        assertThat(judgements(out)).isEqualTo(expected);
        // the second half holds copies of articles from the first, which only the restored state knows
        assertThat(expected.subList(half, expected.size())).anyMatch(j -> j.contains("copy of"));
    }

    /** Originals, each followed later by identical and edited copies under other ids, interleaved. */
    private static List<FingerprintedArticle> stream() {
        String[] topics = {"Pakistan and Afghanistan", "Iran and Saudi Arabia", "China and Russia", "France and Germany"
        };
        List<FingerprintedArticle> originals = new ArrayList<>();
        List<FingerprintedArticle> copies = new ArrayList<>();
        for (int i = 0; i < topics.length; i++) {
            String body = FingerprintTest.WIRE.replace("Pakistan", topics[i]) + " Story number " + i + " of the day.";
            Instant t = T0.plusSeconds(60L * i);
            originals.add(article("orig-" + i, body, t));
            copies.add(article("same-" + i, body, t.plusSeconds(600)));
            copies.add(article(
                    "edited-" + i, body.replace("WASHINGTON, Oct 19 (Wire) - ", "WASHINGTON: "), t.plusSeconds(900)));
        }
        List<FingerprintedArticle> all = new ArrayList<>(originals);
        all.addAll(copies);
        return all;
    }

    private static long eventTime(FingerprintedArticle a) {
        return a.tagged().article().eventTime().toEpochMilli();
    }

    private static List<String> judgements(List<FingerprintedArticle> out) {
        return out.stream()
                .map(f -> f.tagged().article().id()
                        + (f.tagged().duplicateOf() == null
                                ? ""
                                : " copy of " + f.tagged().duplicateOf()))
                .toList();
    }
}
