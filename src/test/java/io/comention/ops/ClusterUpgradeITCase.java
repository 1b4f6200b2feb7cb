package io.comention.ops;

import static io.comention.ops.SandboxProcesses.awaitTrue;
import static io.comention.ops.SandboxProcesses.cli;
import static io.comention.ops.SandboxProcesses.expectOk;
import static io.comention.ops.SandboxProcesses.freePort;
import static io.comention.ops.SandboxProcesses.runningJobId;
import static io.comention.ops.SandboxProcesses.startBroker;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.config.ComentionConfig;
import io.comention.config.ConfigException;
import io.comention.kafka.TopicAdmin;
import io.comention.kafka.TopicReader;
import io.comention.model.Json;
import io.comention.pipeline.ComentionJob;
import io.comention.pipeline.Metrics;
import io.comention.tools.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator path on a real standalone Flink cluster: the sandbox broker and the cluster's JobManager
 * and TaskManager run as child processes; the shaded job jar goes in through REST ({@code submit}); the
 * job is upgraded with a savepoint while rescaling 1 → 2 → 1 ({@code upgrade}); articles arrive before,
 * between and after. read_committed consumers then check that nothing was lost or doubled, and one of
 * the job's metrics is read from the cluster's REST metrics API.
 */
class ClusterUpgradeITCase {

    private static final Set<String> TRIPLE = Set.of("AF", "PK", "US");

    @TempDir
    Path work;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final List<Fed> fed = new ArrayList<>();
    /**
     * The newer half of the latest phase: near-duplicate detection publishes an article once the watermark
     * passes it (5 minutes behind the newest article of the partition that is furthest behind), so the
     * newest ones wait for the next phase or the drain.
     */
    private final Set<String> heldBack = new HashSet<>();

    /** An article as produced: id, whether it names Afghanistan, Pakistan and the United States, and JSON. */
    record Fed(String id, boolean triple, String json) {}

