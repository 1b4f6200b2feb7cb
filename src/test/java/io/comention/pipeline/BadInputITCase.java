package io.comention.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.config.ComentionConfig;
import io.comention.kafka.Serializers;
import io.comention.kafka.SharedKafka;
import io.comention.kafka.TopicAdmin;
import io.comention.kafka.TopicReader;
import io.comention.model.ArticleParser;
import io.comention.model.BadInputCatalogue;
import io.comention.model.BadInputCatalogue.Case;
import io.comention.model.Json;
import io.comention.model.RawRecord;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole bad-input catalogue plus valid articles through the job on a mini cluster (parallelism 2)
 * and a real broker, with no restarts allowed: every record read is on {@code news.tagged}, on {@code
 * news.deadletter} byte for byte with its reason, or counted as a duplicate, and the job's own metrics
 * add up to {@code read = processed + duplicates + dead letters}.
 */
class BadInputITCase {

    /** Keeps the metrics of finished jobs, so the counters can be read after the bounded run. */
    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @RegisterExtension
    static final SharedKafka KAFKA = new SharedKafka();

    @Test
    void everyRecordIsTaggedDeadLetteredOrCountedAsADuplicateAndTheJobNeverRestarts() throws Exception {
        ComentionConfig config = config();
        var topics = config.topics();
        TopicAdmin.ensureTopics(config.kafka().clientProperties(), topics, 2, (short) 1);

        List<Case> catalogue = BadInputCatalogue.cases();
        List<String> valid = validArticles(20);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Case c : catalogue) {
            records.add(new ProducerRecord<>(topics.raw(), c.key(), c.value()));
        }
        for (String article : valid) {
            records.add(new ProducerRecord<>(
                    topics.raw(),
                    Json.MAPPER.readTree(article).get("id").asText().getBytes(UTF_8),
                    article.getBytes(UTF_8)));
        }
        produce(config, records);

        // what each record must become: the parser decides the ids (some are derived), the catalogue the outcome
        ArticleParser parser = new ArticleParser(BadInputCatalogue.MAX_RECORD_BYTES);
        Map<String, JsonNode> expectedTagged = new HashMap<>();
        List<Case> expectedDead = new ArrayList<>();
        long expectedDuplicates = 0;
        for (Case c : catalogue) {
            switch (c.outcome()) {
                case PROCESSED -> {
                    var article = parser.parse(new RawRecord("t", 0, 0, 0, c.key(), c.value()))
                            .article();
                    expectedTagged.put(
                            article.id(),
                            Json.MAPPER.valueToTree(Map.of(
                                    "title", String.valueOf(article.title()), "body", String.valueOf(article.body()))));
                }
                case DEAD_LETTER -> expectedDead.add(c);
                case DUPLICATE -> expectedDuplicates++;
            }
        }
        for (String article : valid) {
            JsonNode a = Json.MAPPER.readTree(article);
            expectedTagged.put(
                    a.get("id").asText(),
                    Json.MAPPER.valueToTree(Map.of(
                            "title",
                            a.path("title").asText("null"),
                            "body",
                            a.path("body").asText("null"))));
        }

        JobExecutionResult result = runBoundedWithoutRestarts(config);

        // news.tagged: each processed record exactly once, its text unchanged
        List<ConsumerRecord<byte[], byte[]>> tagged =
                TopicReader.readCommitted(KAFKA.bootstrapServers(), topics.tagged());
        Map<String, Integer> copies = new HashMap<>();
        for (var r : tagged) {
            JsonNode t = Json.MAPPER.readTree(r.value());
            String id = t.get("id").asText();
            copies.merge(id, 1, Integer::sum);
            JsonNode expected = expectedTagged.get(id);
            assertThat(expected).as("unexpected tagged id %s", id).isNotNull();
            assertThat(t.path("title").asText("null"))
                    .as("title of %s", id)
                    .isEqualTo(expected.get("title").asText());
            assertThat(t.path("body").asText("null"))
                    .as("body of %s", id)
                    .isEqualTo(expected.get("body").asText());
        }
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(expectedTagged.keySet());
        assertThat(copies.values()).allMatch(n -> n == 1);

