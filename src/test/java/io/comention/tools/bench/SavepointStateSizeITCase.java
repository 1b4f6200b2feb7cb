package io.comention.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;

/**
 * {@code bench state}'s figures come from the job's own savepoints: the job remembers the same
 * combinations as the serializer-level breakdown counts, every key is in the keyed state's bytes, and the
 * settled savepoint (every horizon exit played) is smaller than the one taken as the feed ends; with
 * {@code job.snapshot_compression} the same state takes fewer bytes.
 */
class SavepointStateSizeITCase {

    @Test
    void measuresTheCountingStateFromTheJobsSavepoints() throws Exception {
        var articles = PipelineBenchmark.articles(300, 11, 1.0);
        var breakdown = StateSizeBenchmark.run(articles);

        var saved =
                SavepointStateSize.run(articles, "hashmap", false, SavepointFormatType.NATIVE, Duration.ofMinutes(5));

        assertThat(saved.articles()).isEqualTo(300);
        assertThat(saved.combinations()).isEqualTo(breakdown.combinations());
        assertThat(saved.namedOnce()).isEqualTo(breakdown.namedOnce());
        // each remembered combination's key ("AF+PK+US") is written with its state
        assertThat(saved.settledKeyedBytes()).isGreaterThan(breakdown.keyBytes());
        assertThat(saved.endKeyedBytes()).isGreaterThan(saved.settledKeyedBytes());
        assertThat(saved.endNamesBytes()).isPositive();
        assertThat(saved.weekBytesPerCombination())
                .isBetween(saved.settledBytesPerCombination() - 1, saved.endBytesPerCombination());

        var compressed =
                SavepointStateSize.run(articles, "hashmap", true, SavepointFormatType.NATIVE, Duration.ofMinutes(5));
        assertThat(compressed.combinations()).isEqualTo(saved.combinations());
        assertThat(compressed.endKeyedBytes()).isLessThan(saved.endKeyedBytes());
        assertThat(compressed.settledKeyedBytes()).isLessThan(saved.settledKeyedBytes());
    }
}
