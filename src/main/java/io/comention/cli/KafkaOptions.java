package io.comention.cli;

import io.comention.config.ComentionConfig;
import java.util.Properties;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The Kafka connection options shared by the client commands; security settings come from --config only. */
final class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: from --config, else localhost:9092).")
    String bootstrapServers;

    /** Its kafka section (client properties, security) and topic names are what the client uses. */
    @Mixin
    ConfigOption configFile;

    ComentionConfig config() {
        ComentionConfig c = configFile.load();
        return bootstrapServers == null ? c : c.withBootstrapServers(bootstrapServers);
    }

    Properties clientProperties() {
        return config().kafka().clientProperties();
    }

    /** The client properties, after checking within seconds that Kafka answers and accepts the credentials. */
    Properties checkedClientProperties() {
        Properties props = clientProperties();
        Clients.requireReachable(props, Clients.REACH_TIMEOUT);
        return props;
    }
}