        // news.deadletter: each rejected record byte for byte, with its reason and origin
        List<ConsumerRecord<byte[], byte[]>> dead =
                TopicReader.readCommitted(KAFKA.bootstrapServers(), topics.deadletter());
        assertThat(dead).hasSize(expectedDead.size());
        List<ConsumerRecord<byte[], byte[]>> unmatched = new ArrayList<>(dead);
        for (Case c : expectedDead) {
            var match = unmatched.stream()
                    .filter(r -> Arrays.equals(r.value(), c.value()) && Arrays.equals(r.key(), c.key()))
                    .findFirst();
            assertThat(match).as("dead letter for '%s'", c).isPresent();
            ConsumerRecord<byte[], byte[]> r = match.get();
            unmatched.remove(r);
            assertThat(header(r, Serializers.H_ERROR_CLASS))
                    .as(c.name())
                    .isEqualTo(c.errorKind().name());
            assertThat(header(r, Serializers.H_ERROR_MESSAGE)).as(c.name()).containsIgnoringCase(c.reasonPart());
            assertThat(header(r, Serializers.H_SOURCE_TOPIC)).isEqualTo(topics.raw());
            assertThat(header(r, Serializers.H_SOURCE_OFFSET)).isNotBlank();
        }

        // nothing lost: every record read is accounted for once
        long produced = records.size();
        assertThat(tagged.size() + dead.size() + expectedDuplicates).isEqualTo(produced);

        // the job's metrics say the same: read = processed + duplicates + dead letters, and no restart
        List<Map.Entry<String, Metric>> metrics = metricsOf(result.getJobID().toString());
        long read = sum(metrics, Metrics.ARTICLES_READ);
        long processed = sum(metrics, Metrics.ARTICLES_TAGGED);
        long duplicates = sum(metrics, Metrics.ARTICLES_DUPLICATE);
        long deadLetters = sum(metrics, Metrics.DEAD_LETTERS);
        assertThat(read).isEqualTo(produced);
        assertThat(processed).isEqualTo(tagged.size());
        assertThat(duplicates).isEqualTo(expectedDuplicates);
        assertThat(deadLetters).isEqualTo(dead.size());
        assertThat(processed + duplicates + deadLetters).isEqualTo(read);
        assertThat(metrics)
                .filteredOn(e -> e.getKey().equals("numRestarts"))
                .isNotEmpty()
                .allSatisfy(
                        e -> assertThat(((Gauge<?>) e.getValue()).getValue()).isEqualTo(0L));
    }

    private static ComentionConfig config() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ComentionConfig b = ComentionConfig.bundled().withBootstrapServers(KAFKA.bootstrapServers());
        var t = b.topics();
        return new ComentionConfig(
                b.kafka(),
                new ComentionConfig.Topics(
                        t.raw() + "-" + suffix,
                        t.tagged() + "-" + suffix,
                        t.counts() + "-" + suffix,
                        t.alerts() + "-" + suffix,
                        t.deadletter() + "-" + suffix,
                        t.control() + "-" + suffix),
                new ComentionConfig.Job(
                        "bad-input-" + suffix, 2, 128, Duration.ofSeconds(1), Duration.ofMinutes(1), "earliest"),
                new ComentionConfig.Input(BadInputCatalogue.MAX_RECORD_BYTES, Duration.ofDays(7)),
                b.events(),
                b.tagging(),
                b.counts(),
                b.nearDuplicates(),
                b.alerts(),
                b.rules(),
                b.watchlists());
    }

    /** A bounded run where any failure fails the run: input must never make the job restart. */
    private static JobExecutionResult runBoundedWithoutRestarts(ComentionConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ComentionJob.configure(env, config);
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(noRestarts);
        ComentionJob.build(env, config, ComentionJob.kafkaSources(config, true), ComentionJob.kafkaSinks(config));
        return env.execute(config.job().name());
    }

    private static List<String> validArticles(int n) throws IOException {
        try (InputStream in = BadInputITCase.class.getClassLoader().getResourceAsStream("demo/articles.jsonl")) {
            return new String(in.readAllBytes(), UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .limit(n)
                    .toList();
        }
    }

    private static void produce(ComentionConfig config, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties props = config.kafka().clientProperties();
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (var r : records) {
                producer.send(r).get();
            }
        }
    }

    /** Every metric of one job as (name, metric), over all its groups (job, tasks, operators). */
    private static List<Map.Entry<String, Metric>> metricsOf(String jobId) {
        List<Map.Entry<String, Metric>> out = new ArrayList<>();
        METRICS.getMetricsByGroup().forEach((group, byName) -> {
            if (jobId.equals(group.getAllVariables().get("<job_id>"))) {
                out.addAll(byName.entrySet());
            }
        });
        return out;
    }

    /** A counter summed over all subtasks of the operators that register it. */
    private static long sum(List<Map.Entry<String, Metric>> metrics, String name) {
        return metrics.stream()
                .filter(e -> e.getKey().equals(name))
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), UTF_8);
    }
}
