package io.comention.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComentionConfigTest {

    @TempDir Path dir;

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
    void unknownKeysAreRefusedWithTheKnownOnes() throws IOException {
        Path f = configWith("kafka:\n  bootstrap: x:1\n");
        assertThatThrownBy(() -> ComentionConfig.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("comention.yaml: kafka.bootstrap: unknown key; known keys here:")
                .hasMessageContaining("bootstrap_servers");
    }

    @Test
    void wrongTypesAndValuesNameTheField() throws IOException {
        assertThatThrownBy(() -> ComentionConfig.load(configWith("job:\n  parallelism: two\n")))
                .hasMessageContaining("job.parallelism: must be a whole number");
        assertThatThrownBy(() -> ComentionConfig.load(configWith("job:\n  checkpoint_interval: 10 seconds\n")))
                .hasMessageContaining("job.checkpoint_interval: '10 seconds' is not a duration");
        assertThatThrownBy(() -> ComentionConfig.load(configWith("job:\n  transaction_timeout: 1h\n")))
                .hasMessageContaining("job.transaction_timeout: must not exceed 15m");
        assertThatThrownBy(() -> ComentionConfig.load(configWith("counts:\n  horizons: [15m, 7m]\n")))
                .hasMessageContaining("counts.horizons: 7m is not a multiple of counts.bucket 5m");
        assertThatThrownBy(() -> ComentionConfig.load(configWith("kafka: [1, 2]\n")))
                .hasMessageContaining("kafka: must be a mapping");
        assertThatThrownBy(() -> ComentionConfig.load(configWith("job:\n  name: [x\n")))
                .hasMessageContaining("not valid YAML at line");
    }

    @Test
    void badRulesNameTheRuleAndField() throws IOException {
        Path f = write("comention.yaml", "rules_file: my-rules.yaml\n");
        write("my-rules.yaml", "watch:\n  - id: r\n    entities: [AF]\n");
        assertThatThrownBy(() -> ComentionConfig.load(f)).hasMessageContaining("my-rules.yaml: watch[0].entities: must name 2 to 3 distinct entity ids");
        write("my-rules.yaml", "watch:\n  - id: r\n    entities: [AF, PK]\n    threshold: 0\n");
        assertThatThrownBy(() -> ComentionConfig.load(f)).hasMessageContaining("watch[0].threshold: must be between 1 and");
        write("my-rules.yaml", "watch:\n  - id: r\n    entities: [AF, PK]\n    horizon: 2h\n");
        assertThatThrownBy(() -> ComentionConfig.load(f)).hasMessageContaining("watch[0].horizon: 2h is not one of counts.horizons");
    }

    @Test
    void missingFilesSayWhichAndHowToFix() throws IOException {
        assertThatThrownBy(() -> ComentionConfig.load(dir.resolve("nope.yaml")))
                .hasMessageContaining("nope.yaml: the configuration file does not exist");
        Path f = write("comention.yaml", "rules_file: missing.yaml\n");
        assertThatThrownBy(() -> ComentionConfig.load(f)).hasMessageContaining("missing.yaml: the rules file named by rules_file does not exist");
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
        write("client.properties", "security.protocol=SASL_SSL\nssl.truststore.password=tr-s3cret\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"pw-s3cret\";\n");
        ComentionConfig config = ComentionConfig.load(configWith("kafka:\n  properties_file: client.properties\n"));
        assertThat(config.toString()).contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]")
                .doesNotContain("s3cret");
    }
}