    @Test
    void upgradeAndRescaleKeepEveryCountAndDuplicateNothing() throws Exception {
        Path clusterDir = work.resolve("cluster");
        Process broker = null;
        try {
            int kafkaPort = freePort();
            broker = startBroker(work, kafkaPort);
            String bootstrap = "localhost:" + kafkaPort;

            ComentionConfig config = writeConfig(bootstrap);
            TopicAdmin.ensureTopics(config.kafka().clientProperties(), config.topics(), 2, (short) 1);

            int restPort = freePort();
            String rest = "http://localhost:" + restPort;
            expectOk(cli(
                    "cluster",
                    "start",
                    "--dir",
                    clusterDir.toString(),
                    "--rest-port",
                    Integer.toString(restPort),
                    "--taskmanagers",
                    "1",
                    "--slots",
                    "2",
                    "--taskmanager-memory",
                    "1280m"));
            FlinkRest flink = new FlinkRest(rest);
            Path configFile = work.resolve("comention.yaml");
            Path jar = SandboxCluster.buildDirectory().resolve("comention-job.jar");
            assertThat(jar).isRegularFile();

            // a configuration the job's main refuses on the cluster comes back as its one-line message
            Path badConfig = Files.writeString(work.resolve("bad.yaml"), "job:\n  parallelism: two\n");
            String badJar = flink.uploadJar(jar);
            assertThatThrownBy(() -> flink.runJar(
                            badJar,
                            ComentionJob.class.getName(),
                            List.of("--config", badConfig.toString()),
                            0,
                            null,
                            false))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(badConfig + ": job.parallelism: must be a whole number, was string 'two'");
            flink.deleteJar(badJar);

            // run 1: parallelism 1
            String submitted = expectOk(cli(
                    "submit",
                    "--rest",
                    rest,
                    "--jar",
                    jar.toString(),
                    "--config",
                    configFile.toString(),
                    "--parallelism",
                    "1"));
            String job1 = runningJobId(submitted);
            produce(config, phase(0, 24, List.of()));
            awaitTagged(config, releasedIds());

            // one metric, read through the cluster's REST metrics API: every article read exactly once
            awaitTrue(
                    "articlesRead reaches " + fed.size() + " in REST metrics",
                    Duration.ofSeconds(300),
                    () -> metric(flink, job1, Metrics.ARTICLES_READ) >= fed.size());
            assertThat(metric(flink, job1, Metrics.ARTICLES_READ)).isEqualTo(fed.size());

            assertThat(expectOk(cli("savepoint", "--rest", rest, "--job", job1)))
                    .contains("savepoint file:");

            // run 2: upgrade with a savepoint, rescaling to 2; the batch repeats two ids from run 1
            String upgraded = expectOk(cli(
                    "upgrade",
                    "--rest",
                    rest,
                    "--jar",
                    jar.toString(),
                    "--config",
                    configFile.toString(),
                    "--parallelism",
                    "2"));
            assertThat(upgraded).contains("[1/3] stopping job " + job1, "[3/3] upgraded");
            String job2 = runningJobId(upgraded);
            assertThat(flink.parallelism(job2)).isEqualTo(2);
            produce(config, phase(1, 24, List.of(fed.get(0), fed.get(3))));
            awaitTagged(config, releasedIds());

            // run 3: upgrade again, back to 1; one more repeated id
            String rescaledBack = expectOk(cli(
                    "upgrade",
                    "--rest",
                    rest,
                    "--jar",
                    jar.toString(),
                    "--config",
                    configFile.toString(),
                    "--parallelism",
                    "1"));
            String job3 = runningJobId(rescaledBack);
            assertThat(flink.parallelism(job3)).isEqualTo(1);
            produce(config, phase(2, 24, List.of(fed.get(30))));
            awaitTagged(config, releasedIds());
            // committed output means a completed checkpoint: status reports it with the state's size
            assertThat(expectOk(cli("status", "--rest", rest)))
                    .containsPattern("job " + job3 + "\\s+RUNNING")
                    .containsPattern("last checkpoint \\d+ at \\S+, state \\d+\\.\\d MB");

            // drain: the final watermark closes every bucket, then the last transaction commits
            assertThat(expectOk(cli("stop", "--rest", rest, "--job", job3, "--drain")))
                    .contains("FINISHED");

            SandboxProcesses.assertEveryArticleTaggedOnce(config, distinctIds());
            SandboxProcesses.assertNoAlertTwice(config);
            assertTripleTotalCountsEveryArticle(config);
        } finally {
            SandboxCluster.stop(clusterDir, Duration.ofSeconds(20));
            if (broker != null) {
                broker.destroy();
                if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                    broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(SandboxCluster.running(clusterDir)).isEmpty();
        assertThat(broker.isAlive()).isFalse();
    }

    @Test
    void jobJarHoldsTheJobAndItsKafkaClientButNoFlinkRuntimeOrBroker() throws IOException {
        Path jar = SandboxCluster.buildDirectory().resolve("comention-job.jar");
        assertThat(Files.size(jar)).isLessThan(40L << 20);
        List<String> entries;
        try (var zip = new JarFile(jar.toFile())) {
            entries = zip.stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.endsWith(".class"))
                    .toList();
            assertThat(zip.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(ComentionJob.class.getName());
        }
        assertThat(entries)
                .contains(
                        "io/comention/pipeline/ComentionJob.class",
                        "io/comention/config/ComentionConfig.class",
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/kafka/clients/producer/KafkaProducer.class",
                        "com/fasterxml/jackson/databind/ObjectMapper.class");
        // Flink: only the Kafka connector's own packages; Kafka: only the client (no broker, raft or Scala)
        assertThat(entries.stream().filter(n -> n.startsWith("org/apache/flink/")))
                .allMatch(n -> n.startsWith("org/apache/flink/connector/kafka/")
                        || n.startsWith("org/apache/flink/streaming/connectors/kafka/")
                        || n.startsWith("org/apache/flink/streaming/util/serialization/"));
        assertThat(entries)
                .noneMatch(n -> n.startsWith("kafka/")
                        || n.startsWith("scala/")
                        || n.startsWith("org/apache/kafka/raft/")
                        || n.startsWith("org/apache/kafka/metadata/")
                        || n.startsWith("org/apache/kafka/storage/")
                        || n.startsWith("picocli/")
                        || n.startsWith("io/comention/cli/")
                        || n.startsWith("io/comention/ops/")
                        || n.startsWith("io/comention/tools/")
                        || n.startsWith("org/apache/logging/")
                        || n.startsWith("org/slf4j/"));
    }

    // ---- assertions

    private void assertTripleTotalCountsEveryArticle(ComentionConfig config) throws IOException {
        long expected = fed.stream().filter(Fed::triple).map(Fed::id).distinct().count();
        JsonNode latest = null;
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(
                config.kafka().bootstrapServers(), config.topics().counts())) {
            if ("AF+PK+US".equals(new String(r.key(), UTF_8))) {
                latest = Json.MAPPER.readTree(r.value());
            }
        }
        assertThat(latest).as("a counts record for AF+PK+US").isNotNull();
        assertThat(latest.path("total").asLong()).isEqualTo(expected);
    }

    // ---- the articles

    /** {@code count} new articles for run {@code run}, each a minute apart in event time, plus repeats. */
    private List<Fed> phase(int run, int count, List<Fed> repeats) {
        Instant start = Instant.parse("2024-03-01T06:00:00Z").plus(Duration.ofMinutes(40L * run));
        List<Fed> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "it-" + suffix + "-" + run + "-" + i;
            boolean triple = i % 3 == 0;
            String title = triple
                    ? "Afghanistan, Pakistan and the United States agree on border talks"
                    : (i % 3 == 1 ? "India and China resume trade talks" : "Germany and France sign energy pact");
            String json =
                    "{\"id\":\"" + id + "\",\"url\":\"https://example.org/" + id + "\",\"source\":\"example.org\","
                            + "\"published_at\":\"" + start.plus(Duration.ofMinutes(i)) + "\",\"language\":\"en\","
                            + "\"title\":\"" + title + "\",\"body\":\"" + title + ". " + distinctProse(id) + "\"}";
            batch.add(new Fed(id, triple, json));
        }
        heldBack.clear();
        batch.subList(count / 2, count).forEach(f -> heldBack.add(f.id()));
        batch.addAll(repeats);
        fed.addAll(batch);
        return batch;
    }

