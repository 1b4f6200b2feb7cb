package io.comention.ops;

import static io.comention.ops.SandboxProcesses.cli;
import static io.comention.ops.SandboxProcesses.expectOk;
import static io.comention.ops.SandboxProcesses.freePort;
import static io.comention.ops.SandboxProcesses.runningJobId;
import static io.comention.ops.SandboxProcesses.startBroker;
import static io.comention.ops.SandboxProcesses.startCluster;
import static io.comention.ops.SandboxProcesses.stopClusterAndBroker;
import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import io.comention.kafka.TopicAdmin;
import io.comention.tools.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private final TripleFeed feed =
            new TripleFeed("rs-" + UUID.randomUUID().toString().substring(0, 8));

    @Test
    void restartWithOnlyTheClustersDefaultParallelismChangedRescalesTheJob() throws Exception {
        Path clusterDir = work.resolve("cluster");
        Process broker = null;
        try {
            int kafkaPort = freePort();
            broker = startBroker(work, kafkaPort);
            TripleFeed.writeWatchRule(work);
            ComentionConfig config = SandboxProcesses.writeConfig(
                    work,
                    "localhost:" + kafkaPort,
                    "rescale-it-" + UUID.randomUUID().toString().substring(0, 8),
                    0,
                    "1m",
                    "events:",
                    "  idleness: 5s");
            assertThat(config.job().parallelism())
                    .as("job.parallelism left unset")
                    .isZero();
            TopicAdmin.ensureTopics(config.kafka().clientProperties(), config.topics(), 2, (short) 1);
            Path jar = SandboxCluster.buildDirectory().resolve("comention-job.jar");
            String configFile = work.resolve("comention.yaml").toString();

            // run 1: the cluster's default is 1
            String rest = startCluster(clusterDir, 1);
            assertThat(SandboxCluster.running(clusterDir))
                    .filteredOn(p -> p.name().startsWith("taskmanager-"))
                    .as("TaskManagers run with env.java.opts.taskmanager")
                    .isNotEmpty()
                    .allSatisfy(p ->
                            assertThat(commandLine(p.pid())).contains(SandboxCluster.TASKMANAGER_JAVA_OPTS.split(" ")));
            String job1 = runningJobId(
                    expectOk(cli("submit", "--rest", rest, "--jar", jar.toString(), "--config", configFile)));
            assertThat(new FlinkRest(rest).parallelism(job1)).isEqualTo(1);
            TripleFeed.produce(config, feed.batch(0, 24, List.of()));
            // the newest articles wait for the watermark
            TripleFeed.awaitTagged(config, "12 articles", seen -> seen.size() >= 12);

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
            TripleFeed.produce(config, feed.batch(1, 24, List.of(feed.get(0), feed.get(3))));
            TripleFeed.awaitTagged(config, "36 articles", seen -> seen.size() >= 36);
            assertThat(expectOk(cli("stop", "--rest", rest, "--job", job2, "--drain")))
                    .contains("FINISHED");

            SandboxProcesses.assertEveryArticleTaggedOnce(config, feed.ids());
            SandboxProcesses.assertNoAlertTwice(config);
            feed.assertTripleTotalCountsEveryArticle(config);
        } finally {
            stopClusterAndBroker(clusterDir, broker);
        }
    }

    /** A process's command line, as Linux records it (the JDK's ProcessHandle.Info cuts long ones off). */
    private static List<String> commandLine(long pid) throws IOException {
        return List.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                .split("\0"));
    }
}
