package io.comention.kafka;

import io.comention.model.Alert;
import io.comention.model.CountUpdate;
import io.comention.model.DeadLetter;
import io.comention.model.Durations;
import io.comention.model.Json;
import io.comention.model.RawRecord;
import io.comention.model.TaggedArticle;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** The record serializers of the four output topics: what key each record gets and how its value is written. */
public final class Serializers {

    /** Dead-letter headers: why the record was rejected and where it came from. */
    public static final String H_ERROR_CLASS = "comention.error.class";

    public static final String H_ERROR_MESSAGE = "comention.error.message";
    public static final String H_SOURCE_TOPIC = "comention.source.topic";
    public static final String H_SOURCE_PARTITION = "comention.source.partition";
    public static final String H_SOURCE_OFFSET = "comention.source.offset";
    public static final String H_SOURCE_TIMESTAMP = "comention.source.timestamp";
    public static final String H_FAILED_AT = "comention.failed_at";

    private Serializers() {}

    /** {@code news.tagged}: key = article id. */
    public static KafkaRecordSerializationSchema<TaggedArticle> tagged(String topic) {
        return (tagged, ctx, ts) ->
                new ProducerRecord<>(topic, Json.utf8(tagged.article().id()), Json.tagged(tagged));
    }

    /** {@code news.comention.counts}: key = combination key, so compaction keeps the latest counts. */
    public static KafkaRecordSerializationSchema<CountUpdate> counts(String topic) {
        return (update, ctx, ts) ->
                new ProducerRecord<>(topic, Json.utf8(update.key()), Json.countUpdate(shortestHorizonFirst(update)));
    }

    /** State hands maps back unordered; readers expect 15m, 1h, 24h in that order. */
    static CountUpdate shortestHorizonFirst(CountUpdate u) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        u.counts().entrySet().stream()
                .sorted(Comparator.comparing(e -> Durations.parse(e.getKey())))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return new CountUpdate(
                u.key(), u.entities(), u.size(), ordered, u.total(), u.baseline(), u.sources(), u.updatedAt());
    }

    /** {@code news.alerts}: key = combination key. */
    public static KafkaRecordSerializationSchema<Alert> alerts(String topic) {
        return (alert, ctx, ts) -> new ProducerRecord<>(topic, Json.utf8(alert.key()), Json.alert(alert));
    }

    /** {@code news.deadletter}: the original key and value bytes untouched, the reason in headers. */
    public static KafkaRecordSerializationSchema<DeadLetter> deadLetters(String topic) {
        return (dead, ctx, ts) -> {
            RawRecord raw = dead.record();
            List<Header> headers = List.of(
                    header(H_ERROR_CLASS, dead.errorKind().name()),
                    header(H_ERROR_MESSAGE, dead.reason()),
                    header(H_SOURCE_TOPIC, raw.topic()),
                    header(H_SOURCE_PARTITION, Integer.toString(raw.partition())),
                    header(H_SOURCE_OFFSET, Long.toString(raw.offset())),
                    header(H_SOURCE_TIMESTAMP, Long.toString(raw.timestamp())),
                    header(H_FAILED_AT, dead.failedAt().toString()));
            return new ProducerRecord<>(topic, null, null, raw.key(), raw.value(), headers);
        };
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
