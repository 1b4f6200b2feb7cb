package io.comention.tools.bench;

import io.comention.config.ComentionConfig;
import io.comention.kafka.TopicAdmin;
import io.comention.model.Durations;
import io.comention.model.Json;
import io.comention.model.RawRecord;
import io.comention.pipeline.ComentionJob;
import io.comention.tools.sandbox.LocalKafkaBroker;
import io.comention.tools.sandbox.ScratchDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bench pipeline --kafka}: the job as deployed, with Kafka in the loop. A Kafka broker runs in a
 * process of its own (a child JVM, {@link BrokerProcess}), so its CPU is measured apart from the job's.
 * The articles of the in-memory benchmark ({@link PipelineBenchmark#articles}) are written to
 * {@code news.raw} first; each run is then a fresh job reading the topic from its first offset into
 * output topics, a job name (transactional ids) and a consumer group of its own
 * ({@link ComentionConfig#withOutputSuffix}), with the Kafka source, the exactly-once Kafka sinks and the
 * checkpoint interval of the bundled configuration: what a replay of {@code news.raw} does. A run ends
 * when a {@code read_committed} consumer has counted every article on the run's tagged topic; then the
 * job is cancelled.
 *
 * <p>Measured per run, from submission until the last article is committed: wall clock, CPU of this JVM
 * (the job's tasks, Kafka clients, JIT, GC) less the counting consumer's thread, and CPU of the broker
 * process (from {@link ProcessHandle.Info#totalCpuDuration()}, i.e. {@code /proc/<pid>/stat}).
 */
public final class KafkaPipelineBenchmark {

    private KafkaPipelineBenchmark() {}

    /** How often a run prints its progress. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    /** One run: articles committed on the tagged topic, and what it cost. */
    public record Result(
            int articles,
            Duration elapsed,
            Duration jobCpu,
            Duration brokerCpu,
            Duration counterCpu,
            long taggedTwice) {

        public double articlesPerJobCpuSecond() {
            return articles / (jobCpu.toNanos() / 1e9);
        }

        public double articlesPerSecond() {
            return articles / (elapsed.toNanos() / 1e9);
        }

        /** Broker CPU seconds per 1,000 articles. */
        public double brokerCpuPerThousand() {
            return brokerCpu.toNanos() / 1e9 / articles * 1000;
        }
    }

    /** A broker in a child JVM and the articles written to its {@code news.raw}. */
    public static final class Setup implements AutoCloseable {
        private final Path dir;
        private final Process broker;
        private final String bootstrap;
        private final ComentionConfig config;
        private final int articles;
        private final PrintWriter out;
        private final Thread onCtrlC;
        private int runs;

        private Setup(
                Path dir, Process broker, String bootstrap, ComentionConfig config, int articles, PrintWriter out) {
            this.dir = dir;
            this.out = out;
            this.broker = broker;
            this.bootstrap = bootstrap;
            this.config = config;
            this.articles = articles;
            // Ctrl-C skips close(): the broker ends with our stdin, its directory has to go here
            this.onCtrlC = new Thread(() -> {
                broker.destroyForcibly();
                try {
                    broker.waitFor(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ScratchDirectories.deleteRecursively(dir);
            });
            Runtime.getRuntime().addShutdownHook(onCtrlC);
        }

        public long brokerPid() {
            return broker.pid();
        }

        public ComentionConfig config() {
            return config;
        }

        /**
         * Runs the job once over the whole topic into topics of its own and returns when every article is
         * committed on the tagged topic (or fails after {@code deadline}).
         */
        public Result run(Duration deadline) throws Exception {
            runs++;
            ComentionConfig cfg = config.withOutputSuffix(".run-" + runs);
            TopicAdmin.ensureTopics(cfg.kafka().clientProperties(), cfg.topics(), partitions(), (short) 1);
            Configuration conf = new Configuration();
            int parallelism = cfg.job().localParallelism();
            conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
            conf.setString("restart-strategy.type", "none");
            Path checkpoints = Files.createTempDirectory(dir, "checkpoints-");
            ComentionJob.checkpointToFiles(conf, checkpoints);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
            ComentionJob.configure(env, cfg);
            ComentionJob.build(env, cfg, ComentionJob.kafkaSources(cfg, false), ComentionJob.kafkaSinks(cfg));

            TaggedCounter counter = new TaggedCounter(bootstrap, cfg.topics().tagged());
            Thread counting = new Thread(counter, "bench-tagged-counter");
            counting.setDaemon(true);
            counting.start();
            long brokerStart = brokerCpuNanos();
            long cpuStart = PipelineBenchmark.processCpuNanos();
            long started = System.nanoTime();
            JobClient job = env.executeAsync(cfg.job().name());
            try (Admin admin = Admin.create(cfg.kafka().clientProperties())) {
                Instant until = Instant.now().plus(deadline);
                long nextProgress = started + PROGRESS_EVERY.toNanos();
                while (counter.distinct() < articles) {
                    if (System.nanoTime() >= nextProgress) {
                        nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
                        progress(admin, cfg, counter, started);
                        requireWholeInput(admin);
                    }
                    if (job.getJobExecutionResult().isDone()) {
                        job.getJobExecutionResult().get(); // throws the job's failure
                        throw new IllegalStateException("the job ended before every article was committed");
                    }
                    if (Instant.now().isAfter(until)) {
                        throw new TimeoutException(counter.distinct() + " of " + articles + " articles committed on "
                                + cfg.topics().tagged() + " within " + deadline);
                    }
                    Thread.sleep(20); // polling a counter; the figure's resolution, not a synchronisation
                }
                long wall = System.nanoTime() - started;
                long cpu = PipelineBenchmark.processCpuNanos() - cpuStart;
                long brokerCpu = brokerCpuNanos() - brokerStart;
                long counterCpu = counter.cpuNanos();
                return new Result(
                        articles,
                        Duration.ofNanos(wall),
                        Duration.ofNanos(Math.max(1, cpu - counterCpu)),
                        Duration.ofNanos(brokerCpu),
                        Duration.ofNanos(counterCpu),
                        counter.twice());
            } finally {
                counter.stop();
                counting.join(10_000);
                try {
                    job.cancel().get(60, TimeUnit.SECONDS);
                    job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // a cancelled job ends "exceptionally" by design
                }
                ScratchDirectories.deleteRecursively(checkpoints);
                deleteTopics(cfg);
            }
        }

        /**
         * A progress line: the articles the source has read as of its last completed checkpoint (the
         * offsets it commits to its group) against those committed on the tagged topic, so a run that
         * crawls shows whether reading, or committing, is what lags.
         */
        private void progress(Admin admin, ComentionConfig cfg, TaggedCounter counter, long started) {
            String read;
            try {
                read = Long.toString(admin
                        .listConsumerGroupOffsets(cfg.kafka().groupId())
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS)
                        .values()
                        .stream()
                        .filter(o -> o != null)
                        .mapToLong(o -> o.offset())
                        .sum());
            } catch (Exception e) {
                read = "? (" + e.getClass().getSimpleName() + ")";
            }
            out.printf(
                    "  %4.0f s: read %s of %d articles (as of the last checkpoint), %d committed on %s%n",
                    (System.nanoTime() - started) / 1e9,
                    read,
                    articles,
                    counter.distinct(),
                    cfg.topics().tagged());
            out.flush();
        }

        /**
         * Fails when {@code news.raw} no longer starts at offset 0: records the run still has to read are
         * gone (retention, deletion) and it could only wait for its deadline.
         */
        private void requireWholeInput(Admin admin) throws Exception {
            String raw = config.topics().raw();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (int p = 0; p < partitions(); p++) {
                earliest.put(new TopicPartition(raw, p), OffsetSpec.earliest());
            }
            long lost = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
            if (lost > 0) {
                throw new IllegalStateException(lost + " of " + articles + " articles on " + raw
                        + " were deleted by the broker (retention?); this run cannot read them");
            }
        }

        private int partitions() {
            return config.job().localParallelism();
        }

        private long brokerCpuNanos() {
            return broker.info()
                    .totalCpuDuration()
                    .orElseThrow(() -> new IllegalStateException("this platform does not report a process's CPU time"))
                    .toNanos();
        }

        /** The run's output topics go again (their data only costs disk); news.raw stays for the next run. */
        private void deleteTopics(ComentionConfig cfg) {
            var t = cfg.topics();
            try (Admin admin = Admin.create(cfg.kafka().clientProperties())) {
                admin.deleteTopics(List.of(t.tagged(), t.counts(), t.alerts(), t.deadletter()))
                        .all()
                        .get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // leftovers vanish with the broker's directory
            }
        }

        /** Stops the broker (closing its stdin asks it to shut down) and deletes its directory. */
        @Override
        public void close() {
            try {
                broker.getOutputStream().close();
                if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                    broker.destroy();
                    if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                        broker.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                    }
                }
            } catch (IOException e) {
                broker.destroyForcibly();
            } catch (InterruptedException e) {
                broker.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            ScratchDirectories.deleteRecursively(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs and finds nothing left to do
            }
        }
    }

    /**
     * Starts a broker in a child JVM (this JVM's classpath), creates the bundled configuration's topics
     * ({@code news.raw} with one partition per task) and writes {@code articles} to {@code news.raw}.
     */
    public static Setup prepare(List<RawRecord> articles, int parallelism, PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("comention-kafka-bench-");
        Process broker = null;
        try {
            int port = LocalKafkaBroker.freePort();
            Process started = startBroker(dir, port);
            broker = started;
            String bootstrap = "localhost:" + port;
            Path console = dir.resolve("broker.out");
            LocalKafkaBroker.awaitAnswer(bootstrap, Duration.ofSeconds(120), () -> {
                try {
                    return started.isAlive() ? null : "exit code " + started.exitValue() + ": " + tail(console);
                } catch (IOException e) {
                    return "exit code " + started.exitValue();
                }
            });
            ComentionConfig bundled = ComentionConfig.bundled();
            var j = bundled.job();
            ComentionConfig config = bundled.withBootstrapServers(bootstrap)
                    .withJob(new ComentionConfig.Job(
                            "comention-kafka-bench",
                            parallelism,
                            j.maxParallelism(),
                            j.checkpointInterval(),
                            j.transactionTimeout(),
                            "earliest",
                            j.snapshotCompression()));
            TopicAdmin.ensureTopics(config.kafka().clientProperties(), config.topics(), parallelism, (short) 1);
            out.printf(
                    "broker: a child JVM (pid %d) on %s; job: checkpoints every %s, exactly-once sinks%n",
                    broker.pid(), bootstrap, Durations.format(config.job().checkpointInterval()));
            out.flush();
            long t0 = System.nanoTime();
            preload(config, articles);
            out.printf(
                    "preloaded %d articles into %s in %.1f s%n",
                    articles.size(), config.topics().raw(), (System.nanoTime() - t0) / 1e9);
            out.flush();
            return new Setup(dir, broker, bootstrap, config, articles.size(), out);
        } catch (Exception | Error e) {
            if (broker != null) {
                broker.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
            ScratchDirectories.deleteRecursively(dir);
            throw e;
        }
    }

    private static void preload(ComentionConfig config, List<RawRecord> articles) throws Exception {
        Properties p = config.kafka().clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // One request at a time: on a partition created a moment ago the broker may refuse a first request
        // (NOT_LEADER_OR_FOLLOWER) yet accept the next, after which the first's retries fail with
        // OUT_OF_ORDER_SEQUENCE_NUMBER until they expire (KAFKA-15591); in order, nothing can overtake it.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        List<Future<RecordMetadata>> sent = new ArrayList<>(articles.size());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (RawRecord r : articles) {
                byte[] key = Json.MAPPER.readTree(r.value()).path("id").asText().getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(rawRecord(config.topics().raw(), key, r)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(); // every article landed, or the benchmark stops here
            }
        }
    }

    /**
     * The record for one article on {@code news.raw}, stamped with the time it is sent, as a feeder's
     * ({@code produce}) are. Not with its {@code published_at}: the topic's retention counts from the
     * record timestamp, so articles dated months back would be deleted at the broker's next retention
     * check, part-way through a run. (The job takes event time from {@code published_at} either way.)
     */
    static ProducerRecord<byte[], byte[]> rawRecord(String topic, byte[] key, RawRecord article) {
        return new ProducerRecord<>(topic, null, null, key, article.value());
    }

    private static Process startBroker(Path dir, int port) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m",
                "-Xmx1g",
                "-XX:-UsePerfData", // no hsperfdata file in /tmp
                "-Djava.io.tmpdir=" + dir,
                "-Dcomention.logdir=" + dir.resolve("logs")));
        String log4j = System.getProperty("log4j.configurationFile");
        if (log4j != null) {
            cmd.add("-Dlog4j.configurationFile=" + log4j);
            cmd.add("-Dlog4j2.statusLoggerLevel=ERROR");
        }
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                BrokerProcess.class.getName(),
                Integer.toString(port),
                dir.resolve("kafka").toString()));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.out").toFile())
                .start();
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    /**
     * Counts the distinct article ids committed on a tagged topic with a {@code read_committed} consumer,
     * on a thread of its own whose CPU time is subtracted from the job's.
     */
    private static final class TaggedCounter implements Runnable {
        private final String bootstrap;
        private final String topic;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final Set<String> ids = new HashSet<>();
        private volatile int distinct;
        private volatile long twice;
        private volatile long cpuNanos;

        TaggedCounter(String bootstrap, String topic) {
            this.bootstrap = bootstrap;
            this.topic = topic;
        }

        @Override
        public void run() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
            try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(i -> new TopicPartition(topic, i.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (!stopped.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (!ids.add(new String(r.key(), StandardCharsets.UTF_8))) {
                            twice++;
                        }
                    }
                    distinct = ids.size();
                    cpuNanos = threads.getCurrentThreadCpuTime();
                }
            }
        }

        int distinct() {
            return distinct;
        }

        long twice() {
            return twice;
        }

        long cpuNanos() {
            return cpuNanos;
        }

        void stop() {
            stopped.set(true);
        }
    }

    /**
     * The broker's JVM: {@code BrokerProcess PORT DIR} runs a single-node KRaft broker ({@link LocalKafkaBroker})
     * until its standard input closes, so it also ends when the benchmark's JVM dies.
     */
    public static final class BrokerProcess {
        private BrokerProcess() {}

        public static void main(String[] args) throws Exception {
            try (LocalKafkaBroker broker =
                    LocalKafkaBroker.startPersistent(Integer.parseInt(args[0]), Path.of(args[1]))) {
                System.out.println("broker ready on " + broker.bootstrapServers());
                System.out.flush();
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // nothing is sent; end of input means the benchmark is done
                }
            }
        }
    }
}
