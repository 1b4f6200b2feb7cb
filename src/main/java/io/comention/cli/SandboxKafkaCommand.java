package io.comention.cli;

import io.comention.config.ComentionConfig;
import io.comention.kafka.TopicAdmin;
import io.comention.tools.sandbox.LocalKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code comention kafka}: a standalone single-node Kafka broker (KRaft) in the foreground, until Ctrl-C. */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a single-node Kafka 4.2 broker (KRaft, broker and controller in one) until Ctrl-C or SIGTERM.",
            "Its data stays in --dir, so a restart keeps topics and records. Creates comention's topics",
            "(names from the bundled configuration, counts compacted) unless --no-topics."
        })
final class SandboxKafkaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--dir",
            defaultValue = ".comention/kafka",
            paramLabel = "DIR",
            description = "Log directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            description = "Partitions of the topics it creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--no-topics", description = "Do not create comention's topics.")
    boolean noTopics;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port == 0) {
            throw new ComentionCli.UserError("--port must be a port number, was 0");
        }
        Ports.requireFree(port, "--port", "pass another --port");
        try (UntilCtrlC ctrlC = UntilCtrlC.install(Duration.ofSeconds(30));
                LocalKafkaBroker broker = LocalKafkaBroker.startPersistent(port, dir.toAbsolutePath())) {
            serve(broker, out);
            ctrlC.await();
            out.println("stopping Kafka …");
            out.flush();
        }
        return 0;
    }

    private void serve(LocalKafkaBroker broker, PrintWriter out) throws Exception {
        if (!noTopics) {
            ComentionConfig config = ComentionConfig.bundled().withBootstrapServers(broker.bootstrapServers());
            List<String> created =
                    TopicAdmin.ensureTopics(config.kafka().clientProperties(), config.topics(), partitions, (short) 1);
            out.println(created.isEmpty() ? "topics exist" : "created topics " + created);
        }
        out.printf(
                "Kafka (KRaft) ready on %s; data in %s; Ctrl-C stops it%n",
                broker.bootstrapServers(), dir.toAbsolutePath());
        out.flush();
    }
}
