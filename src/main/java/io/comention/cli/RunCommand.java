package io.comention.cli;

import io.comention.config.ComentionConfig;
import io.comention.kafka.TopicAdmin;
import io.comention.pipeline.RuleEntities;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code comention run}: the job against an existing Kafka, on a local Flink runtime. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the job against an existing Kafka on a local Flink runtime until Ctrl-C.",
            "A replay of news.raw into fresh topics: --starting-offsets earliest --output-suffix .replay-2026-11",
            "(with --create-topics to create them).",
            "Kafka security settings come from the config file (kafka.properties, kafka.properties_file)",
            "or the environment (${env:VAR} in those values), never from the command line.",
            "For a Flink cluster, submit the job jar instead (see README, Deployment)."
        })
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Required: a local job names its Kafka and topics on purpose, e.g. config/comention.yaml. */
    @Mixin
    ConfigOption config;

    @Option(
            names = "--create-topics",
            description = "Create missing topics (counts compacted) with --partitions partitions.")
    boolean createTopics;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            description = "Partitions of topics created by --create-topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--starting-offsets", paramLabel = "MODE", description = Replay.STARTING_OFFSETS_HELP)
    String startingOffsets;

    @Option(names = "--output-suffix", paramLabel = "SUFFIX", description = Replay.OUTPUT_SUFFIX_HELP)
    String outputSuffix;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // the flags first: a mistake there needs no configuration file or Kafka
        Replay.programArgs(startingOffsets, outputSuffix);
        ComentionConfig cfg = Replay.apply(
                ComentionConfig.load(
                        config.required("the job's Kafka and topics, e.g. --config config/comention.yaml")),
                startingOffsets,
                outputSuffix);
        RuleEntities.requireKnown(cfg);
        Clients.requireReachable(cfg.kafka().clientProperties(), Clients.REACH_TIMEOUT);
        if (createTopics) {
            List<String> created =
                    TopicAdmin.ensureTopics(cfg.kafka().clientProperties(), cfg.topics(), partitions, (short) 1);
            out.println(created.isEmpty() ? "all topics exist" : "created topics " + created);
        }
        try (LocalJob job = LocalJob.start(cfg);
                UntilCtrlC ctrlC = UntilCtrlC.install(Duration.ofSeconds(30), () -> {
                    out.println("stopping …");
                    out.flush();
                    job.close();
                })) {
            out.printf(
                    "job '%s' running: %s (from %s offsets on a first start) → %s, %s, %s (dead letters: %s); Ctrl-C stops it%n",
                    cfg.job().name(),
                    cfg.topics().raw(),
                    cfg.job().startingOffsets(),
                    cfg.topics().tagged(),
                    cfg.topics().counts(),
                    cfg.topics().alerts(),
                    cfg.topics().deadletter());
            out.flush();
            try {
                job.awaitTermination();
            } catch (Exception e) {
                if (!ctrlC.stopping()) {
                    throw e;
                }
            }
        }
        return 0;
    }
}
