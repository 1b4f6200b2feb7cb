package io.comention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.kafka.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a real broker: produce, tail, and a clear error for an unreachable Kafka. */
class CliITCase {

    @RegisterExtension
    static final SharedKafka KAFKA = new SharedKafka();

    @TempDir
    Path dir;

    @Test
    void producedLinesComeBackFromTailInOrder() throws Exception {
        String topic = "cli-" + UUID.randomUUID();
        Properties props = new Properties();
        props.put("bootstrap.servers", KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Path feed = dir.resolve("feed.jsonl");
        List<String> lines = List.of(
                "{\"id\":\"a\",\"title\":\"Kabul\"}", "", "not json at all", "{\"id\":\"b\",\"title\":\"Islamabad\"}");
        Files.write(feed, lines);

        var produced = CliTest.run(
                "produce",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--topic",
                topic,
                "--file",
                feed.toString());
        assertThat(produced.code()).isZero();
        assertThat(produced.out()).contains("produced 3 records to " + topic);

        var tailed = CliTest.run(
                "tail",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--topic",
                topic,
                "--from-beginning",
                "--max",
                "3",
                "--keys");
        assertThat(tailed.code()).isZero();
        assertThat(tailed.out().lines().toList())
                .containsExactly(
                        "a\t{\"id\":\"a\",\"title\":\"Kabul\"}",
                        "(null)\tnot json at all",
                        "b\t{\"id\":\"b\",\"title\":\"Islamabad\"}");
    }

    @Test
    void runStopsWithinSecondsWithTheAddressWhenKafkaIsUnreachable() throws Exception {
        Path config = dir.resolve("comention.yaml");
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "watch: []\n");
        Files.writeString(config, "kafka:\n  bootstrap_servers: localhost:1\n");
        Instant start = Instant.now();
        var r = CliTest.run("run", "--config", config.toString());
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach Kafka at localhost:1").doesNotContain("\tat ");
    }

    @Test
    void tailNamesAMissingTopic() {
        var r = CliTest.run(
                "tail",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--topic",
                "no-such-topic-" + UUID.randomUUID(),
                "--max",
                "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist");
    }
}
