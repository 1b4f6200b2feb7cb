package io.comention.kafka;

import io.comention.config.ComentionConfig;
import io.comention.model.RawRecord;
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

    /** Reads {@code topics.raw}, from where {@code job.starting_offsets} says on a first start. */
    public static KafkaSource<RawRecord> articleSource(ComentionConfig config, boolean bounded) {
        return rawSource(config, config.topics().raw(), config.job().startingOffsets(), bounded);
    }

    /** Reads {@code topics.control} from its beginning on a first start: every standing change applies. */
    public static KafkaSource<RawRecord> controlSource(ComentionConfig config, boolean bounded) {
        return rawSource(config, config.topics().control(), "committed", bounded);
    }

    /** Reads {@code topic} as raw records; {@code bounded} stops at the offsets that are latest at start (tests, replays). */
    private static KafkaSource<RawRecord> rawSource(
            ComentionConfig config, String topic, String startingOffsets, boolean bounded) {
        var builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setProperties(config.kafka().clientProperties())
                .setTopics(topic)
                .setGroupId(config.kafka().groupId())
                .setStartingOffsets(startingOffsets(startingOffsets))
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
        producer.put(
                "transaction.timeout.ms",
                Long.toString(config.job().transactionTimeout().toMillis()));
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
