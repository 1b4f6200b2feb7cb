package io.comention.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComentionConfigTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path configWith(String yaml) throws IOException {
        write("rules.yaml", "watch:\n  - id: r\n    entities: [AF, PK]\n    horizon: 1h\n    threshold: 2\n");
        return write("comention.yaml", yaml);
    }

    @Test
    void anOutputSuffixMovesOutputsJobNameAndGroupButNotTheInputs() {
        ComentionConfig live = ComentionConfig.bundled();
        ComentionConfig replay = live.withStartingOffsets("earliest").withOutputSuffix(".replay-2026-11");
        assertThat(replay.topics())
                .isEqualTo(new ComentionConfig.Topics(
                        "news.raw",
                        "news.tagged.replay-2026-11",
                        "news.comention.counts.replay-2026-11",
                        "news.alerts.replay-2026-11",
                        "news.deadletter.replay-2026-11",
                        "news.control"));
        assertThat(replay.job().name()).isEqualTo("comention.replay-2026-11");
        assertThat(replay.kafka().groupId()).isEqualTo("comention.replay-2026-11");
        assertThat(replay.job().startingOffsets()).isEqualTo("earliest");
        assertThat(replay.counts()).isEqualTo(live.counts());
        assertThat(replay.rules()).isEqualTo(live.rules());

        assertThatThrownBy(() -> live.withOutputSuffix("a/b"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> live.withStartingOffsets("newest")).isInstanceOf(ConfigException.class);
    }

    @Test
    void theShippedConfigFileLoadsWithItsRules() {
        ComentionConfig config = ComentionConfig.load(Path.of("config/comention.yaml"));
        assertThat(config.topics().raw()).isEqualTo("news.raw");
        assertThat(config.topics().counts()).isEqualTo("news.comention.counts");
        assertThat(config.counts().horizons()).extracting(h -> h.label()).containsExactly("15m", "1h", "24h");
        assertThat(config.rules()).anySatisfy(r -> {
            assertThat(r.id()).isEqualTo("pak-afg-us");
            assertThat(r.entities()).containsExactly("AF", "PK", "US");
        });
        assertThat(ComentionConfig.bundled()).isEqualTo(config);
    }

    @Test
    void anEmptyFileMeansAllDefaults() throws IOException {
        ComentionConfig config = ComentionConfig.load(configWith(""));
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.job().checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.counts().updateInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.alerts().firstSeenWarmUp()).isZero();
        assertThat(config.rules()).hasSize(1);
    }

    @Test
    void theBundledFileMustHoldEveryKeySinceItIsWhereTheDefaultsLive() throws IOException {
        ObjectNode tree = ConfigReader.readTree(Files.readString(Path.of("config/comention.yaml")), "comention.yaml");
        ((ObjectNode) tree.get("counts")).remove("update_interval");
        assertThatThrownBy(() -> ConfigReader.bind(tree, ComentionConfig.ConfigFile.class, "comention.yaml", true))
                .hasMessage("comention.yaml: counts.update_interval: is required");
    }

    @Test
    void aFileSaysOnlyWhatDiffersFromTheBundledOne() throws IOException {
        ComentionConfig bundled = ComentionConfig.bundled();
        ComentionConfig config = ComentionConfig.load(configWith("""
                counts:
                  update_interval: 1s
                  sizes: [2, 3, 4]
                alerts:
                  burst:
                    min_count: 9
                kafka:
                  properties:
                    linger.ms: 5
                job:
                """));
        assertThat(config.counts().updateInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.counts().maxSize()).isEqualTo(4);
        assertThat(config.counts().bucket()).isEqualTo(bundled.counts().bucket());
        assertThat(config.counts().horizons()).isEqualTo(bundled.counts().horizons());
        assertThat(config.alerts().burst().minCount()).isEqualTo(9);
        assertThat(config.alerts().burst().minScore())
                .isEqualTo(bundled.alerts().burst().minScore());
        assertThat(config.kafka().properties()).containsEntry("linger.ms", "5");
        assertThat(config.job()).as("an empty section keeps the bundled one").isEqualTo(bundled.job());
        assertThat(config.topics()).isEqualTo(bundled.topics());
    }

    @Test
    void aListReplacesTheBundledListAndMustStillAgreeWithTheRest() throws IOException {
        ComentionConfig config = ComentionConfig.load(configWith("counts:\n  horizons: [15m, 1h]\n"));
        assertThat(config.counts().horizons()).extracting(h -> h.label()).containsExactly("15m", "1h");
        assertThatThrownBy(() -> ComentionConfig.load(configWith("counts:\n  horizons: [1h, 24h]\n")))
                .hasMessageEndingWith(
                        "comention.yaml: alerts.burst.horizon: 15m is not one of counts.horizons [1h, 24h]");
    }

    @Test
    void unknownKeysAreRefusedWithThePathAndTheKnownOnes() throws IOException {
        assertThatThrownBy(() -> ComentionConfig.load(configWith("kafka:\n  bootstrap: x:1\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("comention.yaml: kafka.bootstrap: unknown key; known keys here: "
                        + "bootstrap_servers, group_id, properties, properties_file");
        assertThatThrownBy(() -> ComentionConfig.load(configWith("job:\n  paralelism: 2\n")))
                .as("as the README shows it")
                .hasMessageEndingWith(
                        "comention.yaml: job.paralelism: unknown key; known keys here: checkpoint_interval, "
                                + "max_parallelism, name, parallelism, snapshot_compression, starting_offsets, "
                                + "transaction_timeout");
        assertThatThrownBy(() -> ComentionConfig.load(configWith("counts:\n  update_intervall: 5s\n")))
                .hasMessageEndingWith("comention.yaml: counts.update_intervall: unknown key; known keys here: "
                        + "bucket, horizons, max_entities_in_larger_combinations, retention, sizes, update_interval");
        assertThatThrownBy(() -> ComentionConfig.load(configWith("alerts:\n  burst:\n    minscore: 3\n")))
                .hasMessageContaining(
                        "alerts.burst.minscore: unknown key; known keys here: enabled, half_life, horizon, "
                                + "min_count, min_score, noise_floor, warm_up");
        assertThatThrownBy(() -> ComentionConfig.load(configWith("rule_file: x.yaml\n")))
                .hasMessageContaining(
                        "rule_file: unknown key; known keys here: alerts, counts, events, input, job, kafka, "
                                + "near_duplicates, rules_file, tagging, topics");
        write("rules.yaml", "watch:\n  - id: r\n    entities: [AF, PK]\n    horizon: 1h\n    treshold: 2\n");
        assertThatThrownBy(() -> ComentionConfig.load(write("comention.yaml", "")))
                .hasMessageEndingWith(
                        "rules.yaml: watch[0].treshold: unknown key; known keys here: entities, horizon, id, threshold");
        write("rules.yaml", "watchlist:\n  - id: w\n");
        assertThatThrownBy(() -> ComentionConfig.load(write("comention.yaml", "")))
                .hasMessageEndingWith("rules.yaml: watchlist: unknown key; known keys here: watch, watchlists");
    }

    @Test
    void wrongTypesAndValuesNameTheField() throws IOException {
        Map<String, String> mistakes = new LinkedHashMap<>();
        mistakes.put("job:\n  parallelism: two\n", "job.parallelism: must be a whole number, was string 'two'");
        mistakes.put("job:\n  parallelism: 2.5\n", "job.parallelism: must be a whole number, was number '2.5'");
        mistakes.put("job:\n  parallelism: 2000\n", "job.parallelism: must be between 0 and 1024, was 2000");
        mistakes.put(
                "job:\n  checkpoint_interval: 10 seconds\n",
                "job.checkpoint_interval: '10 seconds' is not a duration: "
                        + "write a number and a unit, like 500ms, 30s, 15m, 1h or 7d");
        mistakes.put(
                "job:\n  checkpoint_interval: 10\n",
                "job.checkpoint_interval: must be a duration such as 30s, 15m, 1h or 7d, was number '10'");
        mistakes.put(
                "job:\n  transaction_timeout: 1h\n",
                "job.transaction_timeout: must not exceed 15m, the broker's default transaction.max.timeout.ms");
        mistakes.put(
                "job:\n  starting_offsets: newest\n",
                "job.starting_offsets: must be committed, earliest or latest, was 'newest'");
        mistakes.put("events:\n  idleness: 0s\n", "events.idleness: must be longer than zero");
        mistakes.put(
                "near_duplicates:\n  enabled: maybe\n",
                "near_duplicates.enabled: must be true or false, was string 'maybe'");
        mistakes.put(
                "near_duplicates:\n  min_similarity: '0.6'\n",
                "near_duplicates.min_similarity: must be a number, was string '0.6'");
        mistakes.put("topics:\n  raw: [a, b]\n", "topics.raw: must be a text value, was array");
        mistakes.put(
                "topics:\n  raw: news.tagged\n",
                "topics: each topic needs its own name; two are the same: "
                        + "[news.tagged, news.tagged, news.comention.counts, news.alerts, news.deadletter, news.control]");
        mistakes.put("counts:\n  horizons: [15m, 7m]\n", "counts.horizons: 7m is not a multiple of counts.bucket 5m");
        mistakes.put("counts:\n  horizons: [15m, soon]\n", "counts.horizons[1]: 'soon' is not a duration");
        mistakes.put("counts:\n  horizons: 15m\n", "counts.horizons: must be a list, was string '15m'");
        mistakes.put("counts:\n  horizons: [15m, ~]\n", "counts.horizons: must be a non-empty list of durations");
        mistakes.put(
                "counts:\n  horizons: []\n",
                "counts.horizons: must be a non-empty list of durations such as [15m, 1h, 24h]");
        mistakes.put(
                "counts:\n  sizes: [2, 5]\n", "counts.sizes: combination sizes must lie between 2 and 4, were [2, 5]");
        mistakes.put(
                "counts:\n  sizes: [2, 4]\n",
                "counts.sizes: must be consecutive, such as [2, 3] or [2, 3, 4]; were [2, 4]");
        mistakes.put("kafka: [1, 2]\n", "kafka: must be a mapping of keys to values, was array");
        mistakes.put(
                "kafka:\n  properties:\n    bootstrap.servers: x:1\n",
                "kafka.properties: set bootstrap servers with kafka.bootstrap_servers, not in properties");
        mistakes.put("just text\n", "comention.yaml: must be a mapping of keys to values, was string 'just text'");
        mistakes.put(
                "job:\n  name: [x\n",
                "comention.yaml: not valid YAML at line 3, column 1: expected ',' or ']', "
                        + "but got <stream end> (while parsing a flow sequence from line 2, column 9)");
        mistakes.put(
                "job:\n  name: a: b\n",
                "comention.yaml: not valid YAML at line 2, column 10: mapping values are not allowed here");
        for (var m : mistakes.entrySet()) {
            assertThatThrownBy(() -> ComentionConfig.load(configWith(m.getKey())))
                    .as(m.getKey())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(m.getValue())
                    .hasMessageNotContaining("\n")
                    .hasMessageNotContaining("com.fasterxml");
        }
    }

    @Test
    void badRulesNameTheRuleAndField() throws IOException {
        Path f = write("comention.yaml", "rules_file: my-rules.yaml\n");
        Map<String, String> mistakes = new LinkedHashMap<>();
        mistakes.put(
                "watch:\n  - id: r\n    entities: [AF]\n    horizon: 1h\n    threshold: 3\n",
                "my-rules.yaml: watch[0].entities: must name 2 to 3 distinct entity ids, was [AF]");
        mistakes.put(
                "watch:\n  - id: r\n    entities: [AF, AF]\n    horizon: 1h\n    threshold: 3\n",
                "watch[0].entities: must name 2 to 3 distinct entity ids, was [AF, AF]");
        mistakes.put(
                "watch:\n  - id: r\n    entities: [AF, PK]\n    horizon: 1h\n    threshold: 0\n",
                "watch[0].threshold: must be between 1 and 1000000, was 0");
        mistakes.put(
                "watch:\n  - id: r\n    entities: [AF, PK]\n    horizon: 2h\n    threshold: 3\n",
                "watch[0].horizon: 2h is not one of counts.horizons [15m, 1h, 24h]");
        mistakes.put("watch:\n  - id: r\n    entities: [AF, PK]\n    threshold: 3\n", "watch[0].horizon: is required");
        mistakes.put("watch:\n  - entities: [AF, PK]\n    horizon: 1h\n    threshold: 3\n", "watch[0].id: is required");
        mistakes.put(
                "watch:\n  - id: r\n    entities: [AF, PK]\n    horizon: 1h\n    threshold: 3\n"
                        + "  - id: r\n    entities: [AF, US]\n    horizon: 1h\n    threshold: 3\n",
                "watch[1].id: duplicate rule id 'r'");
        mistakes.put(
                "watchlists:\n  - id: w\n    entities: [IR, SA]\n    lookback: 30d\n",
                "watchlists[0].lookback: must not exceed counts.retention plus the longest horizon (8d): older meetings are forgotten");
        mistakes.put(
                "watchlists:\n  - id: w\n    entities: [IR]\n    lookback: 7d\n",
                "watchlists[0].entities: must name at least 2 distinct entity ids, was [IR]");
        mistakes.put("watch: {id: r}\n", "watch: must be a list, was object");
        for (var m : mistakes.entrySet()) {
            write("my-rules.yaml", m.getKey());
            assertThatThrownBy(() -> ComentionConfig.load(f)).as(m.getKey()).hasMessageContaining(m.getValue());
        }
    }

    @Test
    void missingFilesSayWhichAndHowToFix() throws IOException {
        assertThatThrownBy(() -> ComentionConfig.load(dir.resolve("nope.yaml")))
                .hasMessageContaining("nope.yaml: the configuration file does not exist");
        Path f = write("comention.yaml", "rules_file: missing.yaml\n");
        assertThatThrownBy(() -> ComentionConfig.load(f))
                .hasMessageContaining("missing.yaml: the rules file named by rules_file does not exist");
    }

    @Test
    void securitySettingsComeFromAPropertiesFileAndEnableConfigProviders() throws IOException {
        write("client.properties", "security.protocol=SASL_SSL\nsasl.jaas.config=${env:KAFKA_JAAS}\n");
        ComentionConfig config = ComentionConfig.load(configWith("kafka:\n  properties_file: client.properties\n"));
        var props = config.kafka().clientProperties();
        assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(props.getProperty("config.providers")).isEqualTo("env,file");
        assertThat(props.getProperty("bootstrap.servers")).isEqualTo("localhost:9092");
    }

    @Test
    void aPrintedConfigurationHidesSecrets() throws IOException {
        write(
                "client.properties",
                "security.protocol=SASL_SSL\nssl.truststore.password=tr-s3cret\n"
                        + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"pw-s3cret\";\n");
        ComentionConfig config = ComentionConfig.load(configWith("kafka:\n  properties_file: client.properties\n"));
        assertThat(config.toString())
                .contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]")
                .doesNotContain("s3cret");
    }
}
