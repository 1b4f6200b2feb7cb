package io.comention.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Test helper: everything committed on a topic, read with {@code read_committed}.
 *
 * <p>A transaction's commit is acknowledged to its producer before the broker has written the commit
 * markers into every partition, and until then a {@code read_committed} reader's end (the last stable
 * offset) stops short of the transaction. Read right after a job finished, the last transaction would
 * look lost. So the reader first waits until the last stable offset reaches the log end offset: every
 * transaction written so far has been committed or aborted.
 */
public final class TopicReader {

    private TopicReader() {}

    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = settledEndOffsets(bootstrap, consumer, partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " in 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The committed end of each partition once no transaction written so far is pending on it: waits until
     * the last stable offset reaches the log end offset seen at the start, at most 90 s (longer than the
     * tests' transaction timeouts, after which the broker aborts a transaction left open); then it settles
     * for what is committed. Nothing beyond a pending transaction is readable with read_committed anyway.
     */
    private static Map<TopicPartition, Long> settledEndOffsets(
            String bootstrap, KafkaConsumer<byte[], byte[]> committed, List<TopicPartition> partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(props)) {
            Map<TopicPartition, Long> logEnd = uncommitted.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(90);
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                if (partitions.stream().allMatch(p -> stable.get(p) >= logEnd.get(p))) {
                    return stable;
                }
                if (Instant.now().isAfter(deadline)) {
                    return stable;
                }
                CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
                        .join();
            }
        }
    }
}
