package io.comention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.pipeline.ComentionJob;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator and sandbox commands refuse mistakes with one line and exit 2, or exit 4 when Flink is unreachable. */
class OperatorCommandsTest {

    @TempDir
    Path dir;

    @Test
    void restMustBeAnHttpUrl() {
        var run = CliTest.run("status", "--rest", "localhost:8081");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo("error: --rest must be an http(s) URL such as http://localhost:8081, was 'localhost:8081'");
    }

    @Test
    void anUnreachableClusterIsNamedWithoutAStackTrace() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var run = CliTest.run("status", "--rest", "http://localhost:" + closedPort);
        assertThat(run.code()).isEqualTo(4);
        assertThat(run.err())
                .startsWith("error: Flink: cannot reach Flink's REST API at http://localhost:" + closedPort)
                .doesNotContain("\tat ");
    }

    @Test
    void submitNamesAMissingJar() {
        var run = CliTest.run("submit", "--jar", dir.resolve("nope.jar").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("nope.jar does not exist; build it with mvn -DskipTests package or pass --jar");
    }

    @Test
    void clusterStartRefusesImpossibleSizes() {
        var run = CliTest.run("cluster", "start", "--dir", dir.toString(), "--taskmanagers", "0");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: --taskmanagers must be between 1 and 16, was 0");
    }

    @Test
    void clusterStopWithNothingRunningSaysSo() {
        var run = CliTest.run("cluster", "stop", "--dir", dir.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("no sandbox cluster is running from " + dir.toAbsolutePath());
    }

    @Test
    void theJobRefusesAnUnknownArgument() {
        Assertions.assertThatThrownBy(() -> ComentionJob.main(new String[] {"--paralelism", "2"}))
                .hasMessage("unknown argument '--paralelism'; the job takes --config FILE, --parallelism N, "
                        + "--starting-offsets MODE and --output-suffix SUFFIX");
    }
}
