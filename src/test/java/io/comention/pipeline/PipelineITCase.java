package io.comention.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.analytics.WatchRule;
import io.comention.config.ComentionConfig;
import io.comention.kafka.Serializers;
import io.comention.kafka.SharedKafka;
import io.comention.kafka.TopicAdmin;
import io.comention.kafka.TopicReader;
import io.comention.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a Flink mini cluster (parallelism 2) against a real Kafka broker, checked through
 * read_committed consumers: tagging, dedup, counts, a WATCH alert and a dead letter.
 */
class PipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @RegisterExtension
    static final SharedKafka KAFKA = new SharedKafka();

    /** The bundled configuration with topics, job name (transactional ids) of its own on {@code bootstrap}. */
    static ComentionConfig freshConfig(String bootstrap) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ComentionConfig bundled = ComentionConfig.bundled();
        var t = bundled.topics();
        return bundled.withBootstrapServers(bootstrap)
                .withTopics(new ComentionConfig.Topics(
                        t.raw() + "-" + suffix,
                        t.tagged() + "-" + suffix,
                        t.counts() + "-" + suffix,
                        t.alerts() + "-" + suffix,
                        t.deadletter() + "-" + suffix,
                        t.control() + "-" + suffix))
                .withJob(new ComentionConfig.Job(
                        "it-" + suffix, 2, 128, Duration.ofSeconds(1), Duration.ofMinutes(1), "earliest"));
    }

    static String sampleArticleJson() throws IOException {
        try (InputStream in = PipelineITCase.class.getClassLoader().getResourceAsStream("demo/articles.jsonl")) {
            return new String(in.readAllBytes(), UTF_8).lines().findFirst().orElseThrow();
        }
    }

    static void produce(ComentionConfig config, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties props = config.kafka().clientProperties();
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (var r : records) {
                producer.send(r).get();
            }
        }
    }

    static void runBounded(ComentionConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ComentionJob.configure(env, config);
        ComentionJob.build(env, config, ComentionJob.kafkaSources(config, true), ComentionJob.kafkaSinks(config));
        env.execute(config.job().name());
    }

    @Test
    void sampleArticleFlowsThroughEveryStageExactlyOnce() throws Exception {
        // a rule that fires on a single article, so this one article must raise exactly one alert
        ComentionConfig config = freshConfig(KAFKA.bootstrapServers())
                .withRules(List.of(new WatchRule("pak-afg-us", List.of("AF", "PK", "US"), Duration.ofHours(1), 1)));
        var topics = config.topics();
        TopicAdmin.ensureTopics(config.kafka().clientProperties(), topics, 2, (short) 1);

        String article = sampleArticleJson();
        String articleId = Json.MAPPER.readTree(article).get("id").asText();
        byte[] malformedKey = "bad-1".getBytes(UTF_8);
        byte[] malformedValue = "{\"title\": \"Truncated".getBytes(UTF_8);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(topics.raw(), articleId.getBytes(UTF_8), article.getBytes(UTF_8)));
        records.add(new ProducerRecord<>(topics.raw(), malformedKey, malformedValue));
        records.add(new ProducerRecord<>(topics.raw(), articleId.getBytes(UTF_8), article.getBytes(UTF_8)));
        produce(config, records);
        runBounded(config);

        // news.tagged: exactly one copy of the article, with the entities the issue names
        List<JsonNode> tagged = values(TopicReader.readCommitted(KAFKA.bootstrapServers(), topics.tagged()));
        assertThat(tagged).hasSize(1);
        JsonNode t = tagged.get(0);
        assertThat(t.get("id").asText()).isEqualTo(articleId);
        assertThat(t.get("schema").asInt()).isEqualTo(1);
        List<String> ids = new ArrayList<>();
        t.get("entities").forEach(e -> ids.add(e.get("id").asText()));
        assertThat(ids)
                .contains(
                        "AF",
                        "PK",
                        "US",
                        "org:haqqani-network",
                        "org:taliban",
                        "org:al-qaeda",
                        "org:isi",
                        "person:hamid-karzai",
                        "person:mullah-omar",
                        "person:jalaluddin-haqqani",
                        "person:sirajuddin-haqqani",
                        "person:mike-mullen",
                        "person:marc-grossman");
        JsonNode firstSpan = t.get("entities").get(0).get("spans").get(0);
        String field = t.get(firstSpan.get("field").asText()).asText();
        assertThat(field.substring(
                        firstSpan.get("start").asInt(), firstSpan.get("end").asInt()))
                .isEqualTo(firstSpan.get("text").asText());

        // news.comention.counts: AF+PK+US counted once (the duplicate dropped)
        List<JsonNode> counts = values(TopicReader.readCommitted(KAFKA.bootstrapServers(), topics.counts()));
        List<JsonNode> triple = counts.stream()
                .filter(c -> c.get("key").asText().equals("AF+PK+US"))
                .toList();
        assertThat(triple).isNotEmpty();
        assertThat(triple).allSatisfy(c -> assertThat(c.get("total").asLong()).isEqualTo(1));
        assertThat(triple)
                .anySatisfy(c -> assertThat(c.get("counts").get("1h").asLong()).isEqualTo(1));
        assertThat(triple)
                .allSatisfy(c -> assertThat(c.get("counts").get("1h").asLong()).isLessThanOrEqualTo(1));
        assertThat(triple.get(0).get("entities")).hasSize(3);

        // news.alerts: one WATCH alert naming the three countries and explaining itself
        List<JsonNode> alerts = values(TopicReader.readCommitted(KAFKA.bootstrapServers(), topics.alerts())).stream()
                .filter(a -> a.get("kind").asText().equals("WATCH"))
                .toList();
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("kind").asText()).isEqualTo("WATCH");
        assertThat(alert.get("rule").asText()).isEqualTo("pak-afg-us");
        List<String> names = new ArrayList<>();
        alert.get("entities").forEach(e -> names.add(e.get("name").asText()));
        assertThat(names).containsExactly("Afghanistan", "Pakistan", "United States");
        assertThat(alert.get("explanation").asText())
                .isEqualTo("Afghanistan, Pakistan and United States were named together in 1 article in the last hour "
                        + "(no usual level yet: tracking began less than a minute ago).");
        assertThat(alert.get("articles").get(0).get("id").asText()).isEqualTo(articleId);
        assertThat(alert.get("sources").asLong()).isEqualTo(1);
        // one article, all three in it: together exactly as often as each alone, lift 1
        assertThat(alert.get("lift").asDouble()).isEqualTo(1.0);

        // news.deadletter: the malformed record byte for byte, with its reason
        List<ConsumerRecord<byte[], byte[]>> dead =
                TopicReader.readCommitted(KAFKA.bootstrapServers(), topics.deadletter());
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo(malformedKey);
        assertThat(dead.get(0).value()).isEqualTo(malformedValue);
        assertThat(header(dead.get(0), Serializers.H_ERROR_CLASS)).isEqualTo("INVALID_JSON");
        assertThat(header(dead.get(0), Serializers.H_ERROR_MESSAGE)).startsWith("invalid JSON");
        assertThat(header(dead.get(0), Serializers.H_SOURCE_TOPIC)).isEqualTo(topics.raw());
    }

    @Test
    void watchRuleAlertsWhenThreeArticlesNameAfghanistanPakistanAndTheUnitedStatesWithinAnHour() throws Exception {
        ComentionConfig config = freshConfig(KAFKA.bootstrapServers());
        var topics = config.topics();
        TopicAdmin.ensureTopics(config.kafka().clientProperties(), topics, 2, (short) 1);
        String[] bodies = {
            "Kabul and Islamabad traded accusations over cross-border shelling while Washington urged restraint on both sides of the frontier.",
            "American officials met Afghan and Pakistani commanders near the Torkham crossing to discuss supply routes and refugee returns this winter.",
            "The U.S. envoy said talks between Afghanistan and Pakistan on the joint commission would resume once the security review in Kabul ends."
        };
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var article = Json.MAPPER.createObjectNode();
            article.put("id", "copy-" + i);
            article.put("source", "source-" + i + ".example");
            article.put("published_at", "2011-10-19T06:" + (10 + 10 * i) + ":00Z");
            article.put("title", "Border talks, day " + (i + 1));
            article.put("body", bodies[i]);
            records.add(new ProducerRecord<>(
                    topics.raw(), ("copy-" + i).getBytes(UTF_8), Json.MAPPER.writeValueAsBytes(article)));
        }
        records.add(new ProducerRecord<>(
                topics.raw(), "copy-0".getBytes(UTF_8), records.get(0).value()));
        produce(config, records);
        runBounded(config);

        List<JsonNode> alerts = values(TopicReader.readCommitted(KAFKA.bootstrapServers(), topics.alerts()));
        List<JsonNode> watch = alerts.stream()
                .filter(a -> a.get("rule").asText().equals("pak-afg-us"))
                .toList();
        assertThat(watch).hasSize(1);
        JsonNode alert = watch.get(0);
        assertThat(alert.get("kind").asText()).isEqualTo("WATCH");
        assertThat(alert.get("count").asLong()).isEqualTo(3);
        List<String> names = new ArrayList<>();
        alert.get("entities").forEach(e -> names.add(e.get("name").asText()));
        assertThat(names).containsExactly("Afghanistan", "Pakistan", "United States");
        assertThat(alert.get("explanation").asText())
                .startsWith(
                        "Afghanistan, Pakistan and United States were named together in 3 articles in the last hour "
                                + "(no usual level yet: tracking began ");
        assertThat(alert.get("articles")).hasSize(3);
        assertThat(alert.get("sources").asLong()).isEqualTo(3);
        assertThat(alert.get("alert_id").asText()).hasSize(32);

        List<JsonNode> counts = values(TopicReader.readCommitted(KAFKA.bootstrapServers(), topics.counts()));
        long maxTotal = counts.stream()
                .filter(c -> c.get("key").asText().equals("AF+PK+US"))
                .mapToLong(c -> c.get("total").asLong())
                .max()
                .orElseThrow();
        assertThat(maxTotal).isEqualTo(3);
    }

    static List<JsonNode> values(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (var r : records) {
            out.add(Json.MAPPER.readTree(r.value()));
        }
        out.sort(Comparator.comparing(n -> n.path("updated_at").asText()));
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), UTF_8);
    }
}
