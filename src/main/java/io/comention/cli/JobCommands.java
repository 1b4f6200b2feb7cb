package io.comention.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.config.ComentionConfig;
import io.comention.ops.FlinkRest;
import io.comention.pipeline.ComentionJob;
import io.comention.pipeline.Metrics;
import io.comention.pipeline.RuleEntities;
import io.comention.tools.sandbox.SandboxCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The operator commands: {@code submit}, {@code savepoint}, {@code upgrade}, {@code stop} and
 * {@code status}, against any Flink REST endpoint ({@code --rest}). Each prints the steps it takes.
 */
final class JobCommands {

    private JobCommands() {}

    static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(10);
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** {@code --rest URL}, shared by the operator commands. */
    static final class RestOption {
        @Option(
                names = "--rest",
                defaultValue = "http://localhost:8081",
                paramLabel = "URL",
                description = "Flink REST endpoint (default: ${DEFAULT-VALUE}).")
        String url;

        FlinkRest client() {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ComentionCli.UserError(
                        "--rest must be an http(s) URL such as http://localhost:8081, was '" + url + "'");
            }
            return new FlinkRest(url);
        }
    }

    /** Options that say what to run: the jar, its configuration and parallelism. */
    static final class JarOptions {
        @Option(
                names = "--jar",
                paramLabel = "FILE",
                description = "The job jar (default: target/comention-job.jar of this build).")
        Path jar;

        /** Checked here and passed to the job by its absolute path, so the JobManager must read the same path
         *  (true for the sandbox cluster); without it the job uses the configuration bundled in the jar. */
        @Mixin
        ConfigOption config;

        @Option(
                names = "--parallelism",
                paramLabel = "N",
                description =
                        "Parallelism of the job (default: job.parallelism if the configuration sets it, else the cluster's parallelism.default; upgrade keeps the running job's).")
        Integer parallelism;

        /** Passed on to the job; upgrade needs the same suffix as the job it replaces, or the outputs move. */
        @Option(names = "--output-suffix", paramLabel = "SUFFIX", description = Replay.OUTPUT_SUFFIX_HELP)
        String outputSuffix;

        Path jar() {
            Path j = jar != null ? jar : SandboxCluster.buildDirectory().resolve("comention-job.jar");
            if (!Files.isRegularFile(j)) {
                throw new ComentionCli.UserError(
                        j + " does not exist; build it with mvn -DskipTests package or pass --jar");
            }
            return j;
        }

        /**
         * The name the job runs under: {@code job.name} of the configuration it gets, plus the output suffix.
         * It is also the prefix of its transactional ids, so two submissions under one name write as one job.
         */
        String jobName() {
            ComentionConfig c = config.load();
            return (outputSuffix == null ? c : c.withOutputSuffix(outputSuffix))
                    .job()
                    .name();
        }

        /** The program arguments for the job; validates the configuration file first. */
        List<String> programArgs(Integer effectiveParallelism) {
            List<String> args = new ArrayList<>(Replay.programArgs(null, outputSuffix));
            if (config.file != null) {
                RuleEntities.requireKnown(config.load());
                args.add("--config");
                args.add(config.file.toAbsolutePath().toString());
            }
            if (effectiveParallelism != null) {
                if (effectiveParallelism < 1) {
                    throw new ComentionCli.UserError("--parallelism must be at least 1, was " + effectiveParallelism);
                }
                args.add("--parallelism");
                args.add(Integer.toString(effectiveParallelism));
            }
            return args;
        }
    }

    /** Uploads the jar, runs it and waits until its tasks run; returns the job id. */
    static String submit(
            FlinkRest rest,
            PrintWriter out,
            Path jar,
            List<String> args,
            Integer parallelism,
            String savepoint,
            boolean allowNonRestoredState) {
        out.printf("uploading %s (%d MB) to %s …%n", jar, size(jar) >> 20, rest.url());
        out.flush();
        String jarId = rest.uploadJar(jar);
        out.printf(
                "starting %s %s%s%s …%n",
                ComentionJob.class.getName(),
                String.join(" ", args),
                parallelism == null ? "" : " at parallelism " + parallelism,
                savepoint == null ? "" : " from savepoint " + savepoint);
        out.flush();
        String jobId;
        try {
            jobId = rest.runJar(
                    jarId,
                    ComentionJob.class.getName(),
                    args,
                    parallelism == null ? 0 : parallelism,
                    savepoint,
                    allowNonRestoredState);
        } finally {
            try {
                rest.deleteJar(jarId);
            } catch (FlinkRest.RestException e) {
                // only tidies the upload folder; the outcome of the run matters more
            }
        }
        rest.awaitTasksRunning(jobId, START_TIMEOUT);
        out.printf("job %s RUNNING%n", jobId);
        out.flush();
        return jobId;
    }

    /** The job named by --job, or the only running one. */
    static String selectJob(FlinkRest rest, String jobId) {
        if (jobId != null) {
            return jobId;
        }
        List<FlinkRest.JobSummary> running =
                rest.jobs().stream().filter(j -> j.state().equals("RUNNING")).toList();
        if (running.size() == 1) {
            return running.get(0).id();
        }
        if (running.isEmpty()) {
            throw new ComentionCli.UserError(
                    "no job is running on " + rest.url() + "; start one with: comention submit");
        }
        throw new ComentionCli.UserError(running.size() + " jobs are running; pick one with --job: "
                + running.stream().map(j -> j.id() + " (" + j.name() + ")").toList());
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            return 0;
        }
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = {
                "Uploads the job jar to a Flink cluster and runs it, optionally from a savepoint.",
                "A replay of news.raw into fresh topics (create them first): --starting-offsets earliest --output-suffix .replay-2026-11"
            })
    static final class Submit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RestOption rest;

        @Mixin
        JarOptions jar;

        @Option(
                names = "--from-savepoint",
                paramLabel = "PATH",
                description = "Restore the job's state from this savepoint.")
        String savepoint;

        @Option(
                names = "--allow-non-restored-state",
                description =
                        "Start even if the savepoint holds state no operator claims (e.g. after removing an operator).")
        boolean allowNonRestoredState;

        @Option(names = "--starting-offsets", paramLabel = "MODE", description = Replay.STARTING_OFFSETS_HELP)
        String startingOffsets;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (startingOffsets != null && savepoint != null) {
                throw new ComentionCli.UserError("--starting-offsets applies only to a start without state, and "
                        + "--from-savepoint restores the source's offsets; drop one of the two");
            }
            // the flags and the configuration first: a mistake there needs no cluster
            List<String> args = new ArrayList<>(Replay.programArgs(startingOffsets, null));
            args.addAll(jar.programArgs(jar.parallelism));
            FlinkRest client = rest.client();
            Path jarFile = jar.jar(); // a missing jar needs no cluster either
            // without --parallelism the cluster's parallelism.default, which a REST run would not apply by itself
            int parallelism = jar.parallelism != null ? jar.parallelism : client.defaultParallelism();
            submit(client, out, jarFile, args, parallelism, savepoint, allowNonRestoredState);
            return 0;
        }
    }

    @Command(
            name = "savepoint",
            mixinStandardHelpOptions = true,
            description = "Takes a savepoint of a running job (it keeps running) and prints its location.")
    static final class Savepoint implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RestOption rest;

        @Option(names = "--job", paramLabel = "ID", description = "The job (default: the only running job).")
        String job;

        @Option(
                names = "--dir",
                paramLabel = "URI",
                description = "Target directory (default: the cluster's execution.checkpointing.savepoint-dir).")
        String dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            FlinkRest client = rest.client();
            String jobId = selectJob(client, job);
            out.printf("triggering a savepoint of job %s …%n", jobId);
            out.flush();
            String location = client.awaitSavepoint(jobId, client.triggerSavepoint(jobId, dir), SAVEPOINT_TIMEOUT);
            out.printf("savepoint %s%n", location);
            return 0;
        }
    }

    @Command(
            name = "upgrade",
            mixinStandardHelpOptions = true,
            description = {
                "Stops a running job with a savepoint, then submits the current jar from that savepoint.",
                "With --parallelism it also rescales; without, the new job keeps the old one's parallelism."
            })
    static final class Upgrade implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RestOption rest;

        @Mixin
        JarOptions jar;

        @Option(names = "--job", paramLabel = "ID", description = "The job to upgrade (default: the only running job).")
        String job;

        @Option(
                names = "--dir",
                paramLabel = "URI",
                description = "Savepoint directory (default: the cluster's execution.checkpointing.savepoint-dir).")
        String dir;

        @Option(
                names = "--allow-non-restored-state",
                description = "Start even if the savepoint holds state no operator of the new jar claims.")
        boolean allowNonRestoredState;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            jar.programArgs(null); // checks the configuration before the running job is touched
            FlinkRest client = rest.client();
            Path jarFile = jar.jar();
            String oldJob = selectJob(client, job);
            requireSameName(client, oldJob, jar.jobName());
            int parallelism = jar.parallelism != null ? jar.parallelism : client.parallelism(oldJob);
            List<String> args = jar.programArgs(parallelism);
            Instant begin = Instant.now();

            out.printf("[1/3] stopping job %s with a savepoint …%n", oldJob);
            out.flush();
            client.awaitTasksRunning(oldJob, START_TIMEOUT);
            String savepoint =
                    client.awaitSavepoint(oldJob, client.stopWithSavepoint(oldJob, dir, false), SAVEPOINT_TIMEOUT);
            String state = client.awaitJobState(oldJob, Set.of("FINISHED"), START_TIMEOUT);
            out.printf("      job %s %s; savepoint %s%n", oldJob, state, savepoint);
            out.printf("[2/3] submitting the jar from the savepoint …%n");
            out.flush();
            String newJob;
            try {
                newJob = submit(client, out, jarFile, args, parallelism, savepoint, allowNonRestoredState);
            } catch (RuntimeException e) {
                out.printf(
                        "the old job is stopped and its state is safe in %s; fix the cause and run:%n"
                                + "  comention submit --rest %s --from-savepoint %s%n",
                        savepoint, rest.url, savepoint);
                out.flush();
                throw e;
            }
            out.printf(
                    "[3/3] upgraded: job %s replaces %s at parallelism %d (%d s)%n",
                    newJob,
                    oldJob,
                    parallelism,
                    Duration.between(begin, Instant.now()).toSeconds());
            return 0;
        }
    }

    /**
     * Refuses, before anything is stopped, an upgrade that would run the job under another name: another
     * {@code job.name} or {@code --output-suffix} means other output topics and other transactional ids (a
     * replay upgraded without its suffix would write into the live job's topics under the live job's ids).
     */
    static void requireSameName(FlinkRest client, String jobId, String newName) {
        String running = client.jobs().stream()
                .filter(j -> j.id().equals(jobId))
                .map(FlinkRest.JobSummary::name)
                .findFirst()
                .orElse(null);
        if (running != null && !running.equals(newName)) {
            throw new ComentionCli.UserError("job " + jobId + " runs as '" + running + "', but this upgrade would"
                    + " start it as '" + newName + "' (other output topics and transactional ids); pass the --config"
                    + " and --output-suffix it was started with (to rename a job on purpose: stop, then submit"
                    + " --from-savepoint). Nothing was stopped.");
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = {
                "Stops a running job: with a savepoint to resume from (default), or --cancel without one.",
                "--drain first fires every event-time timer (final counts); only for a job you will not resume."
            })
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RestOption rest;

        @Option(names = "--job", paramLabel = "ID", description = "The job (default: the only running job).")
        String job;

        @Option(names = "--dir", paramLabel = "URI", description = "Savepoint directory (default: the cluster's).")
        String dir;

        @Option(names = "--drain", description = "Emit the final watermark before the savepoint.")
        boolean drain;

        @Option(names = "--cancel", description = "Cancel without a savepoint.")
        boolean cancel;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            FlinkRest client = rest.client();
            String jobId = selectJob(client, job);
            if (cancel) {
                client.cancel(jobId);
                out.printf("job %s %s%n", jobId, client.awaitJobState(jobId, Set.of("CANCELED"), START_TIMEOUT));
                return 0;
            }
            out.printf("stopping job %s with a savepoint%s …%n", jobId, drain ? " (draining)" : "");
            out.flush();
            String savepoint =
                    client.awaitSavepoint(jobId, client.stopWithSavepoint(jobId, dir, drain), SAVEPOINT_TIMEOUT);
            String state = client.awaitJobState(jobId, Set.of("FINISHED"), START_TIMEOUT);
            out.printf("job %s %s; savepoint %s%n", jobId, state, savepoint);
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "The cluster's TaskManagers and slots, and each job: state, parallelism, last checkpoint and comention's metrics.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RestOption rest;

        @Option(names = "--all", description = "Also list finished, cancelled and failed jobs.")
        boolean all;

        static final List<String> SHOWN_METRICS = List.of(
                Metrics.ARTICLES_READ,
                Metrics.ARTICLES_INVALID,
                Metrics.DEAD_LETTERS,
                Metrics.ARTICLES_DUPLICATE,
                Metrics.ARTICLES_TAGGED,
                Metrics.ENTITIES_FOUND,
                Metrics.ARTICLES_LATE,
                Metrics.ALERTS_WATCH,
                Metrics.ALERTS_BURST,
                Metrics.ALERTS_FIRST_SEEN);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            FlinkRest client = rest.client();
            JsonNode overview = client.clusterOverview();
            out.printf(
                    "Flink %s at %s: %d TaskManager(s), %d of %d slots free%n",
                    overview.path("flink-version").asText("?"),
                    client.url(),
                    overview.path("taskmanagers").asInt(),
                    overview.path("slots-available").asInt(),
                    overview.path("slots-total").asInt());
            List<FlinkRest.JobSummary> jobs = client.jobs().stream()
                    .filter(j -> all
                            || j.state().equals("RUNNING")
                            || j.state().equals("RESTARTING")
                            || j.state().equals("CREATED")
                            || j.state().equals("INITIALIZING"))
                    .toList();
            if (jobs.isEmpty()) {
                out.println(all ? "no jobs" : "no running jobs (--all lists finished ones)");
            }
            for (FlinkRest.JobSummary j : jobs) {
                out.printf(
                        "job %s  %-10s %s  parallelism %d  up %s%n",
                        j.id(),
                        j.state(),
                        j.name(),
                        client.parallelism(j.id()),
                        Duration.ofMillis(j.durationMs())
                                .withNanos(0)
                                .toString()
                                .substring(2)
                                .toLowerCase());
                if (!j.state().equals("RUNNING")) {
                    continue;
                }
                JsonNode latest = client.checkpoints(j.id()).path("latest").path("completed");
                out.println(
                        latest.isMissingNode() || latest.isNull()
                                ? "  no completed checkpoint yet"
                                : "  last checkpoint " + latest.path("id").asLong() + " at "
                                        + Instant.ofEpochMilli(latest.path("latest_ack_timestamp")
                                                .asLong())
                                        + (latest.has("state_size")
                                                ? String.format(
                                                        Locale.ROOT,
                                                        ", state %.1f MB",
                                                        latest.path("state_size")
                                                                        .asLong()
                                                                / 1e6)
                                                : "")
                                        + " (" + latest.path("external_path").asText() + ")");
                Map<String, Double> metrics = client.jobMetrics(j.id(), Set.copyOf(SHOWN_METRICS), "sum");
                Double lag = client.jobMetrics(j.id(), Set.of(Metrics.EVENT_TIME_LAG), "max")
                        .get(Metrics.EVENT_TIME_LAG);
                StringBuilder line = new StringBuilder("  metrics");
                for (String name : SHOWN_METRICS) {
                    if (metrics.containsKey(name)) {
                        line.append(' ').append(name).append('=').append(String.format("%.0f", metrics.get(name)));
                    }
                }
                if (lag != null) {
                    line.append(' ').append(Metrics.EVENT_TIME_LAG).append('=').append(String.format("%.0f", lag));
                }
                out.println(line);
            }
            return 0;
        }
    }
}
