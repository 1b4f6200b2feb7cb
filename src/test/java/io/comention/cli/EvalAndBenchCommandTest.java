package io.comention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalAndBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void evalPrintsPrecisionRecallAndF1PerType() {
        var run = CliTest.run("eval", "docs/eval/gold.jsonl");
        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("type          expected  found  correct  precision  recall      F1")
                .containsPattern("COUNTRY +\\d+ +\\d+ +\\d+ +[01]\\.\\d{3} +[01]\\.\\d{3} +[01]\\.\\d{3}")
                .containsPattern("ORGANIZATION +\\d+")
                .containsPattern("PERSON +\\d+");
    }

    @Test
    void evalListsMissesAndRefusesABrokenGoldFileInOneLine() throws Exception {
        Path gold = dir.resolve("g.jsonl");
        Files.writeString(gold, "{\"id\": \"a\", \"body\": \"Pakistan and India\", \"entities\": [\"PK\"]}\n");
        var run = CliTest.run("eval", gold.toString(), "--errors");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("  a: missed [], spurious [IN]").contains("0 of 1 passages tagged exactly");

        Files.writeString(gold, "{\"id\": \"a\", \"body\": \"x\", \"entities\": \"PK\"}\n");
        var broken = CliTest.run("eval", gold.toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err().strip())
                .startsWith("error: " + gold + ":1: passage 'a': \"entities\" must be a list")
                .doesNotContain("Exception");
        assertThat(CliTest.run("eval", dir.resolve("missing.jsonl").toString()).err())
                .contains("no such file");
    }

    /**
     * The command's output and argument checks only: its measurement is a benchmark's business, so the
     * run is as small as the command allows (100 generated aliases, one 10 ms round) and no figure is
     * judged, not even the heap per alias, which a knowledge base this small can make negative.
     */
    @Test
    void benchTagPrintsThroughputAndBytesPerAliasAsItsLastLine() {
        var run = CliTest.run(
                "bench", "tag", "--aliases", "100", "--warmup", "0", "--rounds", "1", "--round-seconds", "0.01");
        assertThat(run.code()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines[lines.length - 1])
                .matches(
                        "tag: \\d+\\.\\d MB/s per core, -?\\d+ bytes per alias \\(generated knowledge base, 100 aliases\\)");
        assertThat(lines[lines.length - 2]).matches("median of 1 rounds: .*");
    }

    @Test
    void benchTagRefusesImpossibleSettingsInOneLine() {
        var noAliases = CliTest.run("bench", "tag", "--aliases", "0");
        assertThat(noAliases.code()).isEqualTo(2);
        assertThat(noAliases.err().strip()).isEqualTo("error: --aliases must be between 1 and 20000000 (was 0)");
        var noRounds = CliTest.run("bench", "tag", "--rounds", "0");
        assertThat(noRounds.code()).isEqualTo(2);
        assertThat(noRounds.err().strip()).contains("--rounds >= 1").doesNotContain("Exception");
    }

    @Test
    void benchPipelineRefusesAnUnknownStateBackendAndOneWithKafkaInOneLine() {
        var unknown = CliTest.run("bench", "pipeline", "--state-backend", "memory");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("error: --state-backend must be hashmap or rocksdb, not memory");
        var withKafka = CliTest.run("bench", "pipeline", "--kafka", "--state-backend", "rocksdb");
        assertThat(withKafka.code()).isEqualTo(2);
        assertThat(withKafka.err().strip())
                .startsWith("error: --state-backend applies only without --kafka")
                .doesNotContain("Exception");
    }
}
