package io.comention.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.config.ComentionConfig;
import io.comention.dashboard.DashboardServer;
import io.comention.kafka.Producers;
import io.comention.kafka.TopicAdmin;
import io.comention.model.Durations;
import io.comention.model.Json;
import io.comention.tools.sandbox.LocalKafkaBroker;
import io.comention.tools.sandbox.ScratchDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code comention demo}: a real Kafka broker in this JVM, the job on a local mini cluster, the bundled
 * sample feed replayed into {@code news.raw}, and every alert printed as it lands.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a Kafka broker (KRaft) in-process, creates the topics, runs the job on a local Flink",
            "mini cluster, replays the bundled sample feed and prints each alert as it arrives.",
            "While it runs, any Kafka client can use localhost:<kafka-port>. Ctrl-C stops it."
        })
final class DemoCommand implements Callable<Integer> {

    private static final String FEED = "demo/articles.jsonl";
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop by itself after this long, e.g. 90s or 5m (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--rate", defaultValue = "5", description = "Articles fed per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--feed",
            paramLabel = "FILE",
            description = "A JSONL file of articles to replay instead of the bundled feed.")
    Path feed;

    @Option(
            names = "--dashboard-port",
            defaultValue = "8080",
            description = "Port of the live dashboard page (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--no-dashboard", description = "Do not serve the dashboard page.")
    boolean noDashboard;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger fed = new AtomicInteger();

    @Override
    public Integer call() throws Exception {
        Duration limit = duration == null ? null : DurationConverter.positive("--duration", duration);
        if (rate <= 0) {
            throw new ComentionCli.UserError("--rate must be above 0, was " + rate);
        }
        List<String> articles = readFeed();
        Ports.requireFree(kafkaPort, "--kafka-port", "is another Kafka running? Choose another with --kafka-port");
        if (!noDashboard) {
            Ports.requireFree(
                    dashboardPort, "--dashboard-port", "choose another with --dashboard-port, or --no-dashboard");
        }
        PrintWriter out = spec.commandLine().getOut();
        Thread main = Thread.currentThread();
        UntilCtrlC ctrlC = UntilCtrlC.install(Duration.ofSeconds(60), () -> {
            stop.set(true);
            main.interrupt();
        });
        Path dataDir = Files.createTempDirectory("comention-demo-");
        LocalKafkaBroker broker = null;
        LocalJob job = null;
        DashboardServer dashboard = null;
        Thread feeder = null;
        try {
            out.printf("comention demo: starting Kafka (KRaft) on localhost:%d …%n", kafkaPort);
            out.flush();
            broker = LocalKafkaBroker.start(kafkaPort, dataDir);
            ComentionConfig bundled = ComentionConfig.bundled();
            ComentionConfig config = bundled.withBootstrapServers(broker.bootstrapServers())
                    .withJob(new ComentionConfig.Job(
                            "comention-demo",
                            2,
                            bundled.job().maxParallelism(),
                            bundled.job().checkpointInterval(),
                            Duration.ofMinutes(2),
                            "earliest"));
            TopicAdmin.ensureTopics(config.kafka().clientProperties(), config.topics(), 2, (short) 1);
            out.printf("topics: %s%n", String.join(", ", config.topics().all()));
            if (!noDashboard) {
                dashboard = DashboardCommand.start(config, "127.0.0.1", dashboardPort, "--dashboard-port");
                out.printf(
                        "dashboard: %s (alerts, top combinations and the co-mention network, live)%n",
                        dashboard.address());
            }
            out.printf(
                    "starting the Flink job on a local mini cluster (parallelism 2, checkpoints every %s) …%n",
                    Durations.format(config.job().checkpointInterval()));
            out.flush();
            job = LocalJob.start(config);
            out.printf(
                    "feeding %d sample articles into %s at %.0f/s; alerts print below as they arrive%n",
                    articles.size(), config.topics().raw(), rate);
            out.flush();
            feeder = startFeeder(config, articles);
            watch(config, articles.size(), limit, out, job);
        } catch (InterruptedException e) {
            // Ctrl-C while starting: fall through to the clean-up
        } finally {
            stop.set(true);
            Thread.interrupted();
            out.println("stopping …");
            out.flush();
            if (feeder != null) {
                feeder.interrupt();
                feeder.join(5000);
            }
            if (dashboard != null) {
                dashboard.close();
            }
            if (job != null) {
                job.close();
            }
            if (broker != null) {
                broker.close();
            }
            ScratchDirectories.deleteRecursively(dataDir);
            out.println("stopped.");
            out.flush();
            ctrlC.close();
        }
        return 0;
    }

