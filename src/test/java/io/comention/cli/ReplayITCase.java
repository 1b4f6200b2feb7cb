package io.comention.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import io.comention.kafka.SharedKafka;
import io.comention.kafka.TestInput;
import io.comention.kafka.TopicAdmin;
import io.comention.kafka.TopicReader;
import io.comention.model.Json;
import io.comention.pipeline.CommittedOutputs;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replaying news.raw as docs/operations.md describes ("Replaying a topic"): a live job reads the demo
 * feed as it arrives; then a second job, configured by the replay flags of {@code run}
 * ({@code --starting-offsets earliest --output-suffix …}, applied by the same {@link Replay#apply}),
 * reprocesses the topic from its beginning into topics of its own with a consumer group of its own.
 * Both run as {@code run} runs them ({@link LocalJob}: a Flink mini cluster in this JVM, exactly-once
 * Kafka sinks) and are stopped with {@code --drain} semantics, so every combination publishes its
 * final counts.
 *
 * <p>The replay must give the same counts per combination, the same alerts (ids and kinds), every
 * article exactly once on its tagged topic, and leave the live job's topics alone. Alert ids are a
 * function of what an alert describes, and the decisions depend only on the articles and their order
 * of arrival (DESIGN.md, Semantics); with one input partition and parallelism 1 both runs see the same
 * order at every operator, so the alerts must match exactly. (At a higher parallelism keyed operators
 * interleave their inputs differently in any two runs; the counts' totals do not depend on that, see
 * {@code FaultToleranceITCase}.)
 */
class ReplayITCase {

    @RegisterExtension
    static final SharedKafka KAFKA = new SharedKafka();

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void aReplayFromEarliestIntoFreshTopicsCountsWhatTheLiveRunCounted() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        ComentionConfig bundled = ComentionConfig.bundled();
        ComentionConfig live = bundled.withBootstrapServers(bootstrap)
                .withTopics(new ComentionConfig.Topics(
                        "raw-" + run,
                        "tagged-" + run,
                        "counts-" + run,
                        "alerts-" + run,
                        "deadletter-" + run,
                        "control-" + run))
                .withJob(new ComentionConfig.Job(
                        "replay-it-" + run, 1, 128, Duration.ofSeconds(1), Duration.ofMinutes(1), "committed"));
        ComentionConfig replay = Replay.apply(live, "earliest", ".replay-it");
        assertThat(replay.kafka().groupId()).isNotEqualTo(live.kafka().groupId());

        // one partition: both runs read the articles in one order
        try (Admin admin = Admin.create(live.kafka().clientProperties())) {
            admin.createTopics(List.of(new NewTopic(live.topics().raw(), 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        TopicAdmin.ensureTopics(live.kafka().clientProperties(), live.topics(), 2, (short) 1);
        TopicAdmin.ensureTopics(replay.kafka().clientProperties(), replay.topics(), 2, (short) 1);

        List<ProducerRecord<byte[], byte[]>> feed = demoFeed(live.topics().raw());
        Set<String> ids = new LinkedHashSet<>();
        for (var r : feed) {
            ids.add(new String(r.key(), UTF_8));
        }

        // live: the articles arrive in three parts while the job runs
        try (LocalJob job = LocalJob.start(live)) {
            int third = (feed.size() + 2) / 3;
            for (int from = 0; from < feed.size(); from += third) {
                List<ProducerRecord<byte[], byte[]>> part = feed.subList(from, Math.min(feed.size(), from + third));
                TestInput.produce(
                        live.kafka().clientProperties(), new ByteArraySerializer(), new ByteArraySerializer(), part);
                Set<String> expected = new LinkedHashSet<>();
                feed.subList(0, Math.min(feed.size(), from + third))
                        .forEach(r -> expected.add(new String(r.key(), UTF_8)));
                awaitTagged(bootstrap, live.topics().tagged(), expected);
            }
            job.drain(DEADLINE);
        }
        CommittedOutputs liveOut = CommittedOutputs.read(bootstrap, live.topics());
        assertThat(liveOut.taggedById().keySet()).isEqualTo(ids);
        assertThat(liveOut.alertsById()).as("the demo feed raises alerts").isNotEmpty();

        // the replay: the whole topic again, from its first offset, into topics of its own
        Instant started = Instant.now();
        try (LocalJob job = LocalJob.start(replay)) {
            awaitTagged(bootstrap, replay.topics().tagged(), ids);
            job.drain(DEADLINE);
        }
        CommittedOutputs replayed = CommittedOutputs.read(bootstrap, replay.topics());
        System.out.printf(
                "replay of %d articles: %d ms from start to drained; live: %s; replay: %s%n",
                ids.size(),
                Duration.between(started, Instant.now()).toMillis(),
                liveOut.describe(),
                replayed.describe());

        // every article once, the same content and pairs of copies, the same final totals, same dead letters
        replayed.assertSameGuaranteesAs(liveOut, ids);
        assertThat(replayed.alertsById().keySet())
                .as("alert ids of the replay")
                .isEqualTo(liveOut.alertsById().keySet());
        assertThat(replayed.alertKinds()).isEqualTo(liveOut.alertKinds());

        // the live job's topics are as it left them
        CommittedOutputs liveAfter = CommittedOutputs.read(bootstrap, live.topics());
        assertThat(liveAfter.taggedTwice()).isEmpty();
        assertThat(liveAfter.countUpdatesByKey()).isEqualTo(liveOut.countUpdatesByKey());
        assertThat(liveAfter.alertsById().keySet())
                .isEqualTo(liveOut.alertsById().keySet());
    }

    /** The demo feed (62 articles, one id twice) as records keyed by article id, in its order. */
    private static List<ProducerRecord<byte[], byte[]>> demoFeed(String topic) throws IOException {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (InputStream in = ReplayITCase.class.getClassLoader().getResourceAsStream("demo/articles.jsonl")) {
            for (String line : new String(in.readAllBytes(), UTF_8).lines().toList()) {
                if (!line.isBlank()) {
                    String id = Json.MAPPER.readTree(line).get("id").asText();
                    out.add(new ProducerRecord<>(topic, id.getBytes(UTF_8), line.getBytes(UTF_8)));
                }
            }
        }
        return out;
    }

    /** Waits until every id in {@code ids} is committed on {@code topic}. */
    private static void awaitTagged(String bootstrap, String topic, Set<String> ids) {
        Instant deadline = Instant.now().plus(DEADLINE);
        Set<String> seen = new LinkedHashSet<>();
        while (true) {
            seen.clear();
            TopicReader.readCommitted(bootstrap, topic).forEach(r -> seen.add(new String(r.key(), UTF_8)));
            if (seen.containsAll(ids)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        (ids.size() - seen.size()) + " articles not on " + topic + " within " + DEADLINE);
            }
            CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
                    .join();
        }
    }
}
