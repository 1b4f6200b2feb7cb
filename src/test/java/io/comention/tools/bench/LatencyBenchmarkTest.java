package io.comention.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.config.ComentionConfig;
import io.comention.model.Json;
import io.comention.tools.bench.ScenarioBook.Expectation;
import io.comention.tools.bench.ScenarioBook.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyBenchmarkTest {

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void alertKeysAreTheOwnKeyAndEveryCoveredOne() throws Exception {
        JsonNode today = json("{\"alert_id\":\"1\",\"kind\":\"WATCH\",\"rule\":\"r\",\"key\":\"AF+PK+US\","
                + "\"entities\":[{\"id\":\"AF\"},{\"id\":\"PK\"},{\"id\":\"US\"}],\"unknown\":[\"XX+YY\"]}");
        assertThat(LatencyBenchmark.alertKeys(today, null)).containsExactly("AF+PK+US");

        JsonNode grouped = json("{\"kind\":\"FIRST_SEEN\",\"rule\":\"l\",\"key\":\"CN+IR+RU\","
                + "\"covers\":[\"CN+IR\",{\"key\":\"IR+RU\"},{\"entities\":[{\"id\":\"RU\"},{\"id\":\"CN\"}]}],"
                + "\"also_covered_combinations\":[{\"key\":\"CN+RU+US\"}]}");
        assertThat(LatencyBenchmark.alertKeys(grouped, null))
                .containsExactly("CN+IR+RU", "CN+IR", "IR+RU", "CN+RU", "CN+RU+US");

        // no key field: the record key, else the entities
        JsonNode bare = json("{\"kind\":\"BURST\",\"entities\":[{\"id\":\"PK\"},{\"id\":\"AF\"}]}");
        assertThat(LatencyBenchmark.alertKeys(bare, "AF+PK".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("AF+PK");
        assertThat(LatencyBenchmark.alertKeys(bare, null)).containsExactly("AF+PK");
    }

    @Test
    void theSummaryGivesEachP99WithItsMissingShareAndTheTargetsMet() {
        ScenarioBook book = new ScenarioBook(Duration.ofSeconds(60), () -> 0L);
        long s = 1_000_000_000L;
        book.expectTagged(Scenario.TAGGED, "a", 0);
        book.taggedVisible("a", 1_800_000_000L);
        book.expectTagged(Scenario.LONE, "l", 0);
        book.taggedVisible("l", 7 * s);
        Expectation w = book.expectAlert(Scenario.WATCH, "WATCH", "r", "AD+AE");
        book.arm(w, 0);
        book.expire(61 * s);
        String line = LatencyBenchmark.summary(book.outcomes(), true);
        assertThat(line)
                .isEqualTo("latency p99: tagged 1.8 s, watch > 60 s (1/1 missing), burst -, first_seen -, "
                        + "lone 7 s, counts -; targets met 1 of 3");
        assertThat(LatencyBenchmark.summary(book.outcomes(), false)).endsWith("(stopped early)");
    }

    @Test
    void theBenchConfigurationAddsRulesAndEndsTheBurstWarmUpOnly() {
        ComentionConfig base = ComentionConfig.bundled();
        LatencyPlan plan = LatencyPlan.build(
                3,
                20,
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                List.of("AD", "AE", "AG", "AL", "AM", "AO", "AR", "AT", "AW"),
                6);
        ComentionConfig c = LatencyBenchmark.benchConfig(
                base, plan, "localhost:1234", Duration.ofMinutes(15), Duration.ofHours(24));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:1234");
        assertThat(c.rules()).containsAll(base.rules()).hasSize(base.rules().size() + 3);
        assertThat(c.watchlists())
                .containsAll(base.watchlists())
                .hasSize(base.watchlists().size() + 1);
        assertThat(c.alerts().burst().warmUp()).isZero();
        assertThat(c.alerts().burst().minCount())
                .isEqualTo(base.alerts().burst().minCount());
        assertThat(c.alerts().cooldown()).isEqualTo(base.alerts().cooldown());
        assertThat(c.job()).isEqualTo(base.job());
        assertThat(c.counts()).isEqualTo(base.counts());
        assertThat(c.events()).isEqualTo(base.events());
    }
}
