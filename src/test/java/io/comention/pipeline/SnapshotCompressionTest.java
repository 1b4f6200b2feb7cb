package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job.snapshot_compression} reaches the job graph a cluster runs: the keyed state backends read it
 * from the job's execution config when they write a checkpoint or savepoint. (Restoring across the
 * setting, an uncompressed savepoint into a compressing job, is what ClusterUpgradeITCase does with the
 * savepoints of earlier versions.)
 */
class SnapshotCompressionTest {

    @TempDir
    Path dir;

    @Test
    void theBundledJobCompressesItsSnapshots() throws Exception {
        ComentionConfig bundled = ComentionConfig.bundled();
        assertThat(bundled.job().snapshotCompression()).isTrue();
        assertThat(executionConfigOf(bundled).isUseSnapshotCompression()).isTrue();
    }

    @Test
    void theConfigurationCanTurnItOff() throws Exception {
        Path file = dir.resolve("comention.yaml");
        Files.writeString(file, "job:\n  snapshot_compression: false\n");
        Files.writeString(dir.resolve("rules.yaml"), "watch: []\n");
        ComentionConfig config = ComentionConfig.load(file);
        assertThat(config.job().snapshotCompression()).isFalse();
        assertThat(executionConfigOf(config).isUseSnapshotCompression()).isFalse();
        assertThat(config.withOutputSuffix(".replay").job().snapshotCompression())
                .as("a replay's job keeps the setting")
                .isFalse();
        assertThat(config.withStartingOffsets("earliest").job().snapshotCompression())
                .isFalse();
    }

    private static ExecutionConfig executionConfigOf(ComentionConfig config)
            throws IOException, ClassNotFoundException {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ComentionJob.configure(env, config);
        ComentionJob.build(env, config, ComentionJob.kafkaSources(config, false), ComentionJob.kafkaSinks(config));
        JobGraph graph = env.getStreamGraph().getJobGraph();
        return graph.getSerializedExecutionConfig().deserializeValue(SnapshotCompressionTest.class.getClassLoader());
    }
}