    /** Prints alerts and a progress line until the duration has passed or Ctrl-C. */
    private void watch(ComentionConfig config, int total, Duration limit, PrintWriter out, LocalJob job) {
        var topics = config.topics();
        Instant deadline = limit == null ? Instant.MAX : Instant.now().plus(limit);
        long tagged = 0;
        long dead = 0;
        long alerts = 0;
        String lastProgress = "";
        Instant nextProgress = Instant.now().plusSeconds(3);
        try (KafkaConsumer<byte[], byte[]> consumer =
                Clients.committedReader(config.kafka().clientProperties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : List.of(topics.alerts(), topics.tagged(), topics.deadletter())) {
                partitions.addAll(Clients.partitionsOf(consumer, t, Duration.ofSeconds(15)));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stop.get() && Instant.now().isBefore(deadline)) {
                if (!job.isRunning()) {
                    out.println("the job stopped unexpectedly; see logs/comention.log");
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    if (r.topic().equals(topics.tagged())) {
                        tagged++;
                    } else if (r.topic().equals(topics.deadletter())) {
                        dead++;
                    } else if (r.value() != null) {
                        alerts++;
                        out.println(alertLine(r.value()));
                    }
                }
                String progress = String.format(
                        "  · fed %d/%d articles · tagged %d · dead letters %d · alerts %d",
                        fed.get(), total, tagged, dead, alerts);
                if (Instant.now().isAfter(nextProgress) && !progress.equals(lastProgress)) {
                    out.println(progress);
                    lastProgress = progress;
                    nextProgress = Instant.now().plusSeconds(3);
                }
                out.flush();
            }
        } catch (WakeupException | InterruptException e) {
            // Ctrl-C
        }
    }

    static String alertLine(byte[] value) {
        try {
            JsonNode a = Json.MAPPER.readTree(value);
            Instant start = Instant.parse(a.path("window_start").asText());
            Instant end = Instant.parse(a.path("window_end").asText());
            StringBuilder line = new StringBuilder();
            line.append("ALERT ")
                    .append(a.path("kind").asText())
                    .append(' ')
                    .append(a.path("rule").asText())
                    .append(" [")
                    .append(DAY_TIME.format(start))
                    .append("–")
                    .append((DAY.format(start).equals(DAY.format(end)) ? TIME : DAY_TIME).format(end))
                    .append(" UTC] ")
                    .append(a.path("explanation").asText());
            JsonNode articles = a.path("articles");
            if (articles.size() > 0) {
                line.append(" Latest: \"")
                        .append(articles.get(0).path("title").asText())
                        .append("\" (")
                        .append(articles.get(0).path("source").asText())
                        .append(")");
            }
            return line.toString();
        } catch (IOException | RuntimeException e) {
            return "ALERT " + new String(value, StandardCharsets.UTF_8);
        }
    }

    private Thread startFeeder(ComentionConfig config, List<String> articles) {
        long pauseNanos = (long) (1_000_000_000L / rate);
        Thread t = new Thread(
                () -> {
                    try (KafkaProducer<byte[], byte[]> producer =
                            Producers.acknowledged(config.kafka().clientProperties())) {
                        long next = System.nanoTime();
                        for (String line : articles) {
                            if (stop.get()) {
                                return;
                            }
                            producer.send(new ProducerRecord<>(
                                            config.topics().raw(),
                                            ProduceCommand.keyOf(line),
                                            line.getBytes(StandardCharsets.UTF_8)))
                                    .get();
                            fed.incrementAndGet();
                            next += pauseNanos;
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait); // pacing the replay, not synchronisation
                            }
                        }
                    } catch (InterruptedException | InterruptException e) {
                        // stopping
                    } catch (Exception e) {
                        LoggerFactory.getLogger(DemoCommand.class).warn("feeder stopped", e);
                    }
                },
                "demo-feeder");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private List<String> readFeed() throws IOException {
        String text;
        if (feed != null) {
            if (!Files.isRegularFile(feed)) {
                throw new ComentionCli.UserError(feed + ": no such file (--feed)");
            }
            text = Files.readString(feed, StandardCharsets.UTF_8);
        } else {
            try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(FEED)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled demo feed is missing from the classpath");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return text.lines().filter(l -> !l.isBlank()).toList();
    }
}
