package io.comention.ops;

import static io.comention.ops.SandboxProcesses.awaitTrue;
import static io.comention.ops.SandboxProcesses.cli;
import static io.comention.ops.SandboxProcesses.expectOk;
import static io.comention.ops.SandboxProcesses.freePort;
import static io.comention.ops.SandboxProcesses.runningJobId;
import static io.comention.ops.SandboxProcesses.startBroker;
import static io.comention.ops.SandboxProcesses.startCluster;
import static io.comention.ops.SandboxProcesses.stopClusterAndBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.config.ComentionConfig;
import io.comention.config.ConfigException;
import io.comention.kafka.TopicAdmin;
import io.comention.pipeline.ComentionJob;
import io.comention.pipeline.Metrics;
import io.comention.tools.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
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
    private final TripleFeed feed = new TripleFeed("it-" + suffix);
    /**
     * The newer half of the latest phase: near-duplicate detection publishes an article once the watermark
     * passes it (5 minutes behind the newest article of the partition that is furthest behind), so the
     * newest ones wait for the next phase or the drain.
     */
    private final Set<String> heldBack = new HashSet<>();

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

            String rest = startCluster(clusterDir, 0);
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
            TripleFeed.produce(config, phase(0, 24, List.of()));
            awaitReleasedTagged(config);

            // one metric, read through the cluster's REST metrics API: every article read exactly once
            awaitTrue(
                    "articlesRead reaches " + feed.size() + " in REST metrics",
                    Duration.ofSeconds(300),
                    () -> metric(flink, job1, Metrics.ARTICLES_READ) >= feed.size());
            assertThat(metric(flink, job1, Metrics.ARTICLES_READ)).isEqualTo(feed.size());

            assertThat(expectOk(cli("savepoint", "--rest", rest, "--job", job1)))
                    .contains("savepoint file:");

            // an upgrade under another name (here a replay's suffix) is refused before the job is touched
            SandboxProcesses.CliResult renamed = upgrade(rest, jar, configFile, "--output-suffix", ".replay-it");
            assertThat(renamed.code()).isEqualTo(2);
            assertThat(renamed.err())
                    .contains("job " + job1 + " runs as '" + config.job().name() + "'")
                    .contains("'" + config.job().name() + ".replay-it'")
                    .doesNotContain("Exception");
            assertThat(flink.jobs())
                    .filteredOn(j -> j.id().equals(job1))
                    .extracting(FlinkRest.JobSummary::state)
                    .containsExactly("RUNNING");

            // run 2: upgrade with a savepoint, rescaling to 2; the batch repeats two ids from run 1
            String upgraded = expectOk(upgrade(rest, jar, configFile, "--parallelism", "2"));
            assertThat(upgraded).contains("[1/3] stopping job " + job1, "[3/3] upgraded");
            String job2 = runningJobId(upgraded);
            assertThat(flink.parallelism(job2)).isEqualTo(2);
            TripleFeed.produce(config, phase(1, 24, List.of(feed.get(0), feed.get(3))));
            awaitReleasedTagged(config);

            // run 3: upgrade again, back to 1; one more repeated id
            String rescaledBack = expectOk(upgrade(rest, jar, configFile, "--parallelism", "1"));
            String job3 = runningJobId(rescaledBack);
            assertThat(flink.parallelism(job3)).isEqualTo(1);
            TripleFeed.produce(config, phase(2, 24, List.of(feed.get(30))));
            awaitReleasedTagged(config);
            // committed output means a completed checkpoint: status reports it with the state's size
            assertThat(expectOk(cli("status", "--rest", rest)))
                    .containsPattern("job " + job3 + "\\s+RUNNING")
                    .containsPattern("last checkpoint \\d+ at \\S+, state \\d+\\.\\d MB");

            // drain: the final watermark closes every bucket, then the last transaction commits
            assertThat(expectOk(cli("stop", "--rest", rest, "--job", job3, "--drain")))
                    .contains("FINISHED");

            SandboxProcesses.assertEveryArticleTaggedOnce(config, feed.ids());
            SandboxProcesses.assertNoAlertTwice(config);
            feed.assertTripleTotalCountsEveryArticle(config);
        } finally {
            stopClusterAndBroker(clusterDir, broker);
        }
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

    // ---- the articles

    /** A batch of the feed whose newer half is held back (see {@link #heldBack}). */
    private List<TripleFeed.Fed> phase(int run, int count, List<TripleFeed.Fed> repeats) {
        List<TripleFeed.Fed> batch = feed.batch(run, count, repeats);
        heldBack.clear();
        batch.subList(count / 2, count).forEach(f -> heldBack.add(f.id()));
        return batch;
    }

    /** Waits until every article fed so far but those held back is tagged and committed. */
    private void awaitReleasedTagged(ComentionConfig config) {
        Set<String> released = feed.ids();
        released.removeAll(heldBack);
        TripleFeed.awaitTagged(
                config, "all " + released.size() + " released articles", seen -> seen.containsAll(released));
    }

    // ---- processes, configuration, CLI

    private ComentionConfig writeConfig(String bootstrap) throws IOException {
        TripleFeed.writeWatchRule(work);
        return SandboxProcesses.writeConfig(
                work, bootstrap, "cluster-it-" + suffix, 1, "1m", "events:", "  idleness: 5s");
    }

    /** {@code upgrade} of the test's job on its cluster, with the job's jar and configuration, plus {@code more}. */
    private static SandboxProcesses.CliResult upgrade(String rest, Path jar, Path configFile, String... more) {
        List<String> args = new ArrayList<>(
                List.of("upgrade", "--rest", rest, "--jar", jar.toString(), "--config", configFile.toString()));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    private static double metric(FlinkRest flink, String jobId, String name) {
        return flink.jobMetrics(jobId, Set.of(name), "sum").getOrDefault(name, -1.0);
    }
}
