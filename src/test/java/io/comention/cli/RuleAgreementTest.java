package io.comention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import io.comention.config.ComentionConfig;
import io.comention.config.ConfigException;
import io.comention.model.ControlMessage;
import io.comention.model.DeadLetter;
import io.comention.model.Json;
import io.comention.model.RawRecord;
import io.comention.pipeline.ParseArticles;
import io.comention.pipeline.ParseControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch rule or a watchlist reaches the job three ways: {@code rules.yaml} at start-up, a {@code news.control}
 * message read by the job's {@link ParseControl}, and {@code comention rule add}. The same rule gets the same
 * verdict from all three, and a refusal the same reason; each names the field its own way
 * ({@code watch[0].entities}, {@code rule.entities}, {@code --entities}), which the verdicts below leave out.
 */
class RuleAgreementTest {

    @TempDir
    Path dir;

    private static final String ACCEPTED = "accepted";

    record Rule(String id, List<String> entities, String horizon, Integer threshold) {}

    record Lst(String id, List<String> entities, String lookback) {}

    @Test
    void aFourEntityRuleIsAcceptedByAllThreeWhenFourEntitiesAreCountedAndRefusedByAllThreeWhenNot() throws Exception {
        Rule four = new Rule("four", List.of("AF", "PK", "US", "IN"), "1h", 3);
        assertThat(verdicts(four, "[2, 3, 4]")).containsOnly(ACCEPTED);
        assertThat(verdicts(four, "[2, 3]"))
                .containsOnly("entities: must name 2 to 3 distinct entity ids, was [AF, PK, US, IN]");
    }

    @Test
    void everyWatchRuleGetsOneVerdictAndOneReason() throws Exception {
        Map<Rule, String> expected = new LinkedHashMap<>();
        expected.put(new Rule("pair", List.of("AF", "PK"), "24h", 1), ACCEPTED);
        expected.put(new Rule("four", List.of("AF", "PK", "US", "IN"), "15m", 1_000_000), ACCEPTED);
        expected.put(
                new Rule("five", List.of("AF", "PK", "US", "IN", "IR"), "1h", 3),
                "entities: must name 2 to 4 distinct entity ids, was [AF, PK, US, IN, IR]");
        expected.put(
                new Rule("one", List.of("AF"), "1h", 3), "entities: must name 2 to 4 distinct entity ids, was [AF]");
        expected.put(
                new Rule("twice", List.of("AF", "AF", "PK"), "1h", 3),
                "entities: must name 2 to 4 distinct entity ids, was [AF, AF, PK]");
        expected.put(
                new Rule("odd", List.of("AF", "PK"), "2h", 3),
                "horizon: 2h is not one of counts.horizons [15m, 1h, 24h]");
        expected.put(new Rule("no-horizon", List.of("AF", "PK"), null, 3), "horizon: is required");
        expected.put(new Rule("zero", List.of("AF", "PK"), "1h", 0), "threshold: must be between 1 and 1000000, was 0");
        expected.put(
                new Rule("huge", List.of("AF", "PK"), "1h", 1_000_001),
                "threshold: must be between 1 and 1000000, was 1000001");
        expected.put(new Rule("no-threshold", List.of("AF", "PK"), "1h", null), "threshold: is required");
        for (var e : expected.entrySet()) {
            assertThat(verdicts(e.getKey(), "[2, 3, 4]"))
                    .as(e.getKey().toString())
                    .containsOnly(e.getValue());
        }
    }

    @Test
    void everyWatchlistGetsOneVerdictAndOneReason() throws Exception {
        Map<Lst, String> expected = new LinkedHashMap<>();
        expected.put(new Lst("gulf", List.of("IR", "SA", "US", "IL", "RU", "CN"), "8d"), ACCEPTED);
        expected.put(
                new Lst("one", List.of("IR"), "7d"), "entities: must name at least 2 distinct entity ids, was [IR]");
        expected.put(
                new Lst("far", List.of("IR", "SA"), "9d"),
                "lookback: must not exceed counts.retention plus the longest horizon (8d): older meetings are forgotten");
        expected.put(new Lst("none", List.of("IR", "SA"), "0s"), "lookback: must be longer than zero");
        expected.put(new Lst("unsaid", List.of("IR", "SA"), null), "lookback: is required");
        for (var e : expected.entrySet()) {
            assertThat(verdicts(e.getKey())).as(e.getKey().toString()).containsOnly(e.getValue());
        }
    }

