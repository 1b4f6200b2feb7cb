package io.comention.kafka;

import io.comention.model.RawRecord;
import io.comention.pipeline.ComentionConfig;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The production Kafka source and sinks. Sinks are exactly-once: transactional, committed at each
 * checkpoint, each with its own transactional id prefix; readers must use {@code read_committed}.
 */
public final class KafkaConnectors {

    private KafkaConnectors() {}

    /** Reads {@code topics.raw}; {@code bounded} stops at the offsets that are latest at start (tests, replays). */
    public static KafkaSource<RawRecord> rawSource(ComentionConfig config, boolean bounded) {
        var builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(config.kafka().bootstrapServers())
                        .setProperties(config.kafka().clientProperties())
                        .setTopics(config.topics().raw())
                        .setGroupId(config.kafka().groupId())
                        .setStartingOffsets(startingOffsets(config.job().startingOffsets()))
                        .setDeserializer(new RawRecordDeserializer())
                        // commit offsets on checkpoints so operators can watch consumer lag
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .setProperty("partition.discovery.interval.ms", "60000");
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static OffsetsInitializer startingOffsets(String mode) {
        return switch (mode) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    /** An exactly-once sink for one output; {@code name} makes its transactional ids unique within the job. */
    public static <T> KafkaSink<T> exactlyOnceSink(
            ComentionConfig config, String name, KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = config.kafka().clientProperties();
        producer.put("transaction.timeout.ms", Long.toString(config.job().transactionTimeout().toMillis()));
        producer.put("compression.type", "lz4");
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.job().name() + "-" + name)
                .build();
    }
}
