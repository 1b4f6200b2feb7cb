package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.analytics.Fingerprint;
import io.comention.analytics.FingerprintTest;
import io.comention.model.Alert;
import io.comention.model.Article;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import io.comention.model.FingerprintedArticle;
import io.comention.model.FrequencyEvent;
import io.comention.model.LiftPart;
import io.comention.model.TaggedArticle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class NearDuplicatesAndLiftTest {

    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");

    static FingerprintedArticle article(String id, String body) {
        return article(id, body, T0);
    }

    static FingerprintedArticle article(String id, String body, Instant eventTime) {
        Article a = new Article(id, null, "x", eventTime, "en", "t", body, eventTime);
        return new FingerprintedArticle(new TaggedArticle(a, List.of(), null), Fingerprint.of(null, body));
    }

    @Test
    void shouldJudgeOnArrivalWithTheFirstCopyToArriveAsTheOriginal() throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new FlagNearDuplicates(Duration.ofDays(2), 0.6), (FingerprintedArticle f) -> f.band(0), Types.LONG);
        String copy = FingerprintTest.WIRE.replace("WASHINGTON, Oct 19 (Wire) - ", "WASHINGTON: ");
        FingerprintedArticle first = article("first", FingerprintTest.WIRE, T0.plusSeconds(60));
        FingerprintedArticle second = article("second", copy, T0);
        // the copy published earlier arrives later: nothing waits for the watermark, the first to arrive is the original
        harness.processElement(new StreamRecord<>(first, T0.toEpochMilli() + 60_000));
        assertThat(harness.extractOutputValues()).extracting(f -> f.tagged().article().id()).containsExactly("first");
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
                new FlagNearDuplicates(Duration.ofDays(2), 0.6), (FingerprintedArticle f) -> f.band(0), Types.LONG);
        harness.processElement(new StreamRecord<>(article("orig", FingerprintTest.WIRE), T0.toEpochMilli()));
        harness.processElement(new StreamRecord<>(article("syndicated", FingerprintTest.WIRE), T0.toEpochMilli()));
        assertThat(harness.extractOutputValues()).extracting(f -> f.tagged().duplicateOf()).containsExactly(null, "orig");
        harness.close();
    }

    @Test
    void shouldAnswerFrequencyQuestionsAtOnceWithTheArticlesSoFar() throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EntityFrequencies(Duration.ofMinutes(5), Duration.ofHours(24)), FrequencyEvent::entityId, Types.STRING);
        long t = T0.toEpochMilli();
        harness.processElement(new StreamRecord<>(FrequencyEvent.mention("AF", t), t));
        harness.processElement(new StreamRecord<>(FrequencyEvent.mention("AF", t + 60_000), t + 60_000));
        harness.processElement(new StreamRecord<>(FrequencyEvent.mention("AF", t - Duration.ofHours(2).toMillis()), t));
        Alert alert = alert(2, T0.minus(Duration.ofMinutes(55)), T0.plus(Duration.ofMinutes(5)));
        harness.processElement(new StreamRecord<>(FrequencyEvent.question("AF", alert), t + 60_000));
        assertThat(harness.extractOutputValues()).containsExactly(new LiftPart(alert.alertId(), null, "AF", 2));
        harness.processWatermark(t + Duration.ofDays(2).toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        harness.close();
    }

    @Test
    void liftNeverTakesAnEntityAsRarerThanTheCombinationItIsPartOf() {
        // the mentions of the article that raised the alert may not have been counted yet
        Alert alert = alert(3, T0, T0.plus(Duration.ofHours(1)));
        List<LiftPart> parts = List.of(new LiftPart(alert.alertId(), alert, null, 0),
                new LiftPart(alert.alertId(), null, FrequencyEvent.ALL_ARTICLES, 100),
                new LiftPart(alert.alertId(), null, "AF", 2), new LiftPart(alert.alertId(), null, "PK", 30));
        // AF counted as 3: (3/100) / (0.03 · 0.3) = 3.3
        assertThat(AddLift.withLift(alert, parts).lift()).isEqualTo(3.3);
    }

    @Test
    void liftComparesTheJointShareWithTheProductOfTheEntitiesShares() {
        Alert alert = alert(4, T0, T0.plus(Duration.ofHours(1)));
        // 100 articles: AF in 10, PK in 20, together in 4 → (4/100) / (0.1 · 0.2) = 2
        List<LiftPart> parts = List.of(new LiftPart(alert.alertId(), alert, null, 0),
                new LiftPart(alert.alertId(), null, FrequencyEvent.ALL_ARTICLES, 100),
                new LiftPart(alert.alertId(), null, "AF", 10), new LiftPart(alert.alertId(), null, "PK", 20));
        Alert withLift = AddLift.withLift(alert, parts);
        assertThat(withLift.lift()).isEqualTo(2.0);
        assertThat(withLift.explanation()).endsWith("They were named together 2 times as often as their own frequencies predict.");
    }

    static Alert alert(long count, Instant start, Instant end) {
        return new Alert("id-1", Alert.AlertKind.WATCH, "r", "AF+PK",
                List.of(new EntityRef("AF", "Afghanistan", EntityType.COUNTRY), new EntityRef("PK", "Pakistan", EntityType.COUNTRY)),
                start, end, count, 0.5, 3.0, 2, null, "Afghanistan and Pakistan were named together.", List.of(),
                "a1", start, List.of(), T0);
    }
}
