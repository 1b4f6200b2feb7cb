package io.comention.ops;

import static io.comention.ops.SandboxProcesses.awaitTrue;
import static io.comention.ops.SandboxProcesses.cli;
import static io.comention.ops.SandboxProcesses.expectOk;
import static io.comention.ops.SandboxProcesses.freePort;
import static io.comention.ops.SandboxProcesses.runningJobId;
import static io.comention.ops.SandboxProcesses.startBroker;
import static io.comention.ops.SandboxProcesses.startCluster;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import io.comention.kafka.SharedKafka;
import io.comention.kafka.TestInput;
import io.comention.kafka.TopicAdmin;
import io.comention.kafka.TopicReader;
import io.comention.pipeline.ComentionJob;
import io.comention.pipeline.CommittedOutputs;
import io.comention.pipeline.RequiredAlerts;
import io.comention.tools.sandbox.SandboxCluster;
import io.comention.tools.simulation.SyntheticArticles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killed processes on the sandbox: the broker and the cluster's JobManager and TaskManager run as child
 * processes, the job jar goes in through REST (parallelism 2, checkpoints every second). Mid-run, one
 * test SIGKILLs the TaskManager and starts a new one; the other SIGKILLs the broker and restarts it on
 * the same port and data directory. Articles keep arriving before and after. The job is then drained
 * (the final watermark closes every bucket) and its read_committed outputs must keep what the job
 * guarantees against a failure-free run of the same articles ({@link CommittedOutputs#assertSameGuaranteesAs}):
 * every article tagged once and with the same content, the same final total per combination, no alert id
 * twice; and both runs raise the alerts the input must raise ({@link RequiredAlerts}). While a broker
 * restarts, one partition can stall long enough to be declared idle while the other moves event time
 * on, so some articles arrive late: intermediate count updates then differ from the failure-free run's,
 * which is why they are not compared. The failure-free run is made once for the class, on the shared
 * in-JVM broker and a local mini cluster. Every process is killed at the end.
 */
class ProcessFaultsITCase {

    @RegisterExtension
    static final SharedKafka KAFKA = new SharedKafka();

    static final int ARTICLES = 5_000;
    /**
     * Articles within 5 minutes (the watermark's lag) of the newest partition's slowest wait in
     * near-duplicate detection until the drain; at 24 s apart that is at most 14 of them.
     */
    static final int HELD_BACK = 20;

    /** The same articles (ids included) in every test, so one failure-free run serves them all. */
    static final SyntheticArticles FEED =
            new SyntheticArticles(7, Instant.parse("2026-04-06T00:00:00Z"), Duration.ofSeconds(24), "proc");

    @TempDir
    static Path shared;

    static CommittedOutputs failureFree;
    static RequiredAlerts required;

    @TempDir
    Path work;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final Set<String> articleIds = new HashSet<>();
    private Path clusterDir;
    private Process broker;
    private int kafkaPort;
    private ComentionConfig config;
    private FlinkRest flink;
    private String rest;

    /** The failure-free run: all articles on the shared broker, read by the job bounded on a local mini cluster. */
    @BeforeAll
    static void runWithoutFailures() throws Exception {
        Files.copy(
                SandboxCluster.buildDirectory().getParent().resolve("config/rules.yaml"), shared.resolve("rules.yaml"));
        ComentionConfig reference = SandboxProcesses.writeConfig(
                shared,
                KAFKA.bootstrapServers(),
                "reference-" + UUID.randomUUID().toString().substring(0, 8),
                2,
                "2m");
        TopicAdmin.ensureTopics(reference.kafka().clientProperties(), reference.topics(), 2, (short) 1);
        produce(reference, 0, ARTICLES, new HashSet<>());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ComentionJob.configure(env, reference);
        ComentionJob.build(
                env, reference, ComentionJob.kafkaSources(reference, true), ComentionJob.kafkaSinks(reference));
        env.execute(reference.job().name());
        failureFree = CommittedOutputs.read(reference.kafka().bootstrapServers(), reference.topics());

        assertThat(failureFree.taggedById())
                .as("articles tagged in the failure-free run")
                .hasSize(ARTICLES);
        required = RequiredAlerts.of(FEED, ARTICLES, reference);
        // the feed names Afghanistan, Pakistan and the United States together in every fifth hour and has a surge every
        // four
        assertThat(required.timed())
                .as("WATCH alerts the feed must raise")
                .extracting(RequiredAlerts.Required::rule)
                .contains("pak-afg-us");
        assertThat(required.timed())
                .as("surges in the feed")
                .filteredOn(r -> r.kind().equals("BURST"))
                .hasSizeGreaterThanOrEqualTo(5);
        required.assertRaisedIn(failureFree, "failure-free run");
    }

    @BeforeEach
    void startBrokerClusterAndJob() throws Exception {
        clusterDir = work.resolve("cluster");
        kafkaPort = freePort();
        broker = startBroker(work, kafkaPort);
        config = writeConfig("localhost:" + kafkaPort);
        TopicAdmin.ensureTopics(config.kafka().clientProperties(), config.topics(), 2, (short) 1);
        rest = startCluster(clusterDir, 0);
        flink = new FlinkRest(rest);
    }

    @AfterEach
    void killEverything() throws InterruptedException {
        SandboxCluster.stop(clusterDir, Duration.ofSeconds(10));
        if (broker != null) {
            broker.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        assertThat(SandboxCluster.running(clusterDir)).isEmpty();
        assertThat(broker.isAlive()).isFalse();
    }

    @Test
    void killedTaskManagerIsReplacedAndNothingIsLostOrDoubled() throws Exception {
        String job = submit();
        produce(0, ARTICLES * 3 / 5);
        awaitTaggedAtLeast(ARTICLES / 5);

        SandboxCluster.ProcessRecord taskManager = SandboxCluster.running(clusterDir).stream()
                .filter(p -> p.name().startsWith("taskmanager"))
                .findFirst()
                .orElseThrow();
        ProcessHandle handle = ProcessHandle.of(taskManager.pid()).orElseThrow();
        handle.destroyForcibly(); // SIGKILL
        handle.onExit().get(20, TimeUnit.SECONDS);
        assertThat(expectOk(cli("cluster", "add-taskmanager", "--dir", clusterDir.toString())))
                .contains("registered");

        produce(ARTICLES * 3 / 5, ARTICLES);
        awaitTaggedAtLeast(articleIds.size() - HELD_BACK);
        assertThat(flink.get("/jobs/" + job + "/exceptions")
                        .path("exceptionHistory")
                        .path("entries"))
                .as("the job failed over when its TaskManager died")
                .isNotEmpty();
        drainAndCompare(job);
    }

    @Test
    void brokerKilledAndRestartedMidRunLosesAndDoublesNothing() throws Exception {
        String job = submit();
        produce(0, ARTICLES * 3 / 5);
        awaitTaggedAtLeast(ARTICLES / 5);

        broker.destroyForcibly(); // SIGKILL
        assertThat(broker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        broker = startBroker(work, kafkaPort);

        produce(ARTICLES * 3 / 5, ARTICLES);
        awaitTaggedAtLeast(articleIds.size() - HELD_BACK);
        drainAndCompare(job);
    }

    // ---- the job and the comparison

    private String submit() {
        Path jar = SandboxCluster.buildDirectory().resolve("comention-job.jar");
        String job = runningJobId(expectOk(cli(
                "submit",
                "--rest",
                rest,
                "--jar",
                jar.toString(),
                "--config",
                work.resolve("comention.yaml").toString(),
                "--parallelism",
                "2")));
        flink.awaitTasksRunning(job, Duration.ofSeconds(300));
        return job;
    }

    /** Drains the job (the final watermark closes every bucket), then compares with the failure-free run. */
    private void drainAndCompare(String job) throws Exception {
        assertThat(expectOk(cli("stop", "--rest", rest, "--job", job, "--drain")))
                .contains("FINISHED");
        CommittedOutputs outputs = CommittedOutputs.read(config.kafka().bootstrapServers(), config.topics());
        outputs.assertSameGuaranteesAs(failureFree, articleIds);
        required.assertRaisedIn(outputs, "run with a killed process");
    }

    /** Articles {@code from} to {@code to}, alternating partitions so each partition is in event-time order. */
    private void produce(int from, int to) {
        produce(config, from, to, articleIds);
    }

    private static void produce(ComentionConfig config, int from, int to, Set<String> ids) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(new ProducerRecord<>(config.topics().raw(), i % 2, FEED.id(i), FEED.json(i)));
            ids.add(FEED.id(i));
        }
        // waits for every record: right after a broker restart the first requests meet a broker still electing leaders
        TestInput.produce(config.kafka().clientProperties(), new StringSerializer(), new StringSerializer(), records);
    }

    private void awaitTaggedAtLeast(int count) {
        // a generous deadline: on a busy machine a failover (heartbeat timeout, restart back-off) takes minutes
        awaitTrue(count + " articles tagged and committed", Duration.ofSeconds(600), () -> {
            Set<String> seen = new HashSet<>();
            TopicReader.readCommitted(
                            config.kafka().bootstrapServers(), config.topics().tagged())
                    .forEach(r -> seen.add(new String(r.key(), UTF_8)));
            return seen.size() >= count;
        });
    }

    // ---- processes, configuration, CLI

    private ComentionConfig writeConfig(String bootstrap) throws IOException {
        Files.copy(
                SandboxCluster.buildDirectory().getParent().resolve("config/rules.yaml"), work.resolve("rules.yaml"));
        return SandboxProcesses.writeConfig(work, bootstrap, "proc-" + suffix, 2, "2m");
    }
}
