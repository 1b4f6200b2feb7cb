package io.comention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.model.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ComentionCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void tagPrintsTheSampleArticlesEntitiesAsJson() throws Exception {
        Path sample = Path.of(CliTest.class
                .getClassLoader()
                .getResource("samples/afghanistan-seeks-pakistans-help.txt")
                .toURI());
        Run r = run("tag", "--json", sample.toString());
        assertThat(r.code()).isZero();
        JsonNode entities = Json.MAPPER.readTree(r.out());
        List<String> ids = new ArrayList<>();
        entities.forEach(e -> {
            assertThat(e.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "name", "type", "mentions");
            ids.add(e.get("id").asText());
        });
        assertThat(ids).contains("AF", "PK", "US", "org:haqqani-network", "person:marc-grossman");
    }

    @Test
    void tagReadsArticleJsonToo() throws Exception {
        Path f = dir.resolve("a.json");
        Files.writeString(f, "{\"title\":\"Kabul and Islamabad talk\",\"body\":\"Nobody told us.\"}");
        Run r = run("tag", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("AF ")
                .contains("PK ")
                .doesNotContain("United States")
                .contains("2 entities");
    }

    @Test
    void userMistakesGiveOneLineAndAnExitCodeNoStackTrace() throws Exception {
        Run missing = run("tag", dir.resolve("nope.txt").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.txt: no such file").doesNotContain("\tat ");

        Path badConfig = dir.resolve("comention.yaml");
        Files.writeString(badConfig, "job:\n  paralelism: 2\n");
        Run bad = run("run", "--config", badConfig.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip())
                .startsWith("error: ")
                .contains("job.paralelism: unknown key")
                .doesNotContain("\tat ");

        Run unknownFlag = run("demo", "--kafka-prot", "1");
        assertThat(unknownFlag.code()).isEqualTo(2);
        assertThat(unknownFlag.err()).contains("'--kafka-prot'").contains("Possible solutions: --kafka-port");

        Run badDuration = run("demo", "--duration", "soon");
        assertThat(badDuration.code()).isEqualTo(2);
        assertThat(badDuration.err()).contains("'--duration'").contains("'soon' is not a duration");

        Run zeroInterval = run("soak", "--interval", "0s");
        assertThat(zeroInterval.code()).isEqualTo(2);
        assertThat(zeroInterval.err().strip()).isEqualTo("error: --interval must be above zero");

        Run noConfig = run("run");
        assertThat(noConfig.code()).isEqualTo(2);
        assertThat(noConfig.err().strip()).startsWith("error: --config FILE is required");
    }

    @Test
    void badReplayFlagsNameTheFlagAndTheFixBeforeTouchingKafkaOrACluster() throws Exception {
        Path config = dir.resolve("comention.yaml");
        Files.writeString(config, "kafka:\n  bootstrap_servers: localhost:1\n");

        Run offsets = run("run", "--config", config.toString(), "--starting-offsets", "beginning");
        assertThat(offsets.code()).isEqualTo(2);
        assertThat(offsets.err().strip())
                .isEqualTo("error: --starting-offsets must be committed, earliest or latest, was 'beginning'; "
                        + "to reprocess the whole topic pass --starting-offsets earliest");

        Run suffix = run("run", "--config", config.toString(), "--output-suffix", "/replay");
        assertThat(suffix.code()).isEqualTo(2);
        assertThat(suffix.err().strip())
                .isEqualTo("error: --output-suffix may hold only letters, digits, '.', '_' and '-' (it ends Kafka "
                        + "topic names), was '/replay'; pass e.g. --output-suffix .replay-2026-11");

        Run empty = run("submit", "--rest", "http://localhost:1", "--output-suffix", "");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err().strip())
                .startsWith("error: --output-suffix must be 1 to 100 characters")
                .doesNotContain("\tat ");

        Run upgrade = run("upgrade", "--rest", "http://localhost:1", "--output-suffix", "a b");
        assertThat(upgrade.code()).isEqualTo(2);
        assertThat(upgrade.err().strip()).startsWith("error: --output-suffix may hold only");

        Run withSavepoint = run(
                "submit",
                "--rest",
                "http://localhost:1",
                "--starting-offsets",
                "earliest",
                "--from-savepoint",
                "file:///savepoints/sp-1");
        assertThat(withSavepoint.code()).isEqualTo(2);
        assertThat(withSavepoint.err().strip())
                .isEqualTo("error: --starting-offsets applies only to a start without state, and --from-savepoint "
                        + "restores the source's offsets; drop one of the two");

        Run badOffsetsOnSubmit = run("submit", "--rest", "http://localhost:1", "--starting-offsets", "first");
        assertThat(badOffsetsOnSubmit.err().strip()).startsWith("error: --starting-offsets must be committed");
    }

    @Test
    void runAndSubmitDocumentTheReplayFlags() {
        for (String cmd : List.of("run", "submit")) {
            Run r = run(cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("--starting-offsets").contains("--output-suffix");
        }
    }

    @Test
    void aTakenPortIsNamedWithTheOptionThatMovesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            Run demo = run("demo", "--kafka-port", port);
            assertThat(demo.code()).isEqualTo(2);
            assertThat(demo.err().strip())
                    .isEqualTo("error: port " + port
                            + " is in use; is another Kafka running? Choose another with --kafka-port");

            Run sandbox =
                    run("kafka", "--port", port, "--dir", dir.resolve("kafka").toString());
            assertThat(sandbox.code()).isEqualTo(2);
            assertThat(sandbox.err().strip()).isEqualTo("error: port " + port + " is in use; pass another --port");
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("demo", "run", "tag", "produce", "tail")) {
            Run r = run(cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: comention " + cmd);
        }
    }
}
