package io.comention.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Test helper: writes a test's input so that every record lands exactly once, or the test fails right
 * there, never later as a "lost" article.
 *
 * <p>Why: on a busy machine the first produce request to a topic created a moment before can meet a
 * broker that has not yet become the partition's leader ({@code NOT_LEADER_OR_FOLLOWER}). With several
 * requests in flight, an idempotent producer's later batches then land first, and the retried first
 * batch is refused for ever as out of sequence until it expires: a fire-and-forget {@code send} loses
 * it silently (seen as a failure-free run missing 36 of 20,000 articles). One request in flight keeps
 * the batches in order across retries; generous timeouts ride out a slow broker; and every send's
 * result is checked.
 */
public final class TestInput {

    private TestInput() {}

    /** {@code client} plus the producer settings that keep a test's input complete and in order. */
    public static Properties reliable(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        return p;
    }

    /** Writes {@code records} in order and returns once every one is acknowledged; fails if any is not. */
    public static <K, V> void produce(
            Properties client, Serializer<K> keys, Serializer<V> values, List<ProducerRecord<K, V>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(reliable(client), keys, values)) {
            for (ProducerRecord<K, V> r : records) {
                sent.add(producer.send(r));
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get();
                } catch (ExecutionException e) {
                    throw new AssertionError(
                            "could not write test input record " + i + " of " + records.size() + " to "
                                    + records.get(i).topic() + ": " + e.getCause(),
                            e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while writing test input", e);
        }
    }
}
