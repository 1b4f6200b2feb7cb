package io.comention.cli;

import io.comention.config.ComentionConfig;
import io.comention.model.Alert;
import io.comention.tools.simulation.DetectionReport;
import io.comention.tools.simulation.SimulationJob;
import io.comention.tools.simulation.TrafficSimulator;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code comention simulate}: measures BURST detection on synthetic traffic with injected surges. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Generates hours of event-time co-mention traffic for many combinations at unequal rates, injects",
            "surges, runs it through the job's counting and alerting operator on a local Flink runtime and",
            "prints, as its last line: detected D/K surges, false alerts F, the median delay in event time from a",
            "surge's first article to its alert (and what the surge's own pace allows), and how long after the",
            "article that met the alert's conditions the alert was decided."
        })
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--hours", defaultValue = "48", description = "Hours of event time (default: ${DEFAULT-VALUE}).")
    int hours;

    @Option(
            names = "--combinations",
            defaultValue = "500",
            description = "Background combinations (default: ${DEFAULT-VALUE}).")
    int combinations;

    @Option(names = "--surges", defaultValue = "20", description = "Surges injected (default: ${DEFAULT-VALUE}).")
    int surges;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Its counts and alerts settings are what the simulation runs with. */
    @Mixin
    ConfigOption config;

    @Option(names = "--verbose", description = "Also list every BURST alert and every surge.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (hours <= TrafficSimulator.WARM_UP_HOURS + 1 || combinations < 1 || surges < 0) {
            throw new ComentionCli.UserError("need --hours above " + (TrafficSimulator.WARM_UP_HOURS + 1)
                    + ", --combinations of at least 1 and --surges of at least 0");
        }
        ComentionConfig cfg = config.load();
        PrintWriter out = spec.commandLine().getOut();
        TrafficSimulator.Traffic traffic = TrafficSimulator.generate(hours, combinations, surges, seed);
        out.printf(
                "simulating %d hours, %d combinations, %d surges (seed %d): %d articles%n",
                hours, combinations, surges, seed, traffic.events().size());
        out.flush();
        List<Alert> alerts =
                SimulationJob.run(StreamExecutionEnvironment.createLocalEnvironment(new Configuration()), cfg, traffic);
        DetectionReport report =
                DetectionReport.score(traffic, alerts, cfg.alerts().burst().minCount());
        if (verbose) {
            traffic.surges().forEach(su -> out.printf("surge %s from %s%n", su.key(), su.start()));
            alerts.stream()
                    .filter(a -> a.kind() == Alert.AlertKind.BURST)
                    .forEach(a -> out.printf(
                            "BURST %s decided on %s (window end %s) count %d expected %.1f score %.1f%n",
                            a.key(), a.triggeredAt(), a.windowEnd(), a.count(), a.baseline(), a.score()));
        }
        out.printf(
                "false BURST alerts per 1,000 combination-days: %.2f (%.0f combination-days)%n",
                report.falseAlertsPerThousandCombinationDays(), report.combinationDays());
        out.println(report.summary());
        out.flush();
        return 0;
    }
}
