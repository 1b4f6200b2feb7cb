package io.comention.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.model.RawRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness of {@code bench pipeline} on either state backend; its figures are the benchmark's business. */
class PipelineBenchmarkTest {

    private static final List<RawRecord> ARTICLES = PipelineBenchmark.articles(200, 7, 1.0);

    @Test
    void runsTheWholeJobOnRocksDb() throws Exception {
        var result = PipelineBenchmark.run(ARTICLES, 1, "rocksdb");
        assertThat(result.articles()).isEqualTo(200);
        assertThat(result.cpu()).isPositive();
    }

    /** The backend reaches Flink's configuration: one it does not know fails the run. */
    @Test
    void theStateBackendIsTheOneTheJobRunsOn() {
        assertThatThrownBy(() -> PipelineBenchmark.run(ARTICLES, 1, "no-such-backend"))
                .hasStackTraceContaining("no-such-backend");
    }
}
