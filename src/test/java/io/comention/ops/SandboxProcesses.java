package io.comention.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.cli.ComentionCli;
import io.comention.config.ComentionConfig;
import io.comention.kafka.TopicReader;
import io.comention.model.Json;
import io.comention.tools.sandbox.SandboxCluster;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What the tests on the sandbox cluster share: the broker as its own JVM, the CLI run in-process,
 * waiting on a condition with a deadline, and free ports.
 */
final class SandboxProcesses {

    private static final Pattern JOB_LINE = Pattern.compile("job ([0-9a-f]{32}) RUNNING");

    private SandboxProcesses() {}

    /**
     * Starts {@code comention kafka} as a child JVM with the launcher's classpath on {@code port}, data in
     * {@code work/kafka}, console appended to {@code work/kafka.out}, and waits until it answers.
     */
    static Process startBroker(Path work, int port) throws IOException {
        Path target = SandboxCluster.buildDirectory();
        String classpath = String.join(
                File.pathSeparator,
                target.resolve("classes").toString(),
                Files.readString(target.resolve("launcher.classpath")).trim(),
                Files.readString(target.resolve("launcher-compile.classpath")).trim());
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Djava.io.tmpdir=" + work,
                // no /tmp/hsperfdata_* file: a test may SIGKILL this JVM, and nothing it starts may stay in /tmp
                "-XX:-UsePerfData",
                "-Dcomention.logdir=" + work.resolve("logs"),
                "-Dlog4j.configurationFile=" + target.getParent().resolve("config/log4j2.properties"),
                "-Dlog4j2.statusLoggerLevel=ERROR",
                "-cp",
                classpath,
                ComentionCli.class.getName(),
                "kafka",
                "--port",
                Integer.toString(port),
                "--dir",
                work.resolve("kafka").toString(),
                "--no-topics"));
        Path console = work.resolve("kafka.out");
        Process broker = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                .start();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            awaitTrue("the sandbox broker answers on port " + port, Duration.ofSeconds(90), () -> {
                assertThat(broker.isAlive())
                        .as("broker process alive (console: %s)", console)
                        .isTrue();
                try {
                    return !admin.describeCluster()
                            .nodes()
                            .get(3, TimeUnit.SECONDS)
                            .isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
        }
        return broker;
    }

    /**
     * Starts a sandbox cluster in {@code dir} (one TaskManager, two slots) with its REST API on a free port
     * and returns the API's address. A {@code defaultParallelism} of 0 keeps the cluster's own default. A
     * failed start reports the errors of the JobManager's log.
     */
    static String startCluster(Path dir, int defaultParallelism) throws IOException {
        int restPort = freePort();
        List<String> args = new ArrayList<>(List.of(
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
                "1280m"));
        if (defaultParallelism > 0) {
            args.addAll(List.of("--default-parallelism", Integer.toString(defaultParallelism)));
        }
        CliResult started = cli(args.toArray(String[]::new));
        if (started.code() != 0) {
            Path log = dir.resolve("log/jobmanager.log");
            String errors = Files.exists(log)
                    ? String.join(
                            "\n",
                            Files.readAllLines(log).stream()
                                    .filter(l -> l.contains("ERROR") || l.contains("Exception"))
                                    .limit(20)
                                    .toList())
                    : "(no log)";
            throw new AssertionError("cluster start failed: " + started.err() + "\njobmanager.log: " + errors);
        }
        return "http://localhost:" + restPort;
    }

    /** Stops the sandbox cluster in {@code clusterDir} and the broker (if started), then checks both are gone. */
    static void stopClusterAndBroker(Path clusterDir, Process broker) throws IOException, InterruptedException {
        SandboxCluster.stop(clusterDir, Duration.ofSeconds(20));
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(broker.isAlive()).as("broker process alive").isFalse();
        }
        assertThat(SandboxCluster.running(clusterDir)).isEmpty();
    }

    /**
     * Writes {@code work/comention.yaml} for a job on the sandbox: topics and group named after
     * {@code name}, checkpoints every second, earliest offsets, the rules in {@code work/rules.yaml}, plus
     * {@code extraLines} (whole YAML sections); and loads it. A {@code parallelism} of 0 leaves
     * {@code job.parallelism} unset, so the job runs at the cluster's default.
     */
    static ComentionConfig writeConfig(
            Path work, String bootstrap, String name, int parallelism, String transactionTimeout, String... extraLines)
            throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "kafka:",
                "  bootstrap_servers: " + bootstrap,
                "  group_id: " + name,
                "topics:",
                "  raw: raw-" + name,
                "  tagged: tagged-" + name,
                "  counts: counts-" + name,
                "  alerts: alerts-" + name,
                "  deadletter: deadletter-" + name,
                "  control: control-" + name,
                "job:",
                "  name: " + name,
                parallelism > 0 ? "  parallelism: " + parallelism : "  # parallelism: the cluster's default",
                "  checkpoint_interval: 1s",
                "  transaction_timeout: " + transactionTimeout,
                "  starting_offsets: earliest",
                "rules_file: rules.yaml"));
        lines.addAll(List.of(extraLines));
        lines.add("");
        Files.writeString(work.resolve("comention.yaml"), String.join("\n", lines), StandardCharsets.UTF_8);
        return ComentionConfig.load(work.resolve("comention.yaml"));
    }

    record CliResult(int code, String out, String err) {}

    /** Runs {@code comention ARGS} in this JVM, capturing its output. */
    static CliResult cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ComentionCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliResult(code, out.toString(), err.toString());
    }

    static String expectOk(CliResult result) {
        assertThat(result.code())
                .as("exit code; stdout: %s; stderr: %s", result.out(), result.err())
                .isZero();
        return result.out();
    }

    /** The id of the last job {@code output} reports as RUNNING. */
    static String runningJobId(String output) {
        Matcher m = JOB_LINE.matcher(output);
        String id = null;
        while (m.find()) {
            id = m.group(1);
        }
        assertThat(id).as("a running job in: %s", output).isNotNull();
        return id;
    }

    /** Checks {@code condition} every 250 ms until it holds; fails with {@code what} after {@code timeout}. */
    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting until " + what).isBefore(deadline);
            CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS))
                    .join();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Every id in {@code ids} on news.tagged exactly once, and nothing else (read_committed). */
    static void assertEveryArticleTaggedOnce(ComentionConfig config, Set<String> ids) {
        Map<String, Integer> taggedById = new HashMap<>();
        for (var r : TopicReader.readCommitted(
                config.kafka().bootstrapServers(), config.topics().tagged())) {
            taggedById.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        assertThat(taggedById.keySet()).isEqualTo(ids);
        assertThat(taggedById)
                .allSatisfy((id, times) ->
                        assertThat(times).as("times %s was tagged", id).isEqualTo(1));
    }

    /** At least one alert on news.alerts, and no alert id twice (read_committed). */
    static void assertNoAlertTwice(ComentionConfig config) throws IOException {
        List<String> alertIds = new ArrayList<>();
        for (var r : TopicReader.readCommitted(
                config.kafka().bootstrapServers(), config.topics().alerts())) {
            alertIds.add(Json.MAPPER.readTree(r.value()).path("alert_id").asText());
        }
        assertThat(alertIds).isNotEmpty().doesNotHaveDuplicates();
    }
}
