package io.comention.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The plain producer that writes input from outside the job ({@code produce}, {@code rule add}, the demo
 * and benchmark feeders): every record acknowledged by all in-sync replicas, sent at once, and a
 * broker that stops answering reported within seconds instead of blocking the command.
 */
public final class Producers {

    private Producers() {}

    /** A byte-array producer with {@code clientProps} (bootstrap servers, security) and the settings above. */
    public static KafkaProducer<byte[], byte[]> acknowledged(Properties clientProps) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
