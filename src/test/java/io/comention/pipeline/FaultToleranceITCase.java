package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import io.comention.kafka.SharedKafka;
import io.comention.kafka.TestInput;
import io.comention.kafka.TopicAdmin;
import io.comention.model.RawRecord;
import io.comention.pipeline.FailureInjectingSource.Failure;
import io.comention.pipeline.FailureInjectingSource.Mode;
import io.comention.pipeline.FailureInjectingSource.Plan;
import io.comention.tools.simulation.SyntheticArticles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once under failures inside the job: the whole job (parallelism 2, checkpoints every second)
 * on a Flink mini cluster against a real Kafka broker reads the same {@value #ARTICLES} synthetic
 * articles (plus syndicated copies and re-sent ids) once without failures and then under injected
 * failures ({@link FailureInjectingSource}). Each faulty run's read_committed outputs must keep what the
 * job guarantees whatever order a restore replays the two partitions in
 * ({@link CommittedOutputs#assertSameGuaranteesAs}): every article tagged exactly once and with the same
 * content, the same final total per combination, no alert id twice; and every run raises the alerts the
 * input must raise ({@link RequiredAlerts}).
 */
class FaultToleranceITCase {

    static final int ARTICLES = 20_000;
    /** Every this-many-th article is sent a second time under the same id, right after the next one. */
    static final int RESEND_EVERY = 701;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @RegisterExtension
    static final SharedKafka KAFKA = new SharedKafka();

    static final SyntheticArticles FEED =
            new SyntheticArticles(6, Instant.parse("2026-03-02T00:00:00Z"), Duration.ofSeconds(6), "fault");

    static ComentionConfig input;
    static Set<String> articleIds = new HashSet<>();
    static RequiredAlerts required;
    static CommittedOutputs baseline;

    @BeforeAll
    static void produceArticlesAndRunWithoutFailures() throws Exception {
        input = config("input");
        TopicAdmin.ensureTopics(input.kafka().clientProperties(), input.topics(), 2, (short) 1);
        produceArticles();
        long started = System.nanoTime();
        baseline = run(config("baseline"), List.of(), 1);
        System.out.printf(
                "failure-free run: %s in %d s%n", baseline.describe(), (System.nanoTime() - started) / 1_000_000_000L);
        assertThat(Plan.injected).hasValue(0);
        // the input really exercises every output: copies, all three alert kinds, many combinations
        assertThat(baseline.taggedById().size())
                .as("articles tagged in the failure-free run")
                .isEqualTo(articleIds.size());
        assertThat(baseline.nearDuplicates()).isEqualTo(ARTICLES / SyntheticArticles.COPY_EVERY);
        assertThat(baseline.alertKinds()).containsKeys("WATCH", "BURST", "FIRST_SEEN");
        assertThat(baseline.countUpdatesByKey()).hasSizeGreaterThan(200);
        assertThat(baseline.deadLetters()).isZero();
        required = RequiredAlerts.of(FEED, ARTICLES, input);
        // the feed names Afghanistan, Pakistan and the United States together in every fifth hour and has a surge every
        // four
        assertThat(required.timed())
                .as("WATCH alerts the feed must raise")
                .extracting(RequiredAlerts.Required::rule)
                .contains("pak-afg-us");
        assertThat(required.timed())
                .as("surges in the feed")
                .filteredOn(r -> r.kind().equals("BURST"))
                .hasSizeGreaterThanOrEqualTo(5);
        required.assertRaisedIn(baseline, "failure-free run");
    }

    @Test
    void failureRightAfterACheckpointChangesNoOutput() throws Exception {
        CommittedOutputs outputs =
                run(config("after-checkpoint"), List.of(new Failure(ARTICLES / 2, Mode.AFTER_CHECKPOINT)), 1);
        assertThat(Plan.injected).as("failures injected").hasValue(1);
        outputs.assertSameGuaranteesAs(baseline, articleIds);
        required.assertRaisedIn(outputs, "run with a failure");
    }

    @Test
    void severalFailuresSpreadOverTheRunChangeNoOutput() throws Exception {
        CommittedOutputs outputs = run(
                config("several"),
                List.of(
                        new Failure(3_000, Mode.MID_STREAM),
                        new Failure(8_000, Mode.AFTER_CHECKPOINT),
                        new Failure(13_000, Mode.MID_STREAM),
                        new Failure(18_000, Mode.AFTER_CHECKPOINT)),
                1);
        assertThat(Plan.injected).as("failures injected").hasValue(4);
        outputs.assertSameGuaranteesAs(baseline, articleIds);
        required.assertRaisedIn(outputs, "run with four failures");
    }

    @Test
    void concurrentCheckpointsWithFailuresChangeNoOutput() throws Exception {
        CommittedOutputs outputs = run(
                config("concurrent"),
                List.of(new Failure(7_000, Mode.AFTER_CHECKPOINT), new Failure(14_000, Mode.MID_STREAM)),
                3);
        assertThat(Plan.injected).as("failures injected").hasValue(2);
        assertThat(Plan.maxInFlight.get()).as("checkpoints in flight at once").isGreaterThan(1);
        outputs.assertSameGuaranteesAs(baseline, articleIds);
        required.assertRaisedIn(outputs, "run with concurrent checkpoints and failures");
    }

    // ---- running the job

    static CommittedOutputs run(ComentionConfig config, List<Failure> failures, int maxConcurrentCheckpoints)
            throws Exception {
        TopicAdmin.ensureTopics(config.kafka().clientProperties(), config.topics(), 2, (short) 1);
        Plan.reset(failures);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ComentionJob.configure(env, config);
        Configuration test = new Configuration();
        test.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        test.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        test.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        test.set(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, maxConcurrentCheckpoints);
        if (maxConcurrentCheckpoints > 1) {
            // a checkpoint is triggered while earlier ones are still being taken
            test.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
            test.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ZERO);
        }
        env.configure(test);
        ComentionJob.Sources kafkaSources = ComentionJob.kafkaSources(config, true);
        ComentionJob.build(
                env,
                config,
                new ComentionJob.Sources(failing(kafkaSources.articles()), kafkaSources.control()),
                ComentionJob.kafkaSinks(config));
        env.execute(config.job().name());
        return CommittedOutputs.read(KAFKA.bootstrapServers(), config.topics());
    }

    static <S extends SourceSplit, E> Source<RawRecord, S, E> failing(Source<RawRecord, S, E> source) {
        return new FailureInjectingSource<>(source);
    }

    /** The shared input topics, a run's own output topics, job name and consumer group. */
    static ComentionConfig config(String run) {
        String suffix = run + "-" + UUID.randomUUID().toString().substring(0, 8);
        ComentionConfig bundled = ComentionConfig.bundled().withBootstrapServers(KAFKA.bootstrapServers());
        String raw = input == null ? "raw-" + suffix : input.topics().raw();
        String control = input == null ? "control-" + suffix : input.topics().control();
        return bundled.withTopics(new ComentionConfig.Topics(
                        raw,
                        "tagged-" + suffix,
                        "counts-" + suffix,
                        "alerts-" + suffix,
                        "deadletter-" + suffix,
                        control))
                .withJob(new ComentionConfig.Job(
                        "fault-" + suffix, 2, 128, Duration.ofSeconds(1), Duration.ofMinutes(1), "earliest"));
    }

    /**
     * The articles in event-time order, alternating between the two partitions, so each partition is in
     * event-time order (no article is late) while the job interleaves them freely.
     */
    static void produceArticles() {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < ARTICLES; i++) {
            int partition = i % 2;
            records.add(new ProducerRecord<>(input.topics().raw(), partition, FEED.id(i), FEED.json(i)));
            articleIds.add(FEED.id(i));
            if (i > 2 && i % RESEND_EVERY == 0) {
                records.add(new ProducerRecord<>(input.topics().raw(), partition, FEED.id(i - 2), FEED.json(i - 2)));
            }
        }
        TestInput.produce(input.kafka().clientProperties(), new StringSerializer(), new StringSerializer(), records);
    }
}
