package io.comention.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import io.comention.kafka.TopicAdmin;
import io.comention.model.Json;
import io.comention.pipeline.ComentionJob;
import io.comention.tools.sandbox.LocalKafkaBroker;
import io.comention.tools.sandbox.SandboxCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * comention against a Kafka broker that only lets in TLS clients with SCRAM-SHA-512 credentials
 * (certificate made by keytool, user created by the test): the CLI produces and tails and the job runs
 * on a mini cluster with the password from a secrets file (Kafka's file config provider) or from an
 * environment variable ({@code ${env:…}}, in a child process); a wrong password is refused in one
 * line; and the captured log output of all of it holds no password and, at INFO, no article text.
 */
class SecureKafkaITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final String USER = "comention-job";
    static final String PASSWORD = "pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    static final String WRONG_PASSWORD = "pw-wrong-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

    @TempDir
    static Path dir;

    static LocalKafkaBroker kafka;
    static Path caPem;
    static final Capture LOGS = new Capture();

    @BeforeAll
    static void startSecureKafka() throws Exception {
        LOGS.attach();
        String storePassword = "store-" + UUID.randomUUID();
        Path keystore = dir.resolve("broker.p12");
        caPem = dir.resolve("ca.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                storePassword,
                "-keypass",
                storePassword);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                keystore.toString(),
                "-storepass",
                storePassword,
                "-file",
                caPem.toString());
        kafka = LocalKafkaBroker.startWithSecureListener(
                Path.of(System.getProperty("java.io.tmpdir")),
                new LocalKafkaBroker.SecureListener(keystore, storePassword));
        kafka.createScramUser(USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        LOGS.detach();
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void cliAndJobConnectWithCredentialsFromAFileOrTheEnvironmentAndNothingSecretIsLogged() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path secrets = Files.writeString(
                dir.resolve("secrets-" + suffix + ".properties"), "kafka.password=" + PASSWORD + "\n");
        Path config = writeConfig(suffix, "${file:" + secrets.toAbsolutePath() + ":kafka.password}");
        ComentionConfig cfg = ComentionConfig.load(config);
        assertThat(cfg.kafka().bootstrapServers()).isEqualTo(kafka.secureBootstrapServers());
        Properties plaintext = new Properties();
        plaintext.put("bootstrap.servers", kafka.bootstrapServers());
        TopicAdmin.ensureTopics(plaintext, cfg.topics(), 2, (short) 1);

        // the CLI writes articles through the secure listener
        List<String> articles = sampleArticles(6);
        Path feed = Files.write(dir.resolve("feed-" + suffix + ".jsonl"), articles);
        CliTest.Run produced = CliTest.run(
                "produce",
                "--config",
                config.toString(),
                "--topic",
                cfg.topics().raw(),
                "--file",
                feed.toString());
        assertThat(produced.code()).as(produced.err()).isZero();
        assertThat(produced.out()).contains("produced 6 records");

        // the job reads and writes (exactly-once, transactional) through it
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ComentionJob.configure(env, cfg);
        ComentionJob.build(env, cfg, ComentionJob.kafkaSources(cfg, true), ComentionJob.kafkaSinks(cfg));
        env.execute(cfg.job().name());

        // the CLI reads the job's committed output back through it
        CliTest.Run tailed = CliTest.run(
                "tail",
                "--config",
                config.toString(),
                "--topic",
                cfg.topics().tagged(),
                "--from-beginning",
                "--max",
                "6");
        assertThat(tailed.code()).as(tailed.err()).isZero();
        List<String> ids = new ArrayList<>();
        for (String line : tailed.out().lines().toList()) {
            ids.add(Json.MAPPER.readTree(line).get("id").asText());
        }
        List<String> expectedIds = new ArrayList<>();
        for (String a : articles) {
            expectedIds.add(Json.MAPPER.readTree(a).get("id").asText());
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(expectedIds);

        // the same through an environment variable, as bin/comention runs for a user
        Path envConfig = writeConfig(suffix + "-env", "${env:COMENTION_TEST_KAFKA_PASSWORD}");
        Path childLogs = dir.resolve("child-logs-" + suffix);
        Launched child = launch(
                childLogs,
                PASSWORD,
                "tail",
                "--config",
                envConfig.toString(),
                "--topic",
                cfg.topics().tagged(),
                "--from-beginning",
                "--max",
                "6",
                "--keys");
        assertThat(child.code()).as(child.err()).isZero();
        assertThat(child.out().lines().map(l -> l.substring(0, l.indexOf('\t'))).toList())
                .containsExactlyInAnyOrderElementsOf(expectedIds);

        // a wrong password: one clear line, exit code 2, for each command that connects
        Path wrong = Files.writeString(
                dir.resolve("wrong-" + suffix + ".properties"), "kafka.password=" + WRONG_PASSWORD + "\n");
        Path wrongConfig = writeConfig(suffix + "-wrong", "${file:" + wrong.toAbsolutePath() + ":kafka.password}");
        for (String[] args : List.of(
                new String[] {
                    "tail",
                    "--config",
                    wrongConfig.toString(),
                    "--topic",
                    cfg.topics().tagged()
                },
                new String[] {
                    "produce",
                    "--config",
                    wrongConfig.toString(),
                    "--topic",
                    cfg.topics().raw(),
                    "--file",
                    feed.toString()
                },
                new String[] {"run", "--config", wrongConfig.toString()})) {
            CliTest.Run refused = CliTest.run(args);
            assertThat(refused.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(refused.err().strip())
                    .startsWith("error: Kafka at " + kafka.secureBootstrapServers()
                            + " refused the connection: Authentication failed")
                    .contains("invalid credentials with SASL mechanism SCRAM-SHA-512")
                    .doesNotContain("\n")
                    .doesNotContain(WRONG_PASSWORD);
        }

        // nothing secret in any log: this JVM's (broker, job, CLI) and the child's log file
        List<String> events = LOGS.events();
        assertThat(events).as("captured log events").hasSizeGreaterThan(50);
        assertThat(events)
                .as("Kafka clients logged their (masked) settings")
                .anyMatch(e -> e.contains("sasl.jaas.config = [hidden]"));
        assertThat(events).noneMatch(e -> e.contains(PASSWORD) || e.contains(WRONG_PASSWORD));
        String childLog = readAll(childLogs);
        assertThat(childLog).doesNotContain(PASSWORD).doesNotContain(WRONG_PASSWORD);
        for (String a : articles) {
            String body = Json.MAPPER.readTree(a).get("body").asText();
            String excerpt = body.substring(0, Math.min(40, body.length()));
            assertThat(events)
                    .filteredOn(e -> !e.startsWith("DEBUG") && !e.startsWith("TRACE"))
                    .as("article text at INFO or above")
                    .noneMatch(e -> e.contains(excerpt));
            assertThat(childLog).doesNotContain(excerpt);
        }
    }

    private Path writeConfig(String suffix, String passwordReference) throws IOException {
        Path props = dir.resolve("client-" + suffix + ".properties");
        Files.writeString(
                props,
                String.join(
                        "\n",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                                + USER + "\" password=\"" + passwordReference + "\";",
                        "ssl.truststore.type=PEM",
                        "ssl.truststore.location=" + caPem.toAbsolutePath(),
                        ""));
        Files.writeString(dir.resolve("rules.yaml"), "watch: []\n");
        String topicSuffix = suffix.substring(0, 8);
        return Files.writeString(
                dir.resolve("comention-" + suffix + ".yaml"),
                String.join(
                        "\n",
                        "kafka:",
                        "  bootstrap_servers: " + kafka.secureBootstrapServers(),
                        "  properties_file: " + props.getFileName(),
                        "topics:",
                        "  raw: raw-" + topicSuffix,
                        "  tagged: tagged-" + topicSuffix,
                        "  counts: counts-" + topicSuffix,
                        "  alerts: alerts-" + topicSuffix,
                        "  deadletter: deadletter-" + topicSuffix,
                        "  control: control-" + topicSuffix,
                        "job:",
                        "  name: secure-" + topicSuffix,
                        "  checkpoint_interval: 1s",
                        "  transaction_timeout: 1m",
                        "  starting_offsets: earliest",
                        ""));
    }

    record Launched(int code, String out, String err) {}

    /** {@code bin/comention} in a child process with the password in its environment only. */
    private static Launched launch(Path logDir, String password, String... args) throws Exception {
        Path root = SandboxCluster.buildDirectory().getParent();
        Files.setLastModifiedTime(root.resolve("target/launcher.classpath"), FileTime.from(Instant.now()));
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/comention").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("COMENTION_TEST_KAFKA_PASSWORD", password);
        pb.environment().put("COMENTION_LOG_DIR", logDir.toString());
        pb.environment().put("COMENTION_JAVA_OPTS", "-Djava.io.tmpdir=" + dir);
        Process p = pb.start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS))
                    .as("bin/comention ended")
                    .isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Launched(p.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    private static String readAll(Path logDir) throws IOException {
        StringBuilder b = new StringBuilder();
        if (Files.isDirectory(logDir)) {
            try (var files = Files.list(logDir)) {
                for (Path f : files.toList()) {
                    b.append(Files.readString(f, UTF_8));
                }
            }
        }
        return b.toString();
    }

    private static List<String> sampleArticles(int n) throws IOException {
        try (InputStream in = SecureKafkaITCase.class.getClassLoader().getResourceAsStream("demo/articles.jsonl")) {
            return new String(in.readAllBytes(), UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .limit(n)
                    .toList();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    /**
     * Every log event of this JVM while attached, as "LEVEL logger message stack-trace". Kafka's client
     * packages are lowered to INFO meanwhile, so their configuration dumps are part of what is checked.
     */
    static final class Capture extends AbstractAppender {
        private static final List<String> LOUDER = List.of("org.apache.kafka.clients", "org.apache.kafka.common");
        private final List<String> events = new CopyOnWriteArrayList<>();

        Capture() {
            super("secure-kafka-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            StringBuilder b = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
                    + event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                StringWriter trace = new StringWriter();
                event.getThrown().printStackTrace(new PrintWriter(trace));
                b.append(' ').append(trace);
            }
            events.add(b.toString());
        }

        List<String> events() {
            return List.copyOf(events);
        }

        void attach() {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            start();
            ctx.getConfiguration().addAppender(this);
            ctx.getConfiguration().getRootLogger().addAppender(this, null, null);
            LOUDER.forEach(name -> Configurator.setLevel(name, Level.INFO));
            ctx.updateLoggers();
        }

        void detach() {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            ctx.getConfiguration().getRootLogger().removeAppender(getName());
            LOUDER.forEach(name -> Configurator.setLevel(name, Level.WARN));
            ctx.updateLoggers();
            stop();
        }
    }
}
