package io.comention.cli;

import io.comention.config.ComentionConfig;
import io.comention.pipeline.ComentionJob;
import io.comention.tools.sandbox.ScratchDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The job on Flink's local mini cluster inside this JVM, reading and writing Kafka. */
final class LocalJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

    private final JobClient client;
    private final Path checkpoints;

    private LocalJob(JobClient client, Path checkpoints) {
        this.client = client;
        this.checkpoints = checkpoints;
    }

    static LocalJob start(ComentionConfig config) throws Exception {
        return start(config, new Configuration());
    }

    /** As {@link #start(ComentionConfig)}, with further settings for the mini cluster (e.g. its REST port). */
    static LocalJob start(ComentionConfig config, Configuration extra) throws Exception {
        Configuration conf = new Configuration(extra);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, config.job().localParallelism());
        conf.set(CoreOptions.DEFAULT_PARALLELISM, config.job().localParallelism());
        // checkpoints to files: the JobManager's memory holds 5 MB of state at most, a day of news is more
        Path checkpoints = Files.createTempDirectory("comention-checkpoints-");
        ComentionJob.checkpointToFiles(conf, checkpoints);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        ComentionJob.configure(env, config);
        ComentionJob.build(env, config, ComentionJob.kafkaSources(config, false), ComentionJob.kafkaSinks(config));
        return new LocalJob(env.executeAsync(config.job().name()), checkpoints);
    }

    String jobId() {
        return client.getJobID().toHexString();
    }

    /** Blocks until the job ends (it only ends by failing or being cancelled). */
    void awaitTermination() throws Exception {
        client.getJobExecutionResult().get();
    }

    /**
     * Stops the job with a savepoint after firing every event-time timer, as {@code stop --drain} does on
     * a cluster: every combination publishes its final counts, and the last transactions commit. For a
     * job that will not be resumed (the savepoint is deleted with the checkpoints on {@link #close()}).
     */
    void drain(Duration timeout) throws Exception {
        client.stopWithSavepoint(true, checkpoints.resolve("drained").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        client.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isRunning() {
        return !client.getJobExecutionResult().isDone();
    }

    @Override
    public void close() {
        try {
            if (isRunning()) {
                client.cancel().get(30, TimeUnit.SECONDS);
            }
            client.getJobExecutionResult().get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // cancelled jobs end "exceptionally" by design; anything else is in the log
            LOG.debug("job ended", e);
        }
        ScratchDirectories.deleteRecursively(checkpoints);
    }
}
