package io.comention.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comention.config.ComentionConfig;
import io.comention.kafka.SharedKafka;
import io.comention.kafka.TopicAdmin;
import io.comention.kafka.TopicReader;
import io.comention.model.ControlMessage;
import io.comention.model.ControlParser;
import io.comention.model.Json;
import io.comention.ops.FlinkRest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a running job: a watch rule added through {@code news.control} applies to the next articles,
 * without a restart, and an invalid control message is dead-lettered without stopping anything; and a
 * lone wire-length article, with nothing after it, is tagged, counted and raises its alert at once:
 * nothing waits for later articles to move event time on.
 */
class LiveControlITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @RegisterExtension
    static final SharedKafka KAFKA = new SharedKafka();

    @Test
    void aRuleAddedWhileTheJobRunsFiresOnTheNextArticles(@InjectClusterClient ClusterClient<?> cluster)
            throws Exception {
        JobClient job = null;
        try {
            ComentionConfig config = PipelineITCase.freshConfig(KAFKA.bootstrapServers());
            var topics = config.topics();
            TopicAdmin.ensureTopics(config.kafka().clientProperties(), topics, 2, (short) 1);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            ComentionJob.configure(env, config);
            ComentionJob.build(env, config, ComentionJob.kafkaSources(config, false), ComentionJob.kafkaSinks(config));
            job = env.executeAsync(config.job().name());
            String jobId = job.getJobID().toString();
            FlinkRest rest = new FlinkRest(cluster.getWebInterfaceURL());
            rest.awaitTasksRunning(jobId, Duration.ofSeconds(300));

            ControlMessage rule = new ControlMessage(
                    ControlMessage.Action.UPSERT_RULE,
                    "iran-saudi-live",
                    List.of("IR", "SA"),
                    Duration.ofHours(1).toMillis(),
                    2,
                    0,
                    null,
                    null,
                    List.of(),
                    List.of());
            PipelineITCase.produce(
                    config,
                    List.of(
                            new ProducerRecord<>(
                                    topics.control(), rule.stateKey().getBytes(UTF_8), ControlParser.write(rule)),
                            new ProducerRecord<>(
                                    topics.control(),
                                    "rule:broken".getBytes(UTF_8),
                                    "{\"action\":\"upsert_rule\"}".getBytes(UTF_8))));
            await(
                    "both parallel counters applied the rule",
                    Duration.ofSeconds(300),
                    () -> rest.jobMetrics(jobId, Set.of(Metrics.CONTROL_APPLIED), "sum")
                                    .getOrDefault(Metrics.CONTROL_APPLIED, 0.0)
                            >= 2);

            List<ProducerRecord<byte[], byte[]>> articles = new ArrayList<>();
            String[] bodies = {
                "Tehran and Riyadh exchanged ambassadors for the first time in years, officials in Iran said on Sunday.",
                "Saudi Arabia said talks with Iranian envoys in Baghdad covered shipping lanes, pilgrims and trade quotas.",
                "Markets in Tokyo closed higher on Monday after exporters reported stronger quarterly earnings than forecast.",
                "Rain delayed the harvest across the northern plains, farmers' unions said, and prices for wheat rose."
            };
            String[] times = {
                "2024-05-01T10:07:00Z", "2024-05-01T10:02:00Z", "2024-05-01T12:00:00Z", "2024-05-01T12:00:00Z"
            };
            for (int i = 0; i < bodies.length; i++) {
                var a = Json.MAPPER.createObjectNode();
                a.put("id", "live-" + i);
                a.put("source", "live" + i + ".example");
                a.put("published_at", times[i]);
                a.put("title", "Report " + i);
                a.put("body", bodies[i]);
                // the two Iran–Saudi articles arrive out of event-time order, on different partitions
                articles.add(new ProducerRecord<>(
                        topics.raw(), i % 2, ("live-" + i).getBytes(UTF_8), Json.MAPPER.writeValueAsBytes(a)));
            }
            PipelineITCase.produce(config, articles);

            await(
                    "a WATCH alert for the live rule",
                    Duration.ofSeconds(300),
                    () -> !watchAlerts(config).isEmpty());
            JsonNode alert = watchAlerts(config).get(0);
            assertThat(alert.get("key").asText()).isEqualTo("IR+SA");
            assertThat(alert.get("count").asLong()).isEqualTo(2);
            assertThat(alert.get("explanation").asText())
                    .startsWith("Iran and Saudi Arabia were named together in 2 articles in the last hour");

            var dead = TopicReader.readCommitted(config.kafka().bootstrapServers(), topics.deadletter());
            assertThat(dead).hasSize(1);
            assertThat(PipelineITCase.header(dead.get(0), "comention.error.class"))
                    .isEqualTo("INVALID_CONTROL");

            // the sample article (4 KB of wire copy), published now, and then silence
            var lone = (ObjectNode) Json.MAPPER.readTree(PipelineITCase.sampleArticleJson());
            lone.put("id", "lone-article");
            lone.put("published_at", Instant.now().toString());
            PipelineITCase.produce(
                    config,
                    List.of(new ProducerRecord<>(
                            topics.raw(), "lone-article".getBytes(UTF_8), Json.MAPPER.writeValueAsBytes(lone))));
            await(
                    "the lone article on news.tagged",
                    Duration.ofSeconds(60),
                    () -> TopicReader.readCommitted(config.kafka().bootstrapServers(), topics.tagged()).stream()
                            .anyMatch(r -> new String(r.key(), UTF_8).equals("lone-article")));
            await(
                    "its FIRST_SEEN alert (Haqqani network and ISI)",
                    Duration.ofSeconds(60),
                    () -> alerts(config).stream()
                            .anyMatch(a -> a.get("kind").asText().equals("FIRST_SEEN")
                                    && a.get("triggered_by").asText().equals("lone-article")));
            await(
                    "a count update that includes it",
                    Duration.ofSeconds(60),
                    () -> TopicReader.readCommitted(config.kafka().bootstrapServers(), topics.counts()).stream()
                            .map(r -> json(r.value()))
                            .anyMatch(c -> c.get("key").asText().equals("AF+PK")
                                    && c.get("total").asLong() >= 1));
            assertThat(job.getJobStatus().get().isTerminalState()).isFalse();
        } finally {
            if (job != null) {
                job.cancel().get();
            }
        }
    }

    private static List<JsonNode> watchAlerts(ComentionConfig config) throws Exception {
        return alerts(config).stream()
                .filter(a -> a.get("kind").asText().equals("WATCH")
                        && a.get("rule").asText().equals("iran-saudi-live"))
                .toList();
    }

    private static List<JsonNode> alerts(ComentionConfig config) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (var r : TopicReader.readCommitted(
                config.kafka().bootstrapServers(), config.topics().alerts())) {
            out.add(json(r.value()));
        }
        return out;
    }

    private static JsonNode json(byte[] value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Duration timeout, Check check) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.onSpinWait();
            LockSupport.parkNanos(200_000_000L);
        }
    }
}
