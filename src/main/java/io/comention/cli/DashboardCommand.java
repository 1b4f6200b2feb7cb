package io.comention.cli;

import io.comention.config.ComentionConfig;
import io.comention.dashboard.DashboardLimits;
import io.comention.dashboard.DashboardServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code comention dashboard}: serves the live newsroom page for the topics of a running comention. */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        description = {
            "Serves a live web page: the alerts, the top combinations per horizon,",
            "the co-mention network and article counters, read (read_committed) from",
            "the topics and pushed to open pages as server-sent events. Ctrl-C stops it."
        })
final class DashboardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the page (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS",
            description =
                    "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for a wall screen elsewhere).")
    String bind;

    @Override
    public Integer call() throws Exception {
        ComentionConfig config = kafka.config();
        Clients.requireReachable(config.kafka().clientProperties(), Clients.REACH_TIMEOUT);
        try (UntilCtrlC ctrlC = UntilCtrlC.install(Duration.ofSeconds(15));
                DashboardServer server = start(config, bind, port, "--port")) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "dashboard: %s (reading %s, %s, %s from %s; Ctrl-C stops)%n",
                    server.address(),
                    config.topics().alerts(),
                    config.topics().counts(),
                    config.topics().tagged(),
                    config.kafka().bootstrapServers());
            out.flush();
            ctrlC.await();
        }
        return 0;
    }

    /** Starts the dashboard, turning a taken port or a bad address into a message naming the option to change. */
    static DashboardServer start(ComentionConfig config, String bind, int port, String portOption) throws IOException {
        if (port < 0 || port > 65535) {
            throw new ComentionCli.UserError(portOption + " must be between 0 and 65535, was " + port);
        }
        try {
            return DashboardServer.start(config, bind, port, DashboardLimits.defaults());
        } catch (BindException e) {
            throw new ComentionCli.UserError("cannot serve the dashboard on " + bind + ":" + port + " ("
                    + e.getMessage() + "); is the port taken? choose another with " + portOption);
        } catch (IllegalArgumentException unresolved) {
            throw new ComentionCli.UserError("cannot listen on '" + bind + "': not a known address of this machine");
        }
    }
}
