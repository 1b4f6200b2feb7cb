package io.comention.ops;

import static io.comention.ops.SandboxProcesses.awaitTrue;
import static io.comention.ops.SandboxProcesses.cli;
import static io.comention.ops.SandboxProcesses.expectOk;
import static io.comention.ops.SandboxProcesses.freePort;
import static io.comention.ops.SandboxProcesses.runningJobId;
import static io.comention.ops.SandboxProcesses.startBroker;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.config.ComentionConfig;
import io.comention.kafka.TopicAdmin;
import io.comention.kafka.TopicReader;
import io.comention.model.Json;
import io.comention.tools.sandbox.SandboxCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling the way a platform does it: only the cluster's {@code parallelism.default} changes (what the
 * Flink Kubernetes Operator does with {@code spec.job.parallelism}), nothing is passed to the job. A
 * configuration without {@code job.parallelism} is submitted to a sandbox cluster whose default is 1,
 * stopped with a savepoint, the cluster is restarted with a default of 2, and the same submission
 * resumes from the savepoint. It must run at 2, and read_committed consumers must find every article
 * tagged once, no alert twice and exact counts across both runs. (Flink's REST jar run does not apply the
 * cluster's default by itself; {@code submit} reads it from the cluster and passes it.)
 */
class ClusterRescaleITCase {

    private static final Pattern SAVEPOINT = Pattern.compile("; savepoint (\\S+)");

    @TempDir
    Path work;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final List<String[]> fed = new ArrayList<>(); // {id, triple?, json}

    @Test
    void restartWithOnlyTheClustersDefaultParallelismChangedRescalesTheJob() throws Exception {
        Path clusterDir = work.resolve("cluster");
        Process broker = null;
        try {
            int kafkaPort = freePort();
            broker = startBroker(work, kafkaPort);
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
            ComentionConfig config = SandboxProcesses.writeConfig(
                    work, "localhost:" + kafkaPort, "rescale-it-" + suffix, 0, "1m", "events:", "  idleness: 5s");
            assertThat(config.job().parallelism())
                    .as("job.parallelism left unset")
                    .isZero();
            TopicAdmin.ensureTopics(config.kafka().clientProperties(), config.topics(), 2, (short) 1);
            Path jar = SandboxCluster.buildDirectory().resolve("comention-job.jar");
            String configFile = work.resolve("comention.yaml").toString();

            // run 1: the cluster's default is 1
            String rest = startCluster(clusterDir, 1);
            String job1 = runningJobId(
                    expectOk(cli("submit", "--rest", rest, "--jar", jar.toString(), "--config", configFile)));
            assertThat(new FlinkRest(rest).parallelism(job1)).isEqualTo(1);
            produce(config, batch(0, 24, List.of()));
            awaitTagged(config, 12); // the newest articles wait for the watermark

            String stopped = expectOk(cli("stop", "--rest", rest, "--job", job1));
            Matcher m = SAVEPOINT.matcher(stopped);
            assertThat(m.find()).as("a savepoint in: %s", stopped).isTrue();
            String savepoint = m.group(1);
            SandboxCluster.stop(clusterDir, Duration.ofSeconds(20));
            assertThat(SandboxCluster.running(clusterDir)).isEmpty();

            // run 2: the same submission from the savepoint; only the cluster's default changed, to 2
            rest = startCluster(clusterDir, 2);
            String job2 = runningJobId(expectOk(cli(
                    "submit",
                    "--rest",
                    rest,
                    "--jar",
                    jar.toString(),
                    "--config",
                    configFile,
                    "--from-savepoint",
                    savepoint)));
            assertThat(new FlinkRest(rest).parallelism(job2)).isEqualTo(2);
            produce(config, batch(1, 24, List.of(fed.get(0), fed.get(3))));
            awaitTagged(config, 36);
            assertThat(expectOk(cli("stop", "--rest", rest, "--job", job2, "--drain")))
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
    }

    private static String startCluster(Path dir, int defaultParallelism) throws Exception {
        int restPort = freePort();
        var started = cli(
                "cluster",
                "start",
                "--dir",
                dir.toString(),
                "--rest-port",
                Integer.toString(restPort),
                "--taskmanagers",
                "1",
                "--slots",
                "2",
                "--taskmanager-memory",
                "1280m",
                "--default-parallelism",
                Integer.toString(defaultParallelism));
        if (started.code() != 0) {
            Path log = dir.resolve("log/jobmanager.log");
            String tail = Files.exists(log)
                    ? String.join(
                            "\n",
                            Files.readAllLines(log).stream()
                                    .filter(l -> l.contains("ERROR") || l.contains("Exception"))
                                    .limit(20)
                                    .toList())
                    : "(no log)";
            throw new AssertionError("cluster start failed: " + started.err() + "\njobmanager.log: " + tail);
        }
        return "http://localhost:" + restPort;
    }

    // ---- assertions

    private void assertTripleTotalCountsEveryArticle(ComentionConfig config) throws Exception {
        long expected = fed.stream()
                .filter(f -> f[1].equals("triple"))
                .map(f -> f[0])
                .distinct()
                .count();
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

    /** {@code count} new articles of run {@code run}, a minute apart in event time, then the repeats. */
    private List<String[]> batch(int run, int count, List<String[]> repeats) {
        Instant start = Instant.parse("2024-03-01T06:00:00Z").plus(Duration.ofMinutes(40L * run));
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "rs-" + suffix + "-" + run + "-" + i;
            boolean triple = i % 3 == 0;
            String title = triple
                    ? "Afghanistan, Pakistan and the United States agree on border talks"
                    : (i % 3 == 1 ? "India and China resume trade talks" : "Germany and France sign energy pact");
            // a text of its own (made-up lower-case words): the same title over the same few words would be
            // a near-copy, published but rightly not counted again
            Random random = new Random(id.hashCode());
            StringBuilder prose = new StringBuilder();
            for (int w = 0; w < 24; w++) {
                prose.append(' ');
                for (int c = 0; c < 7; c++) {
                    prose.append((char) ('a' + random.nextInt(26)));
                }
            }
            String json =
                    "{\"id\":\"" + id + "\",\"url\":\"https://example.org/" + id + "\",\"source\":\"example.org\","
                            + "\"published_at\":\"" + start.plus(Duration.ofMinutes(i)) + "\",\"language\":\"en\","
                            + "\"title\":\"" + title + "\",\"body\":\"" + title + "." + prose + ".\"}";
            out.add(new String[] {id, triple ? "triple" : "-", json});
        }
        out.addAll(repeats);
        fed.addAll(out);
        return out;
    }

    private Set<String> distinctIds() {
        Set<String> ids = new HashSet<>();
        fed.forEach(f -> ids.add(f[0]));
        return ids;
    }

    private static void produce(ComentionConfig config, List<String[]> batch) throws Exception {
        Properties props = config.kafka().clientProperties();
        props.put("acks", "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String[] f : batch) {
                producer.send(new ProducerRecord<>(config.topics().raw(), f[0], f[2]))
                        .get();
            }
        }
    }

    /** Waits until the committed tagged topic holds at least {@code atLeast} distinct articles. */
    private static void awaitTagged(ComentionConfig config, int atLeast) {
        awaitTrue(atLeast + " articles tagged and committed", Duration.ofSeconds(120), () -> {
            Set<String> seen = new HashSet<>();
            TopicReader.readCommitted(
                            config.kafka().bootstrapServers(), config.topics().tagged())
                    .forEach(r -> seen.add(new String(r.key(), UTF_8)));
            return seen.size() >= atLeast;
        });
    }
}
