package io.comention.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Small Kafka client helpers for the commands, each failing with a message a user can act on. */
final class Clients {

    private Clients() {}

    static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ComentionCli.UserError("could not reach Kafka to look up topic '" + topic + "' within " + timeout.toSeconds() + " s; check --bootstrap-servers");
        }
        if (infos == null || infos.isEmpty()) {
            throw new ComentionCli.UserError("topic '" + topic + "' does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /** Fails fast with the address when no broker answers. */
    static void requireReachable(Properties clientProps, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ComentionCli.UserError("cannot reach Kafka at " + clientProps.getProperty("bootstrap.servers")
                    + " within " + timeout.toSeconds() + " s (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + "); check kafka.bootstrap_servers and the broker");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComentionCli.UserError("interrupted while contacting Kafka");
        }
    }

    /** Whether nothing listens on {@code port} on this machine. */
    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("localhost"))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
