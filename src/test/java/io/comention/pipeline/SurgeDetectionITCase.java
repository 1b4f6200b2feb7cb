package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import io.comention.model.Alert;
import io.comention.tools.simulation.DetectionReport;
import io.comention.tools.simulation.SimulationJob;
import io.comention.tools.simulation.TrafficSimulator;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * BURST detection on simulated traffic at a fixed seed, through the job's own counting operator on a
 * Flink mini cluster: every injected surge found within ten minutes of its first article, decided on the
 * article that met the conditions, and at most one false
 * BURST alert per 1,000 combination-days.
 */
class SurgeDetectionITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void everySurgeIsDetectedWithinABucketAndFalseAlertsStayRare() throws Exception {
        ComentionConfig config = ComentionConfig.bundled();
        TrafficSimulator.Traffic traffic = TrafficSimulator.generate(48, 500, 20, 7);
        List<Alert> alerts = SimulationJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), config, traffic);
        DetectionReport report =
                DetectionReport.score(traffic, alerts, config.alerts().burst().minCount());

        assertThat(report.combinationDays()).isEqualTo(1000.0);
        assertThat(report.detected()).as(report.summary()).isEqualTo(20);
        assertThat(report.falseAlertsPerThousandCombinationDays())
                .as(report.summary())
                .isLessThanOrEqualTo(1.0);
        // decided on arrival: on the article that met the conditions, within the surge's first minutes
        assertThat(report.decisionLagsMinutes()).allSatisfy(d -> assertThat(d).isZero());
        assertThat(report.delaysMinutes()).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(10.0));
    }

    @Test
    void theSameSeedGivesTheSameAlerts() throws Exception {
        ComentionConfig config = ComentionConfig.bundled();
        TrafficSimulator.Traffic traffic = TrafficSimulator.generate(20, 100, 3, 11);
        List<String> first =
                SimulationJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), config, traffic).stream()
                        .map(Alert::alertId)
                        .sorted()
                        .toList();
        List<String> second = SimulationJob.run(
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        config,
                        TrafficSimulator.generate(20, 100, 3, 11))
                .stream()
                .map(Alert::alertId)
                .sorted()
                .toList();
        assertThat(first).isNotEmpty().isEqualTo(second);
    }
}