    @Test
    void theCommandLineRefusesWithTheSameLine() throws Exception {
        Path config = writeConfig("[2, 3]", "watch: []\n");
        CliTest.Run r = CliTest.run(
                "rule",
                "add",
                "four",
                "--entities",
                "AF,PK,US,IN",
                "--horizon",
                "1h",
                "--threshold",
                "3",
                "--config",
                config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("error: --entities: must name 2 to 3 distinct entity ids, was [AF, PK, US, IN]");
    }

    /** The verdicts of rules.yaml, news.control and rule add on one watch rule; accepted ones must agree on the rule. */
    private List<String> verdicts(Rule rule, String sizes) throws Exception {
        List<String> verdicts = new ArrayList<>();
        List<WatchRule> accepted = new ArrayList<>();

        StringBuilder yaml =
                new StringBuilder("watch:\n  - id: " + rule.id() + "\n    entities: " + rule.entities() + "\n");
        if (rule.horizon() != null) {
            yaml.append("    horizon: ").append(rule.horizon()).append('\n');
        }
        if (rule.threshold() != null) {
            yaml.append("    threshold: ").append(rule.threshold()).append('\n');
        }
        try {
            ComentionConfig fromFile = ComentionConfig.load(writeConfig(sizes, yaml.toString()));
            accepted.add(fromFile.rules().get(0));
            verdicts.add(ACCEPTED);
        } catch (ConfigException e) {
            verdicts.add(e.getMessage().substring(e.getMessage().indexOf("watch[0].") + "watch[0].".length()));
        }

        ComentionConfig config = ComentionConfig.load(writeConfig(sizes, "watch: []\n"));
        ObjectNode body = Json.MAPPER.createObjectNode().put("id", rule.id());
        rule.entities().forEach(body.putArray("entities")::add);
        if (rule.horizon() != null) {
            body.put("horizon", rule.horizon());
        }
        if (rule.threshold() != null) {
            body.put("threshold", rule.threshold());
        }
        ControlVerdict control = parseControl(config, "upsert_rule", "rule", body);
        if (control.message() != null) {
            ControlMessage m = control.message();
            accepted.add(new WatchRule(m.id(), m.entities(), Duration.ofMillis(m.horizonMillis()), m.threshold()));
            verdicts.add(ACCEPTED);
        } else {
            verdicts.add(control.reason().substring("rule.".length()));
        }

        try {
            ControlMessage m = RuleCommand.watchRuleMessage(
                    config.ruleLimits(), rule.id(), rule.entities(), duration(rule.horizon()), rule.threshold());
            accepted.add(new WatchRule(m.id(), m.entities(), Duration.ofMillis(m.horizonMillis()), m.threshold()));
            verdicts.add(ACCEPTED);
        } catch (ComentionCli.UserError e) {
            verdicts.add(e.getMessage().substring("--".length()));
        }
        assertThat(accepted).as("the rule each path accepted").allMatch(r -> r.equals(accepted.get(0)));
        return verdicts;
    }

    /** What picocli's {@link DurationConverter} hands {@code rule add}. */
    private static Duration duration(String option) {
        return option == null ? null : new DurationConverter().convert(option);
    }

    /** The same for a watchlist. */
    private List<String> verdicts(Lst list) throws Exception {
        List<String> verdicts = new ArrayList<>();
        List<Watchlist> accepted = new ArrayList<>();

        String yaml = "watchlists:\n  - id: " + list.id() + "\n    entities: " + list.entities() + "\n"
                + (list.lookback() == null ? "" : "    lookback: " + list.lookback() + "\n");
        try {
            ComentionConfig fromFile = ComentionConfig.load(writeConfig("[2, 3]", yaml));
            accepted.add(fromFile.watchlists().get(0));
            verdicts.add(ACCEPTED);
        } catch (ConfigException e) {
            verdicts.add(
                    e.getMessage().substring(e.getMessage().indexOf("watchlists[0].") + "watchlists[0].".length()));
        }

        ComentionConfig config = ComentionConfig.load(writeConfig("[2, 3]", "watch: []\n"));
        ObjectNode body = Json.MAPPER.createObjectNode().put("id", list.id());
        list.entities().forEach(body.putArray("entities")::add);
        if (list.lookback() != null) {
            body.put("lookback", list.lookback());
        }
        ControlVerdict control = parseControl(config, "upsert_watchlist", "watchlist", body);
        if (control.message() != null) {
            ControlMessage m = control.message();
            accepted.add(new Watchlist(m.id(), m.entities(), Duration.ofMillis(m.lookbackMillis())));
            verdicts.add(ACCEPTED);
        } else {
            verdicts.add(control.reason().substring("watchlist.".length()));
        }

        try {
            ControlMessage m = RuleCommand.watchlistMessage(
                    config.ruleLimits(), list.id(), list.entities(), duration(list.lookback()));
            accepted.add(new Watchlist(m.id(), m.entities(), Duration.ofMillis(m.lookbackMillis())));
            verdicts.add(ACCEPTED);
        } catch (ComentionCli.UserError e) {
            verdicts.add(e.getMessage().substring("--".length()));
        }
        assertThat(accepted).as("the watchlist each path accepted").allMatch(w -> w.equals(accepted.get(0)));
        return verdicts;
    }

    /** The job's verdict on a control record: the message it passes on, or the reason it dead-letters it with. */
    record ControlVerdict(ControlMessage message, String reason) {}

    /** Runs one control record through the job's operator. */
    private static ControlVerdict parseControl(ComentionConfig config, String action, String family, ObjectNode body)
            throws Exception {
        ObjectNode message = Json.MAPPER.createObjectNode().put("schema", 1).put("action", action);
        message.set(family, body);
        byte[] value = message.toString().getBytes(StandardCharsets.UTF_8);
        try (OneInputStreamOperatorTestHarness<RawRecord, ControlMessage> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ParseControl(config.ruleLimits()))) {
            harness.processElement(new StreamRecord<>(new RawRecord("news.control", 0, 0, 0, null, value), 0));
            List<ControlMessage> out = harness.extractOutputValues();
            var dead = harness.getSideOutput(ParseArticles.DEAD_LETTERS);
            if (out.size() == 1) {
                assertThat(dead).isNullOrEmpty();
                return new ControlVerdict(out.get(0), null);
            }
            assertThat(out).isEmpty();
            assertThat(dead).hasSize(1);
            DeadLetter letter = dead.peek().getValue();
            assertThat(letter.errorKind()).isEqualTo(DeadLetter.ErrorKind.INVALID_CONTROL);
            return new ControlVerdict(null, letter.reason());
        }
    }

    private Path writeConfig(String sizes, String rules) throws Exception {
        Path sub = Files.createTempDirectory(dir, "rules");
        Files.writeString(sub.resolve("rules.yaml"), rules);
        return Files.writeString(sub.resolve("comention.yaml"), "counts:\n  sizes: " + sizes + "\n");
    }
}
