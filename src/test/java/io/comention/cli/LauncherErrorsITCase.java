package io.comention.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.comention.tools.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/comention} as a user runs it, in a child process: a bad configuration and an unreachable
 * Kafka each end within seconds with exactly one line on stderr, a non-zero exit code and no stack trace.
 */
class LauncherErrorsITCase {

    private static final Path ROOT = SandboxCluster.buildDirectory().getParent();

    @TempDir
    Path dir;

    record Result(int code, String out, String err, Duration took) {}

    @BeforeAll
    static void trustTheBuildThatJustRan() throws IOException {
        // the package phase has just built target/; without this the launcher may decide to build again
        Files.setLastModifiedTime(ROOT.resolve("target/launcher.classpath"), FileTime.from(Instant.now()));
    }

    @Test
    void aConfigurationWithAWrongTypeStopsRunWithOneLine() throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), "watch: []\n");
        Path config = Files.writeString(dir.resolve("comention.yaml"), "job:\n  checkpoint_interval: 10\n");
        Result r = launch("run", "--config", config.toString());
        assertOneLineError(
                r,
                config + ": job.checkpoint_interval: must be a duration such as 30s, 15m, 1h or 7d, was number '10'");
    }

    @Test
    void anUnreachableKafkaStopsProduceWithTheAddress() throws Exception {
        Path feed = Files.writeString(dir.resolve("feed.jsonl"), "{\"id\":\"a\",\"title\":\"Kabul\"}\n");
        Result r = launch(
                "produce", "--bootstrap-servers", "localhost:1", "--topic", "news.raw", "--file", feed.toString());
        assertOneLineError(r, "cannot reach Kafka at localhost:1");
    }

    private static void assertOneLineError(Result r, String expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err())
                .startsWith("error: ")
                .contains(expected)
                .doesNotContain("\tat ")
                .doesNotContain("Exception in thread");
        assertThat(r.took()).isLessThan(Duration.ofSeconds(15));
    }

    private Result launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin/comention").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("COMENTION_LOG_DIR", dir.resolve("logs").toString());
        pb.environment().put("COMENTION_JAVA_OPTS", "-Djava.io.tmpdir=" + dir);
        Instant start = Instant.now();
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS))
                    .as("bin/comention ended")
                    .isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Result(
                p.exitValue(),
                Files.readString(dir.resolve("out.txt"), UTF_8),
                Files.readString(dir.resolve("err.txt"), UTF_8),
                Duration.between(start, Instant.now()));
    }
}
