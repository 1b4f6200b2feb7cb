package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.analytics.AlertRules;
import io.comention.analytics.BurstSettings;
import io.comention.model.ArticleCombinations;
import io.comention.model.ArticleRef;
import io.comention.model.ControlMessage;
import io.comention.model.CountedArticle;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import io.comention.model.TaggedEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ToCombinationsTest {

    static final BurstSettings NO_BURST =
            new BurstSettings(false, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(24), Duration.ofHours(6));

    private static TaggedEntity country(String id, double salience) {
        return new TaggedEntity(id, EntityType.COUNTRY, id, 1, salience, List.of());
    }

    @Test
    void shouldEmitEachCombinationOnceInOneRecordPerArticleAndKeepNoState() throws Exception {
        var rules = new AlertRules(List.of(), List.of(), NO_BURST, Duration.ofHours(1));
        Instant at = Instant.parse("2026-01-05T00:00:00Z");
        try (BroadcastOperatorTestHarness<CountedArticle, ControlMessage, ArticleCombinations> harness =
                ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                        new ToCombinations(8, 5, 2, 3, rules), ControlState.DESCRIPTOR)) {
            harness.open();
            // an entity named twice counts once: set semantics
            harness.processElement(new StreamRecord<>(
                    new CountedArticle(
                            new ArticleRef("a", "T", "https://x/a", "x"),
                            at,
                            List.of(country("AF", 3), country("PK", 2), country("US", 1), country("PK", 2))),
                    at.toEpochMilli()));
            // an article with one entity names no combination: no record
            harness.processElement(new StreamRecord<>(
                    new CountedArticle(new ArticleRef("b", "T", "https://x/b", "x"), at, List.of(country("AF", 3))),
                    at.toEpochMilli()));
            List<ArticleCombinations> records = harness.extractOutputValues();
            assertThat(records).hasSize(1);
            ArticleCombinations record = records.get(0);
            assertThat(record.combinations())
                    .extracting(ArticleCombinations.Combination::key)
                    .containsExactly("AF+PK", "AF+US", "PK+US", "AF+PK+US");
            assertThat(record.combinations().get(3).entities())
                    .extracting(EntityRef::id)
                    .containsExactly("AF", "PK", "US");
            // sent to every counter subtask, each of which sends one verdict
            assertThat(record.parts()).isEqualTo(ArticleCombinations.ONE_PER_COUNTER);
            assertThat(record.article().id()).isEqualTo("a");
            assertThat(record.eventTime()).isEqualTo(at);
            // not keyed, so no keyed state or timers: the only state is the broadcast rules, here empty
            assertThat(harness.getBroadcastState(ControlState.DESCRIPTOR).immutableEntries())
                    .isEmpty();
        }
    }
}
