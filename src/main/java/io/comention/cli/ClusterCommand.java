package io.comention.cli;

import io.comention.tools.sandbox.SandboxCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code comention cluster start|stop}: a standalone Flink session cluster on this machine (sandbox). */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = {
            "A standalone Flink 2.2 session cluster on this machine, run from the project's Maven",
            "dependencies: a JobManager and TaskManagers as separate JVMs, web UI and REST on --rest-port.",
            "Submit the job to it with: comention submit"
        },
        subcommands = {ClusterCommand.Start.class, ClusterCommand.AddTaskManager.class, ClusterCommand.Stop.class})
final class ClusterCommand implements Runnable {

    static final String DEFAULT_DIR = ".comention/cluster";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Starts the cluster in the background and returns when its TaskManagers have registered.")
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = "--rest-port",
                defaultValue = "8081",
                description = "Web UI and REST port (default: ${DEFAULT-VALUE}).")
        int restPort;

        @Option(
                names = "--taskmanagers",
                defaultValue = "1",
                description = "TaskManager JVMs (default: ${DEFAULT-VALUE}).")
        int taskManagers;

        @Option(
                names = "--slots",
                defaultValue = "2",
                description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
        int slots;

        @Option(
                names = "--taskmanager-memory",
                defaultValue = "1600m",
                paramLabel = "SIZE",
                description = "Process memory of each TaskManager (default: ${DEFAULT-VALUE}).")
        String taskManagerMemory;

        @Option(
                names = "--dir",
                defaultValue = DEFAULT_DIR,
                paramLabel = "DIR",
                description = "Configuration, logs, checkpoints, savepoints and pid files (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(
                names = "--default-parallelism",
                defaultValue = "1",
                paramLabel = "N",
                description =
                        "The cluster's parallelism.default: the parallelism of a job that sets none (default: ${DEFAULT-VALUE}).")
        int defaultParallelism;

        @Override
        public Integer call() throws Exception {
            if (defaultParallelism < 1 || defaultParallelism > 1024) {
                throw new ComentionCli.UserError(
                        "--default-parallelism must be between 1 and 1024, was " + defaultParallelism);
            }
            if (taskManagers < 1 || taskManagers > 16) {
                throw new ComentionCli.UserError("--taskmanagers must be between 1 and 16, was " + taskManagers);
            }
            if (slots < 1 || slots > 64) {
                throw new ComentionCli.UserError("--slots must be between 1 and 64, was " + slots);
            }
            if (restPort < 1 || restPort > 65535) {
                throw new ComentionCli.UserError("--rest-port must be a port number, was " + restPort);
            }
            PrintWriter out = spec.commandLine().getOut();
            try {
                SandboxCluster.start(
                        new SandboxCluster.Settings(
                                dir, restPort, taskManagers, slots, "1024m", taskManagerMemory, defaultParallelism),
                        out);
            } catch (IllegalArgumentException e) {
                throw new ComentionCli.UserError(e.getMessage());
            }
            out.printf(
                    "Flink cluster ready: web UI and REST at http://localhost:%d (%d TaskManager(s) x %d slots)%n",
                    restPort, taskManagers, slots);
            out.printf(
                    "logs, checkpoints and savepoints in %s; stop it with: comention cluster stop --dir %s%n",
                    dir.toAbsolutePath(), dir);
            return 0;
        }
    }

    @Command(
            name = "add-taskmanager",
            mixinStandardHelpOptions = true,
            description = "Starts one more TaskManager for the running cluster (e.g. to replace one that died).")
    static final class AddTaskManager implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = "--dir",
                defaultValue = DEFAULT_DIR,
                paramLabel = "DIR",
                description = "The directory given to cluster start (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            SandboxCluster.ProcessRecord started;
            try {
                started = SandboxCluster.addTaskManager(dir, Duration.ofSeconds(120));
            } catch (IllegalArgumentException e) {
                throw new ComentionCli.UserError(e.getMessage());
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "started %s (pid %d); it has registered with the JobManager%n",
                            started.name(), started.pid());
            return 0;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stops the cluster started from --dir (its JobManager and TaskManagers).")
    static final class Stop implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = "--dir",
                defaultValue = DEFAULT_DIR,
                paramLabel = "DIR",
                description = "The directory given to cluster start (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<SandboxCluster.ProcessRecord> stopped = SandboxCluster.stop(dir, Duration.ofSeconds(30));
            if (stopped.isEmpty()) {
                out.println("no sandbox cluster is running from " + dir.toAbsolutePath());
            } else {
                out.println("stopped "
                        + stopped.stream()
                                .map(p -> p.name() + " (pid " + p.pid() + ")")
                                .toList());
            }
            return 0;
        }
    }
}
