package io.comention.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import io.comention.model.Article;
import io.comention.model.ControlMessage;
import io.comention.model.ControlParser;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TagEntitiesTest {

    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");

    private BroadcastOperatorTestHarness<Article, ControlMessage, TaggedArticle> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new TagEntities(null), ControlState.DESCRIPTOR);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private List<String> tag(String id, String title) throws Exception {
        harness.processElement(
                new StreamRecord<>(new Article(id, null, "wire", T0, "en", title, "", T0), T0.toEpochMilli()));
        List<TaggedArticle> out = harness.extractOutputValues();
        TaggedArticle last = out.get(out.size() - 1);
        assertThat(last.article().id()).isEqualTo(id);
        assertThat(last.duplicateOf()).isNull();
        return last.entities().stream().map(TaggedEntity::id).sorted().toList();
    }

    private void control(String json) throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(
                ControlParser.parse(
                        json.getBytes(UTF_8), ComentionConfig.bundled().ruleLimits()),
                T0.toEpochMilli()));
    }

    @Test
    void shouldTagWithTheBundledKnowledgeBase() throws Exception {
        assertThat(tag("a1", "Afghanistan and Pakistan agree on border talks")).containsExactly("AF", "PK");
    }

    @Test
    void shouldApplyEntityChangesFromTheControlTopicFromTheNextArticle() throws Exception {
        String title = "Zorblax Industries talks with Pakistan";
        assertThat(tag("a1", title)).containsExactly("PK");
        control(
                "{\"schema\":1,\"action\":\"upsert_entity\",\"entity\":{\"id\":\"org:zorblax\",\"type\":\"ORGANIZATION\","
                        + "\"name\":\"Zorblax Industries\",\"aliases\":[]}}");
        assertThat(tag("a2", title)).containsExactly("PK", "org:zorblax");
        control("{\"schema\":1,\"action\":\"delete_entity\",\"id\":\"PK\"}");
        assertThat(tag("a3", title)).containsExactly("org:zorblax");
        // both changes are kept in broadcast state, so they survive a restart
        assertThat(harness.getBroadcastState(ControlState.DESCRIPTOR).immutableEntries())
                .extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("entity:org:zorblax", "entity:PK");
    }

    @Test
    void shouldLeaveRuleChangesToTheCounter() throws Exception {
        control("{\"schema\":1,\"action\":\"upsert_rule\",\"rule\":{\"id\":\"x\",\"entities\":[\"AF\",\"PK\"],"
                + "\"horizon\":\"1h\",\"threshold\":3}}");
        assertThat(harness.getBroadcastState(ControlState.DESCRIPTOR).immutableEntries())
                .isEmpty();
        assertThat(tag("a1", "Afghanistan and Pakistan")).containsExactly("AF", "PK");
    }
}
