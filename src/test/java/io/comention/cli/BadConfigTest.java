package io.comention.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.config.ConfigException;
import io.comention.pipeline.ComentionJob;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad configuration stops every command that takes one with one line naming the file and field (or the
 * Kafka address), exit code 2 and no stack trace; the job's own {@code main} refuses the same file with
 * the same message.
 */
class BadConfigTest {

    @TempDir
    Path dir;

    /** Every command that reads a comention.yaml, with the arguments it needs besides --config. */
    private List<List<String>> commandsTakingAConfig() throws IOException {
        Path feed = Files.writeString(dir.resolve("feed.jsonl"), "{\"id\":\"a\",\"title\":\"Kabul\"}\n");
        Path jar = Files.writeString(dir.resolve("job.jar"), "not really a jar");
        return List.of(
                List.of("run"),
                List.of("dashboard", "--port", "0"),
                List.of("submit", "--rest", "http://localhost:1", "--jar", jar.toString()),
                List.of("upgrade", "--rest", "http://localhost:1", "--jar", jar.toString()),
                List.of("produce", "--topic", "news.raw", "--file", feed.toString()),
                List.of("tail", "--topic", "news.raw", "--max", "1"),
                List.of("rule", "add", "r1", "--entities", "AF,PK"),
                List.of("rule", "remove", "r1"),
                List.of("rule", "list"),
                List.of("entity", "add", "org:x", "--type", "ORGANIZATION", "--name", "X"),
                List.of("entity", "remove", "org:x"));
    }

    private Path config(String yaml, String rules) throws IOException {
        Path sub = Files.createTempDirectory(dir, "cfg");
        Files.writeString(sub.resolve("rules.yaml"), rules);
        return Files.writeString(sub.resolve("comention.yaml"), yaml);
    }

    private static final String GOOD_RULES =
            "watch:\n  - id: r\n    entities: [AF, PK]\n    horizon: 1h\n    threshold: 2\n";

    @Test
    void everyCommandRefusesABadConfigurationWithOneLineNamingTheField() throws Exception {
        record Mistake(Path config, String expected) {}
        List<Mistake> mistakes = List.of(
                new Mistake(dir.resolve("missing.yaml"), "missing.yaml: the configuration file does not exist"),
                new Mistake(
                        config("kafka:\n  bootstrap: localhost:9092\n", GOOD_RULES),
                        "kafka.bootstrap: unknown key; known keys here:"),
                new Mistake(
                        config("job:\n  parallelism: two\n", GOOD_RULES),
                        "job.parallelism: must be a whole number, was string 'two'"),
                new Mistake(
                        config("", "watch:\n  - id: r\n    entities: [AF, PK]\n    horizon: 1h\n    threshold: -1\n"),
                        "watch[0].threshold: must be between 1 and 1000000, was -1"),
                new Mistake(
                        config("alerts:\n  burst:\n    min_score: 0.1\n", GOOD_RULES),
                        "alerts.burst.min_score: must be between 0.5 and 1000.0, was 0.1"));
        List<String> checked = new ArrayList<>();
        for (List<String> command : commandsTakingAConfig()) {
            for (Mistake m : mistakes) {
                List<String> args = new ArrayList<>(command);
                args.add("--config");
                args.add(m.config().toString());
                assertRefused(args, m.expected());
                checked.add(String.join(" ", command));
            }
        }
        assertThat(checked).hasSize(11 * 5);
    }

    @Test
    void aRuleNamingAnEntityTheKnowledgeBaseLacksIsRefusedAtStartUp() throws Exception {
        Path byName =
                config("", "watch:\n  - id: r\n    entities: [AF, Pakistan]\n    horizon: 1h\n    threshold: 3\n");
        assertRefused(
                List.of("run", "--config", byName.toString()),
                "rules_file: watch rule 'r' names entity 'Pakistan', which is not in the bundled knowledge base; did you mean 'PK'?");
        Path typo = config("", "watchlists:\n  - id: w\n    entities: [AF, XQ]\n    lookback: 7d\n");
        assertRefused(
                List.of("submit", "--rest", "http://localhost:1", "--config", typo.toString()),
                "watchlist 'w' names entity 'XQ', which is not in the bundled knowledge base; use an entity id");
    }

    @Test
    void unreachableKafkaIsNamedByEveryKafkaCommand() throws Exception {
        String closed = "localhost:" + closedPort();
        Path config = config("kafka:\n  bootstrap_servers: " + closed + "\n", GOOD_RULES);
        Path feed = Files.writeString(dir.resolve("one.jsonl"), "{\"id\":\"a\",\"title\":\"Kabul\"}\n");
        for (List<String> command : List.of(
                List.of("run", "--config", config.toString()),
                List.of("dashboard", "--port", "0", "--config", config.toString()),
                List.of("produce", "--topic", "news.raw", "--file", feed.toString(), "--bootstrap-servers", closed),
                List.of("tail", "--topic", "news.raw", "--bootstrap-servers", closed),
                List.of("rule", "list", "--config", config.toString()),
                List.of("entity", "remove", "org:x", "--config", config.toString()))) {
            assertRefused(command, "cannot reach Kafka at " + closed);
        }
    }

    @Test
    void theJobsMainRefusesABadConfigurationWithTheSameMessage() throws Exception {
        Path bad = config("job:\n  parallelism: two\n", GOOD_RULES);
        CliTest.Run viaCli = CliTest.run("run", "--config", bad.toString());
        assertThatThrownBy(() -> ComentionJob.main(new String[] {"--config", bad.toString()}))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat("error: " + e.getMessage())
                        .isEqualTo(viaCli.err().strip()));
        Path unknownEntity =
                config("", "watch:\n  - id: r\n    entities: [AF, XQ]\n    horizon: 1h\n    threshold: 3\n");
        assertThatThrownBy(() -> ComentionJob.main(new String[] {"--config", unknownEntity.toString()}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("watch rule 'r' names entity 'XQ'");
        assertThatThrownBy(() -> ComentionJob.main(
                        new String[] {"--config", dir.resolve("nope.yaml").toString()}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.yaml: the configuration file does not exist");
    }

    private static void assertRefused(List<String> args, String expected) {
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        String what = String.join(" ", args);
        assertThat(r.code()).as(what + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err().strip())
                .as(what)
                .startsWith("error: ")
                .contains(expected)
                .doesNotContain("\n")
                .doesNotContain("\tat ");
        assertThat(r.out()).as(what).isEmpty();
    }

    /** A port nothing listens on (just released). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
