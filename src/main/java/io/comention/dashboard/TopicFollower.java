package io.comention.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic from its beginning on its own thread with a {@code read_committed} consumer (no
 * consumer group, nothing committed) and hands every record to a callback. A topic that does not exist
 * yet is waited for; a broker that goes away is retried. Its state is reported to the model so the page
 * can say what it is waiting for.
 */
final class TopicFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final String topic;
    private final Properties props;
    private final DashboardModel model;
    private final Consumer<ConsumerRecord<byte[], byte[]>> onRecord;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch closeSignal = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean closing;

    TopicFollower(
            String topic,
            Properties clientProps,
            DashboardModel model,
            Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        this.topic = topic;
        this.model = model;
        this.onRecord = onRecord;
        this.props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.thread = new Thread(this::run, "dashboard-" + topic);
        thread.setDaemon(true);
    }

    TopicFollower start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!closing) {
                try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
                    consumer = c;
                    if (closing) {
                        return;
                    }
                    follow(c);
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    if (closing) {
                        return;
                    }
                    LOG.warn("reading {} failed; retrying in {}", topic, RETRY, e);
                    model.topicStatus(topic, "retrying: " + e.getClass().getSimpleName());
                    pause();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    private void follow(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
        List<PartitionInfo> infos = List.of();
        while (!closing) {
            try {
                infos = c.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (TimeoutException e) {
                infos = List.of();
            }
            if (infos != null && !infos.isEmpty()) {
                break;
            }
            model.topicStatus(topic, "waiting for the topic");
            pause();
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        model.topicStatus(topic, "reading");
        while (!closing) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                onRecord.accept(r);
            }
        }
    }

    /** Waits before a retry; returns at once when the follower is closed. */
    private void pause() throws InterruptedException {
        closeSignal.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closing = true;
        closeSignal.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            try {
                c.wakeup();
            } catch (RuntimeException alreadyClosed) {
                // the thread is past its consumer: nothing to wake
            }
        }
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                LOG.warn("the reader of {} did not stop within 10 s", topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
