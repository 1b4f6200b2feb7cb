package io.comention.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.config.ComentionConfig;
import io.comention.kafka.TopicAdmin;
import io.comention.model.Durations;
import io.comention.ops.FlinkRest;
import io.comention.pipeline.Metrics;
import io.comention.tools.sandbox.LocalKafkaBroker;
import io.comention.tools.sandbox.ScratchDirectories;
import io.comention.tools.simulation.SyntheticArticles;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code comention soak}: the whole job at constant load for a set time, on an embedded broker and a
 * local mini cluster, reporting at intervals the heap in use after a full GC and the size of the latest
 * checkpoint (the job's state), so a leak shows as a line that keeps climbing. Not part of the tests.
 */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the job (embedded Kafka broker, local Flink mini cluster) at a constant rate of synthetic",
            "articles for --duration and prints, every --interval, the heap used after a full GC and the latest",
            "checkpoint's size. Event time runs --speed times faster than the wall clock so buckets close, BURST",
            "warms up and combinations expire within the run; --retention shortens the article-id and",
            "near-duplicate memories (processing-time TTLs, 7d and 2d by default) so they reach their steady size",
            "too. The last line compares the first and last reports."
        })
final class SoakCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--duration",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "How long to run (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--rate", defaultValue = "50", description = "Articles per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--interval",
            defaultValue = "1m",
            converter = DurationConverter.class,
            description = "Time between reports (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--speed",
            defaultValue = "300",
            description =
                    "Event-time seconds per wall-clock second (default: ${DEFAULT-VALUE}: 10 minutes cover 50 hours).")
    int speed;

    @Option(
            names = "--retention",
            defaultValue = "2m",
            converter = DurationConverter.class,
            description =
                    "input.dedup_retention and near_duplicates.retention for the run (default: ${DEFAULT-VALUE}).")
    Duration retention;

    @Mixin
    ConfigOption config;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong produced = new AtomicLong();

    /** One report line's figures. */
    record Sample(Duration elapsed, long produced, double read, double heapMiB, long checkpoint, double stateMiB) {}

    @Override
    public Integer call() throws Exception {
        Duration total = DurationConverter.positive("--duration", duration);
        Duration every = DurationConverter.positive("--interval", interval);
        Duration ttl = DurationConverter.positive("--retention", retention);
        if (rate < 1 || speed < 1) {
            throw new ComentionCli.UserError("--rate and --speed must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dataDir = Files.createTempDirectory("comention-soak-");
        LocalKafkaBroker broker = null;
        LocalJob job = null;
        Thread feeder = null;
        List<Sample> samples = new ArrayList<>();
        try {
            broker = LocalKafkaBroker.start(0, dataDir);
            ComentionConfig config = soakConfig(broker.bootstrapServers(), ttl);
            TopicAdmin.ensureTopics(
                    config.kafka().clientProperties(),
                    config.topics(),
                    config.job().localParallelism(),
                    (short) 1);
            int restPort = Ports.anyFree();
            Configuration cluster = new Configuration();
            cluster.set(RestOptions.BIND_PORT, Integer.toString(restPort));
            cluster.set(RestOptions.PORT, restPort);
            job = LocalJob.start(config, cluster);
            FlinkRest rest = new FlinkRest("http://localhost:" + restPort);
            out.printf(
                    "soak: %d articles/s for %s, event time x%d, retention %s, checkpoints every %s, parallelism %d; "
                            + "Flink REST on %s; reports every %s%n",
                    rate,
                    Durations.format(total),
                    speed,
                    Durations.format(ttl),
                    Durations.format(config.job().checkpointInterval()),
                    config.job().localParallelism(),
                    rest.url(),
                    Durations.format(every));
            out.println("elapsed  produced      read  heap-after-gc  checkpoint  state");
            out.flush();
            feeder = startFeeder(config, total);
            Instant start = Instant.now();
            Instant next = start.plus(every);
            while (!stop.get()) {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), next).toMillis()));
                if (!job.isRunning()) {
                    out.println("the job stopped unexpectedly; see logs/comention.log");
                    return 1;
                }
                Sample s = sample(Duration.between(start, Instant.now()), rest, job.jobId());
                samples.add(s);
                out.printf(
                        "%7s  %8d  %8.0f  %9.1f MiB  %10d  %5.2f MiB%n",
                        Durations.format(round(s.elapsed())),
                        s.produced(),
                        s.read(),
                        s.heapMiB(),
                        s.checkpoint(),
                        s.stateMiB());
                out.flush();
                if (!Instant.now().isBefore(start.plus(total))) {
                    break;
                }
                next = next.plus(every);
            }
        } finally {
            stop.set(true);
            if (feeder != null) {
                feeder.join(5000);
            }
            if (job != null) {
                job.close();
            }
            if (broker != null) {
                broker.close();
            }
            ScratchDirectories.deleteRecursively(dataDir);
        }
        out.println(summary(samples));
        return 0;
    }

    private ComentionConfig soakConfig(String bootstrap, Duration ttl) {
        ComentionConfig base = config.load();
        var j = base.job();
        ComentionConfig c = base.withBootstrapServers(bootstrap)
                .withJob(new ComentionConfig.Job(
                        "comention-soak",
                        j.parallelism(),
                        j.maxParallelism(),
                        j.checkpointInterval(),
                        j.transactionTimeout(),
                        "earliest",
                        j.snapshotCompression()));
        return new ComentionConfig(
                c.kafka(),
                c.topics(),
                c.job(),
                new ComentionConfig.Input(c.input().maxRecordBytes(), ttl),
                c.events(),
                c.tagging(),
                c.counts(),
                new ComentionConfig.NearDuplicates(
                        c.nearDuplicates().enabled(), ttl, c.nearDuplicates().minSimilarity()),
                c.alerts(),
                c.rules(),
                c.watchlists());
    }

    /** Sends article i at i / rate seconds; event times start in the past so none is implausibly new. */
    private Thread startFeeder(ComentionConfig config, Duration total) {
        Duration spacing = Duration.ofMillis(1000L * speed / rate);
        Instant firstEvent = Instant.now().minus(total.multipliedBy(speed)).minus(Duration.ofDays(1));
        SyntheticArticles feed = new SyntheticArticles(1, firstEvent, spacing, "soak");
        Thread t = new Thread(
                () -> {
                    Properties props = config.kafka().clientProperties();
                    props.put("linger.ms", "20");
                    long t0 = System.nanoTime();
                    try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                        long i = 0;
                        while (!stop.get()) {
                            long due = (System.nanoTime() - t0) / 1_000_000L * rate / 1000L;
                            for (; i < due; i++) {
                                producer.send(
                                        new ProducerRecord<>(config.topics().raw(), feed.id(i), feed.json(i)));
                                produced.incrementAndGet();
                            }
                            Thread.sleep(20);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "soak-feeder");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private Sample sample(Duration elapsed, FlinkRest rest, String jobId) {
        long producedNow = produced.get();
        System.gc();
        double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        long checkpoint = -1;
        double state = Double.NaN;
        double read = Double.NaN;
        try {
            JsonNode latest = rest.checkpoints(jobId).path("latest").path("completed");
            if (latest.isObject()) {
                checkpoint = latest.path("id").asLong();
                state = latest.path("checkpointed_size")
                                .asLong(latest.path("state_size").asLong())
                        / 1048576.0;
            }
            read = rest.jobMetrics(jobId, Set.of(Metrics.ARTICLES_READ), "sum")
                    .getOrDefault(Metrics.ARTICLES_READ, Double.NaN);
        } catch (FlinkRest.RestException e) {
            // reported as missing figures on this line
        }
        return new Sample(elapsed, producedNow, read, heap, checkpoint, state);
    }

    /** First and last report, and the largest, for heap and state. */
    static String summary(List<Sample> samples) {
        if (samples.isEmpty()) {
            return "soak: no report (the run was shorter than --interval)";
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        double maxHeap = samples.stream().mapToDouble(Sample::heapMiB).max().orElse(Double.NaN);
        double maxState = samples.stream()
                .mapToDouble(Sample::stateMiB)
                .filter(d -> !Double.isNaN(d))
                .max()
                .orElse(Double.NaN);
        return String.format(
                "soak: %d articles in %s; heap after GC %.1f -> %.1f MiB (max %.1f); checkpoint state %.2f -> %.2f MiB (max %.2f)",
                last.produced(),
                Durations.format(round(last.elapsed())),
                first.heapMiB(),
                last.heapMiB(),
                maxHeap,
                first.stateMiB(),
                last.stateMiB(),
                maxState);
    }

    private static Duration round(Duration d) {
        return Duration.ofSeconds(Math.round(d.toMillis() / 1000.0));
    }
}
