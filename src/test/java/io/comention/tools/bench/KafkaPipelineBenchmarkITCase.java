package io.comention.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.kafka.TopicReader;
import io.comention.model.RawRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code bench pipeline --kafka} end to end on a few articles: the broker in its child JVM, the preload,
 * one run that ends with every article committed once on its tagged topic, and nothing left behind.
 */
class KafkaPipelineBenchmarkITCase {

    private static final int ARTICLES = 200;

    @Test
    void aRunCommitsEveryPreloadedArticleOnceAndTheInputOutlivesTheTopicsRetention() throws Exception {
        // dated months back, like the benchmark's articles (published_at from 2026-01-05 on)
        List<RawRecord> articles = PipelineBenchmark.articles(ARTICLES, 7, 1.0);
        StringWriter console = new StringWriter();
        long brokerPid;
        try (var setup = KafkaPipelineBenchmark.prepare(articles, 2, new PrintWriter(console, true))) {
            brokerPid = setup.brokerPid();
            var raw = setup.config().topics().raw();
            var bootstrap = setup.config().kafka().bootstrapServers();

            // The broker deletes records older than the topic's retention at its next check: stamped with
            // their published_at the articles would vanish part-way through a run, which then never ends.
            long retentionMs;
            try (Admin admin = Admin.create(setup.config().kafka().clientProperties())) {
                var topic = new ConfigResource(ConfigResource.Type.TOPIC, raw);
                retentionMs = Long.parseLong(admin.describeConfigs(List.of(topic))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic)
                        .get(TopicConfig.RETENTION_MS_CONFIG)
                        .value());
            }
            var onTopic = TopicReader.readCommitted(bootstrap, raw);
            assertThat(onTopic).hasSize(ARTICLES);
            long oldestKept = System.currentTimeMillis() - retentionMs;
            assertThat(onTopic)
                    .as("every article on %s is within its retention of %d ms", raw, retentionMs)
                    .allSatisfy(r -> assertThat(r.timestamp()).isGreaterThan(oldestKept));

            var result = setup.run(Duration.ofMinutes(5));
            assertThat(result.articles()).isEqualTo(ARTICLES);
            assertThat(result.taggedTwice())
                    .as("articles twice on the tagged topic")
                    .isZero();
            assertThat(result.jobCpu()).isPositive();
            assertThat(result.brokerCpu()).isPositive();
        }
        assertThat(ProcessHandle.of(brokerPid).filter(ProcessHandle::isAlive))
                .as("the broker's JVM")
                .isEmpty();
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("comention-kafka-bench-"));
        }
    }
}
