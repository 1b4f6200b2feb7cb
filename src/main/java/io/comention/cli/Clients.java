package io.comention.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Small Kafka client helpers for the commands, each failing with a message a user can act on. */
public final class Clients {

    private Clients() {}

    /** A byte consumer that sees only committed records and commits no offsets of its own. */
    static KafkaConsumer<byte[], byte[]> committedReader(Properties clientProps) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ComentionCli.UserError("could not reach Kafka to look up topic '" + topic + "' within "
                    + timeout.toSeconds() + " s; check --bootstrap-servers");
        }
        if (infos == null || infos.isEmpty()) {
            throw new ComentionCli.UserError("topic '" + topic + "' does not exist");
        }
        return infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    /** How long the commands wait for Kafka to answer before giving up with the address. */
    static final Duration REACH_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Fails fast with the address when no broker answers, and with a clear line when the broker refuses
     * the credentials or the TLS handshake (never echoing the settings, which may hold secrets).
     */
    static void requireReachable(Properties clientProps, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        String address = clientProps.getProperty("bootstrap.servers");
        requireSomeAddressListens(address);
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ComentionCli.UserError("invalid Kafka client settings for " + address + ": " + root.getMessage()
                    + "; check kafka.properties and kafka.properties_file");
        }
        try (admin) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof AuthenticationException) {
                throw new ComentionCli.UserError(
                        "Kafka at " + address + " refused the connection: " + cause.getMessage()
                                + "; check the user, password and TLS settings (sasl.jaas.config, ssl.truststore.*) in kafka.properties or kafka.properties_file");
            }
            throw new ComentionCli.UserError("cannot reach Kafka at " + clientProps.getProperty("bootstrap.servers")
                    + " within " + timeout.toSeconds() + " s ("
                    + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                    + "); check kafka.bootstrap_servers and the broker");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComentionCli.UserError("interrupted while contacting Kafka");
        }
    }

    /**
     * The quick answer for the usual mistake (wrong port, broker down): when no bootstrap address accepts a
     * TCP connection, say so at once instead of letting the client retry until its timeout.
     */
    private static void requireSomeAddressListens(String bootstrap) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new ComentionCli.UserError("no Kafka address: set kafka.bootstrap_servers or --bootstrap-servers");
        }
        String lastProblem = null;
        for (String address : bootstrap.split(",")) {
            String a = address.strip();
            int colon = a.lastIndexOf(':');
            if (colon < 1) {
                return; // not host:port; the client will judge it
            }
            try (Socket socket = new Socket()) {
                socket.connect(
                        new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))), 3000);
                return;
            } catch (NumberFormatException e) {
                return;
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        throw new ComentionCli.UserError("cannot reach Kafka at " + bootstrap + " (" + lastProblem
                + "); check kafka.bootstrap_servers (or --bootstrap-servers) and that the broker runs");
    }
}