    /**
     * A sentence of its own for each article: identical bodies under different ids are syndicated copies,
     * which the job rightly counts once.
     */
    private static String distinctProse(String id) {
        String[] words = {
            "officials",
            "ministers",
            "negotiators",
            "envoys",
            "border",
            "trade",
            "security",
            "talks",
            "agreed",
            "resumed",
            "delayed",
            "signed",
            "monday",
            "tuesday",
            "capital",
            "province",
            "convoy",
            "pact",
            "observers",
            "diplomats",
            "statement",
            "spokesman",
            "crossing",
            "summit",
            "delegation",
            "committee",
            "treaty",
            "ceasefire",
            "refugees",
            "supplies",
            "council",
            "parliament"
        };
        Random random = new Random(id.hashCode());
        StringBuilder out = new StringBuilder();
        for (int w = 0; w < 24; w++) {
            out.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
        }
        return out.append('.').toString();
    }

    private Set<String> releasedIds() {
        Set<String> ids = distinctIds();
        ids.removeAll(heldBack);
        return ids;
    }

    private Set<String> distinctIds() {
        Set<String> ids = new HashSet<>();
        fed.forEach(f -> ids.add(f.id()));
        return ids;
    }

    private static void produce(ComentionConfig config, List<Fed> batch) throws Exception {
        Properties props = config.kafka().clientProperties();
        props.put("acks", "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (Fed f : batch) {
                producer.send(new ProducerRecord<>(config.topics().raw(), f.id(), f.json()))
                        .get();
            }
        }
    }

    /** Waits until the committed tagged topic holds every id in {@code ids} (a generous deadline for a busy machine). */
    private static void awaitTagged(ComentionConfig config, Collection<String> ids) {
        awaitTrue("all " + ids.size() + " articles tagged and committed", Duration.ofSeconds(600), () -> {
            Set<String> seen = new HashSet<>();
            TopicReader.readCommitted(
                            config.kafka().bootstrapServers(), config.topics().tagged())
                    .forEach(r -> seen.add(new String(r.key(), UTF_8)));
            return seen.containsAll(ids);
        });
    }

    // ---- processes, configuration, CLI

    private ComentionConfig writeConfig(String bootstrap) throws IOException {
        Files.writeString(
                work.resolve("rules.yaml"),
                String.join(
                        "\n",
                        "watch:",
                        "  - id: pak-afg-us",
                        "    entities: [AF, PK, US]",
                        "    horizon: 1h",
                        "    threshold: 3",
                        ""),
                UTF_8);
        return SandboxProcesses.writeConfig(
                work, bootstrap, "cluster-it-" + suffix, 1, "1m", "events:", "  idleness: 5s");
    }

    private static double metric(FlinkRest flink, String jobId, String name) {
        return flink.jobMetrics(jobId, Set.of(name), "sum").getOrDefault(name, -1.0);
    }
}
