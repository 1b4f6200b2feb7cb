package io.comention.tools.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM.
 * Used by the demo, the sandbox command and the integration tests. Its log directory is created under
 * the given parent and deleted again on {@link #close()} unless it was supplied by the caller.
 *
 * <p>{@link #startWithSecureListener} adds a second, authenticated listener for security tests: TLS with
 * the given keystore and SASL/SCRAM-SHA-512; users are created with {@link #createScramUser}. The
 * PLAINTEXT listener stays for the broker itself and for test set-up.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    /** A SASL_SSL listener: TLS with this PKCS12 keystore (key and store share the password), SCRAM-SHA-512 logins. */
    public record SecureListener(Path keystore, String keystorePassword) {}

    private final int port;
    private final int securePort;
    private final Path logDir;
    private final boolean ownsLogDir;
    private final KafkaRaftServer server;

    private LocalKafkaBroker(int port, int securePort, Path logDir, boolean ownsLogDir, KafkaRaftServer server) {
        this.port = port;
        this.securePort = securePort;
        this.logDir = logDir;
        this.ownsLogDir = ownsLogDir;
        this.server = server;
    }

    /** Starts a broker on {@code port} (0 picks a free one) with a fresh log directory under {@code parent}. */
    public static LocalKafkaBroker start(int port, Path parent) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "kafka-");
        return start(port, dir, true, null);
    }

    /** Like {@link #start}, plus a SASL_SSL listener on another free port ({@link #secureBootstrapServers()}). */
    public static LocalKafkaBroker startWithSecureListener(Path parent, SecureListener secure) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "kafka-");
        return start(0, dir, true, secure);
    }

    /** Starts a broker on {@code port} keeping its data in {@code logDir} (formatted on first use). */
    public static LocalKafkaBroker startPersistent(int port, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        return start(port, logDir, false, null);
    }

    private static LocalKafkaBroker start(int requestedPort, Path logDir, boolean ownsLogDir, SecureListener secure)
            throws IOException {
        int port = requestedPort == 0 ? freePort() : requestedPort;
        int controllerPort = freePort();
        int securePort = secure == null ? -1 : freePort();
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@localhost:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.resolve("data").toString()),
                Map.entry("num.partitions", "2"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "4"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("log.cleaner.backoff.ms", "1000")));
        if (secure != null) {
            String store = secure.keystore().toAbsolutePath().toString();
            props.putAll(Map.of(
                    "listeners",
                    "PLAINTEXT://localhost:" + port + ",SECURE://localhost:" + securePort + ",CONTROLLER://localhost:"
                            + controllerPort,
                    "advertised.listeners",
                    "PLAINTEXT://localhost:" + port + ",SECURE://localhost:" + securePort,
                    "listener.security.protocol.map",
                    "PLAINTEXT:PLAINTEXT,SECURE:SASL_SSL,CONTROLLER:PLAINTEXT",
                    "sasl.enabled.mechanisms",
                    "SCRAM-SHA-512",
                    "listener.name.secure.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                    "listener.name.secure.ssl.keystore.location",
                    store,
                    "listener.name.secure.ssl.keystore.password",
                    secure.keystorePassword(),
                    "listener.name.secure.ssl.key.password",
                    secure.keystorePassword(),
                    "listener.name.secure.ssl.keystore.type",
                    "PKCS12"));
        }
        Path propsFile = logDir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(propsFile)) {
            props.store(out, "comention local broker");
        }
        if (!Files.exists(logDir.resolve("data").resolve("meta.properties"))) {
            format(propsFile);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LocalKafkaBroker broker = new LocalKafkaBroker(port, securePort, logDir, ownsLogDir, server);
        try {
            broker.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private static void format(Path propsFile) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc = StorageTool.execute(
                new String[] {
                    "format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString(), "--ignore-formatted"
                },
                new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException(
                    "could not format the Kafka log directory: " + captured.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady(Duration timeout) {
        awaitAnswer(bootstrapServers(), timeout, () -> null);
    }

    /**
     * Waits until a broker at {@code bootstrap} answers with its cluster's nodes. {@code whyGone} is asked
     * between attempts: a non-null answer (e.g. a child process that ended, with its console's tail) stops
     * the wait with that reason; so does the {@code timeout}.
     */
    public static void awaitAnswer(String bootstrap, Duration timeout, Supplier<String> whyGone) {
        Instant deadline = Instant.now().plus(timeout);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            while (true) {
                String gone = whyGone.get();
                if (gone != null) {
                    throw new IllegalStateException("the Kafka broker at " + bootstrap + " is gone: " + gone);
                }
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(3, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException(
                                "the Kafka broker at " + bootstrap + " did not become ready in " + timeout, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** The SASL_SSL listener's address; only for a broker from {@link #startWithSecureListener}. */
    public String secureBootstrapServers() {
        if (securePort < 0) {
            throw new IllegalStateException("this broker has no secure listener");
        }
        return "localhost:" + securePort;
    }

    /** Creates (or updates) a SCRAM-SHA-512 user through the PLAINTEXT listener. */
    public void createScramUser(String user, String password) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create SCRAM user " + user, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (ownsLogDir) {
            ScratchDirectories.deleteRecursively(logDir);
        }
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
