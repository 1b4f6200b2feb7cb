package io.comention.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import io.comention.pipeline.ComentionJob;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Where the job's parallelism comes from. A cluster rescales a job by its {@code parallelism.default}
 * (the Kubernetes operator sets it from {@code spec.job.parallelism}; a REST submission's parallelism
 * sets it too), which a parallelism set by the program would override: so the job sets one only when
 * its configuration asks for it. The job graph is built with the real Kafka sources and sinks (nothing
 * connects until it runs).
 */
class ClusterParallelismTest {

    @Test
    void withoutJobParallelismEveryOperatorRunsAtTheClustersDefault() {
        ComentionConfig bundled = ComentionConfig.bundled();
        assertThat(bundled.job().parallelism())
                .as("the bundled configuration leaves it to the cluster")
                .isZero();
        assertThat(bundled.job().localParallelism()).isEqualTo(2);

        JobGraph graph = jobGraph(bundled, 3);
        assertThat(graph.getVertices())
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v.getParallelism()).as(v.getName()).isEqualTo(3));
        assertThat(graph.getMaximumParallelism()).isEqualTo(3);
    }

    @Test
    void anExplicitJobParallelismStillWinsOverTheCluster() {
        ComentionConfig bundled = ComentionConfig.bundled();
        var j = bundled.job();
        ComentionConfig pinned = bundled.withJob(new ComentionConfig.Job(
                j.name(), 2, j.maxParallelism(), j.checkpointInterval(), Duration.ofMinutes(5), j.startingOffsets()));
        assertThat(jobGraph(pinned, 3).getVertices())
                .allSatisfy(v -> assertThat(v.getParallelism()).isEqualTo(2));
        assertThat(pinned.job().localParallelism()).isEqualTo(2);
    }

    private static JobGraph jobGraph(ComentionConfig config, int clusterDefault) {
        Configuration cluster = new Configuration();
        cluster.set(CoreOptions.DEFAULT_PARALLELISM, clusterDefault);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        ComentionJob.configure(env, config);
        ComentionJob.build(env, config, ComentionJob.kafkaSources(config, false), ComentionJob.kafkaSinks(config));
        JobGraph graph = env.getStreamGraph().getJobGraph();
        for (JobVertex v : graph.getVertices()) {
            assertThat(v.getMaxParallelism())
                    .as(v.getName())
                    .isEqualTo(config.job().maxParallelism());
        }
        return graph;
    }
}
