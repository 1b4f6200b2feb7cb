package io.comention.tools.sandbox;

import io.comention.ops.FlinkRest;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster on this machine: one JobManager JVM and N TaskManager JVMs, run
 * from the project's own Maven dependencies (no Flink distribution needed), the way Flink's
 * {@code start-cluster.sh} runs them. Everything lives in one directory: {@code conf/config.yaml},
 * {@code log/}, checkpoints, savepoints, uploads and the process ids that {@link #stop} uses.
 *
 * <p>The cluster's classpath is Flink, its dependencies and a log4j binding, without the Kafka connector,
 * kafka-clients or Jackson: a job jar has to bring those itself, as on a real cluster.
 */
public final class SandboxCluster {

    /**
     * What to start. Memory sizes are Flink memory strings such as {@code 1600m}; {@code defaultParallelism}
     * is the cluster's {@code parallelism.default}, which a job that sets none runs at.
     */
    public record Settings(
            Path dir,
            int restPort,
            int taskManagers,
            int slotsPerTaskManager,
            String jobManagerMemory,
            String taskManagerMemory,
            int defaultParallelism) {}

    /** A process the cluster started, as written to its pid file. */
    public record ProcessRecord(String name, long pid, Optional<Instant> started) {}

    /** The module openings Flink's distribution gives its JVMs (env.java.opts.all) on Java 17. */
    public static final List<String> JAVA_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * Jars the job jar bundles, recognised by their Maven repository path: left off the cluster's
     * classpath so a job that forgot one fails here as it would on a real cluster. The Kafka broker and
     * the launcher's own libraries stay off too.
     */
    private static final List<String> NOT_ON_CLUSTER = List.of(
            "/org/apache/flink/flink-connector-kafka/",
            "/org/apache/kafka/",
            "/com/fasterxml/jackson/",
            "/org/yaml/snakeyaml/",
            "/info/picocli/",
            "/org/scala-lang/",
            "/com/typesafe/scala-logging/");

    /**
     * The TaskManagers' JVM options ({@code env.java.opts.taskmanager}): the Parallel collector. The heap
     * backend's state is millions of small long-lived objects that the counter rewrites all the time; G1's
     * write barriers, remembered sets and concurrent marking cost about a sixth of the CPU on that
     * (docs/operations.md, "Garbage collector").
     */
    public static final String TASKMANAGER_JAVA_OPTS = "-XX:+UseParallelGC";

    private static final String JOBMANAGER_CLASS =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASKMANAGER_CLASS = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private SandboxCluster() {}

    /**
     * Starts the cluster in the background and returns once {@code taskManagers} TaskManagers have
     * registered. The processes outlive this JVM; {@link #stop} ends them.
     */
    public static List<ProcessRecord> start(Settings settings, PrintWriter out) throws IOException {
        Path dir = settings.dir().toAbsolutePath();
        List<ProcessRecord> alive = running(dir);
        if (!alive.isEmpty()) {
            throw new IllegalArgumentException("a sandbox cluster from " + dir + " is already running (pids "
                    + alive.stream().map(p -> Long.toString(p.pid())).toList()
                    + "); stop it with: comention cluster stop --dir " + dir);
        }
        requireFreePort(settings.restPort());
        for (String sub : List.of("conf", "log", "pids", "tmp", "uploads", "checkpoints", "savepoints")) {
            Files.createDirectories(dir.resolve(sub));
        }
        try (Stream<Path> old = Files.list(dir.resolve("pids"))) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Map<String, String> conf = configuration(settings, dir);
        writeConfig(dir, conf);
        Configuration flinkConf = Configuration.fromMap(conf);
        String classpath = String.join(File.pathSeparator, clusterClasspath());

        List<ProcessRecord> started = new ArrayList<>();
        JobManagerProcessSpec jmSpec = JobManagerProcessUtils.processSpecFromConfig(flinkConf);
        List<String> jmJvm = split(JobManagerProcessUtils.generateJvmParametersStr(jmSpec, flinkConf));
        List<String> jmDynamic = split(JobManagerProcessUtils.generateDynamicConfigsStr(jmSpec));
        started.add(launch(dir, "jobmanager", classpath, jmJvm, JOBMANAGER_CLASS, jmDynamic));

        TaskExecutorProcessSpec tmSpec = TaskExecutorProcessUtils.processSpecFromConfig(flinkConf);
        List<String> tmJvm = taskManagerJvm(tmSpec, flinkConf);
        List<String> tmDynamic = split(TaskExecutorProcessUtils.generateDynamicConfigsStr(tmSpec));
        for (int i = 1; i <= settings.taskManagers(); i++) {
            started.add(launch(dir, "taskmanager-" + i, classpath, tmJvm, TASKMANAGER_CLASS, tmDynamic));
        }
        out.printf(
                "started JobManager (pid %d) and %d TaskManager(s) from %s; waiting for them to register …%n",
                started.get(0).pid(), settings.taskManagers(), dir);
        out.flush();
        try {
            awaitTaskManagers(
                    dir,
                    new FlinkRest("http://localhost:" + settings.restPort()),
                    settings.taskManagers(),
                    Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            stop(dir, Duration.ofSeconds(20));
            throw e;
        }
        return started;
    }

    /**
     * Starts one more TaskManager for the running cluster in {@code dir} (e.g. to replace one that died),
     * from the configuration the cluster was started with, and returns once it has registered (a
     * TaskManager id the cluster did not list before; a dead one may still be listed until its heartbeat
     * times out).
     */
    public static ProcessRecord addTaskManager(Path dir, Duration timeout) throws IOException {
        Path abs = dir.toAbsolutePath();
        List<ProcessRecord> alive = running(abs);
        if (alive.stream().noneMatch(p -> p.name().equals("jobmanager"))) {
            throw new IllegalArgumentException("no sandbox cluster is running from " + abs
                    + "; start one with: comention cluster start --dir " + dir);
        }
        Configuration flinkConf =
                GlobalConfiguration.loadConfiguration(abs.resolve("conf").toString());
        FlinkRest rest = new FlinkRest("http://localhost:" + flinkConf.get(RestOptions.PORT));
        Set<String> before = taskManagerIds(rest);
        int n = 1;
        while (Files.exists(abs.resolve("pids").resolve("taskmanager-" + n + ".pid"))) {
            n++;
        }
        // forget processes that died (e.g. a killed TaskManager), so waiting below does not count them as failed starts
        Set<String> aliveNames = new LinkedHashSet<>();
        alive.forEach(p -> aliveNames.add(p.name()));
        try (Stream<Path> files = Files.list(abs.resolve("pids"))) {
            for (Path f : files.toList()) {
                if (!aliveNames.contains(f.getFileName().toString().replace(".pid", ""))) {
                    Files.delete(f);
                }
            }
        }
        TaskExecutorProcessSpec tmSpec = TaskExecutorProcessUtils.processSpecFromConfig(flinkConf);
        ProcessRecord started = launch(
                abs,
                "taskmanager-" + n,
                String.join(File.pathSeparator, clusterClasspath()),
                taskManagerJvm(tmSpec, flinkConf),
                TASKMANAGER_CLASS,
                split(TaskExecutorProcessUtils.generateDynamicConfigsStr(tmSpec)));
        Instant deadline = Instant.now().plus(timeout);
        while (before.containsAll(taskManagerIds(rest))) {
            List<String> dead = deadProcesses(abs);
            if (!dead.isEmpty() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the new TaskManager did not register within " + timeout.toSeconds()
                        + " s; see " + abs.resolve("log").resolve(started.name() + ".log"));
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the TaskManager started");
            }
        }
        return started;
    }

    private static Set<String> taskManagerIds(FlinkRest rest) {
        Set<String> ids = new LinkedHashSet<>();
        rest.get("/taskmanagers")
                .path("taskmanagers")
                .forEach(tm -> ids.add(tm.path("id").asText()));
        return ids;
    }

    /** Stops every process started from {@code dir} (SIGTERM, then SIGKILL after {@code grace}); returns them. */
    public static List<ProcessRecord> stop(Path dir, Duration grace) {
        List<ProcessRecord> alive = running(dir.toAbsolutePath());
        List<ProcessHandle> handles = new ArrayList<>();
        for (ProcessRecord p : alive) {
            ProcessHandle.of(p.pid()).ifPresent(h -> {
                h.destroy();
                handles.add(h);
            });
        }
        Instant deadline = Instant.now().plus(grace);
        for (ProcessHandle h : handles) {
            try {
                h.onExit()
                        .get(
                                Math.max(
                                        1,
                                        Duration.between(Instant.now(), deadline)
                                                .toMillis()),
                                TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
                h.onExit().join();
            }
        }
        deletePidFiles(dir.toAbsolutePath());
        return alive;
    }

    /** The processes from {@code dir}'s pid files that are still alive (same pid and start time). */
    public static List<ProcessRecord> running(Path dir) {
        Path pids = dir.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return List.of();
        }
        List<ProcessRecord> alive = new ArrayList<>();
        try (Stream<Path> files = Files.list(pids)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".pid")).sorted().toList()) {
                String[] parts = Files.readString(f).trim().split("\\s+");
                long pid = Long.parseLong(parts[0]);
                Optional<Instant> recorded = parts.length > 1 ? Optional.of(Instant.parse(parts[1])) : Optional.empty();
                Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
                boolean same = handle.isPresent()
                        && (recorded.isEmpty()
                                || handle.get()
                                        .info()
                                        .startInstant()
                                        .map(recorded.get()::equals)
                                        .orElse(true));
                if (same) {
                    String name = f.getFileName().toString().replace(".pid", "");
                    alive.add(new ProcessRecord(name, pid, recorded));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return alive;
    }

    /** Flink's settings for a single-machine cluster; everything it writes stays under {@code dir}. */
    static Map<String, String> configuration(Settings s, Path dir) throws IOException {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "localhost");
        c.put("jobmanager.rpc.port", Integer.toString(freePort()));
        c.put("jobmanager.bind-host", "localhost");
        c.put("taskmanager.host", "localhost");
        c.put("taskmanager.bind-host", "localhost");
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(s.slotsPerTaskManager()));
        c.put("jobmanager.memory.process.size", s.jobManagerMemory());
        c.put("taskmanager.memory.process.size", s.taskManagerMemory());
        // state lives on the heap (hashmap backend): little managed memory is needed
        c.put("taskmanager.memory.managed.fraction", "0.1");
        c.put(CoreOptions.FLINK_TM_JVM_OPTIONS.key(), TASKMANAGER_JAVA_OPTS);
        c.put("parallelism.default", Integer.toString(s.defaultParallelism()));
        c.put("rest.address", "localhost");
        c.put("rest.bind-address", "localhost");
        c.put("rest.port", Integer.toString(s.restPort()));
        c.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        c.put(
                "execution.checkpointing.savepoint-dir",
                dir.resolve("savepoints").toUri().toString());
        c.put("web.upload.dir", dir.resolve("uploads").toString());
        c.put("io.tmp.dirs", dir.resolve("tmp").toString());
        c.put("metrics.fetcher.update-interval", "2 s");
        c.put("heartbeat.timeout", "30 s");
        return c;
    }

    private static void writeConfig(Path dir, Map<String, String> conf) throws IOException {
        StringBuilder yaml = new StringBuilder("# written by `comention cluster start`; rewritten at each start\n");
        conf.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
        Files.writeString(dir.resolve("conf/config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("conf/log4j.properties"),
                String.join(
                        "\n",
                        "status = error",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = file",
                        "appender.file.type = File",
                        "appender.file.name = file",
                        "appender.file.fileName = ${sys:log.file}",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d{ISO8601} %-5p %-40c{1.} [%t] %m%n",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        ""),
                StandardCharsets.UTF_8);
    }

    private static String quote(String v) {
        return v.matches("[A-Za-z0-9_.:/ -]+") && !v.contains(": ") ? v : "'" + v.replace("'", "''") + "'";
    }

    private static ProcessRecord launch(
            Path dir,
            String name,
            String classpath,
            List<String> jvmOptions,
            String mainClass,
            List<String> dynamicConfig)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(JAVA_OPENS);
        cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        cmd.add("-Dlog.file=" + dir.resolve("log").resolve(name + ".log"));
        cmd.add("-Dlog4j.configurationFile="
                + dir.resolve("conf/log4j.properties").toUri());
        cmd.add("-Dlog4j2.statusLoggerLevel=ERROR");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(dir.resolve("conf").toString());
        cmd.addAll(dynamicConfig);
        Path console = dir.resolve("log").resolve(name + ".out");
        Process process = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Optional<Instant> started = process.info().startInstant();
        Files.writeString(
                dir.resolve("pids").resolve(name + ".pid"),
                process.pid() + started.map(i -> " " + i).orElse("") + "\n");
        return new ProcessRecord(name, process.pid(), started);
    }

    private static void awaitTaskManagers(Path dir, FlinkRest rest, int expected, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            List<String> dead = deadProcesses(dir);
            if (!dead.isEmpty()) {
                throw new IllegalStateException(
                        "the sandbox cluster's " + dead + " exited during start-up; see " + dir.resolve("log") + " ("
                                + lastLines(dir.resolve("log").resolve(dead.get(0) + ".out")) + ")");
            }
            try {
                int registered = rest.clusterOverview().path("taskmanagers").asInt();
                if (registered >= expected) {
                    return;
                }
                last = registered + " of " + expected + " TaskManagers registered";
            } catch (FlinkRest.RestException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the cluster started");
            }
        }
        throw new IllegalStateException("the sandbox cluster did not become ready within " + timeout.toSeconds()
                + " s (" + last + "); logs in " + dir.resolve("log"));
    }

    private static List<String> deadProcesses(Path dir) {
        Set<String> alive = new LinkedHashSet<>();
        running(dir).forEach(p -> alive.add(p.name()));
        List<String> dead = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("pids"))) {
            files.map(f -> f.getFileName().toString().replace(".pid", ""))
                    .filter(n -> !alive.contains(n))
                    .forEach(dead::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dead;
    }

    private static String lastLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "no console output";
        }
    }

    private static void deletePidFiles(Path dir) {
        Path pids = dir.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return;
        }
        try (Stream<Path> files = Files.list(pids)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Flink and its dependencies as the launcher resolved them (target/launcher*.classpath, written by
     * the build next to target/classes) plus Flink's web UI and REST jar handlers
     * (target/sandbox-cluster.classpath), minus what a job jar must bring itself; the system property
     * {@code comention.cluster.classpath} replaces it.
     */
    public static List<String> clusterClasspath() throws IOException {
        String override = System.getProperty("comention.cluster.classpath");
        if (override != null && !override.isBlank()) {
            return Arrays.asList(override.split(File.pathSeparator));
        }
        Path target = buildDirectory();
        Set<String> entries = new LinkedHashSet<>();
        for (String name : List.of("sandbox-cluster.classpath", "launcher-compile.classpath", "launcher.classpath")) {
            Path file = target.resolve(name);
            if (!Files.exists(file)) {
                throw new IllegalArgumentException(
                        file + " is missing; build the project first (mvn -DskipTests package)");
            }
            for (String entry : Files.readString(file).trim().split(File.pathSeparator)) {
                String unix = entry.replace(File.separatorChar, '/');
                if (!entry.isBlank() && NOT_ON_CLUSTER.stream().noneMatch(unix::contains)) {
                    entries.add(entry);
                }
            }
        }
        return new ArrayList<>(entries);
    }

    /** The Maven build directory this code runs from (target/classes or a jar in target/). */
    public static Path buildDirectory() {
        try {
            Path location = Path.of(SandboxCluster.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return location.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("localhost"))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalArgumentException("port " + port + " is in use; pass another --rest-port");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A TaskManager's JVM options: its memory sizes, then {@code env.java.opts.taskmanager}. */
    private static List<String> taskManagerJvm(TaskExecutorProcessSpec spec, Configuration conf) {
        List<String> jvm = new ArrayList<>(split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
        jvm.addAll(split(conf.get(CoreOptions.FLINK_TM_JVM_OPTIONS)));
        return jvm;
    }

    private static List<String> split(String params) {
        return Arrays.stream(params.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
