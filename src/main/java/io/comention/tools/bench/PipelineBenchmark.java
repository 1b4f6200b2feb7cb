package io.comention.tools.bench;

import com.sun.management.OperatingSystemMXBean;
import io.comention.config.ComentionConfig;
import io.comention.model.ControlMessage;
import io.comention.model.ControlParser;
import io.comention.model.Json;
import io.comention.model.RawRecord;
import io.comention.pipeline.ComentionJob;
import io.comention.tagging.EntityDefinition;
import io.comention.tagging.KnowledgeBase;
import io.comention.tools.sandbox.ScratchDirectories;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The whole job graph ({@link ComentionJob#build}) on the local runtime with in-memory articles in and
 * discarding sinks out: parse, dedup, tagging, near-duplicate flags, combinations, counting, alerts and
 * lift, with the bundled configuration. The articles are generated news-like texts of 2–6 KB naming
 * about ten knowledge-base entities each (drawn with a skew, so some combinations are busy), an
 * article every second or few of event time (a global news feed carries roughly one a second), so
 * buckets close and alerts fire as in production.
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {}

    /**
     * The outcome of one run: wall-clock time from submission to the end of the bounded job, and the CPU
     * time the whole JVM spent meanwhile (every thread: the job's tasks, the generator, JIT, GC). {@code
     * steadyArticles} and {@code steadyCpu} are the part of the run after its first tenth of articles had
     * been read: the JVM's CPU from then to the end, without the run's fixed start-up (the mini cluster,
     * the job's submission, each tagger loading the knowledge base).
     */
    public record Result(
            int articles,
            long bytes,
            Duration elapsed,
            Duration cpu,
            int parallelism,
            int steadyArticles,
            Duration steadyCpu) {
        public double articlesPerSecond() {
            return articles / (elapsed.toNanos() / 1e9);
        }

        /** Wall-clock throughput divided by the cores the job could use: understates on a shared machine. */
        public double articlesPerSecondPerCore() {
            return articlesPerSecond()
                    / Math.min(parallelism, Runtime.getRuntime().availableProcessors());
        }

        /** Articles per CPU second of the JVM over the whole run, start-up included. */
        public double articlesPerCpuSecond() {
            return articles / (cpu.toNanos() / 1e9);
        }

        /**
         * Articles per CPU second once the job runs: the cost of each further article, as in a long run or a
         * replay of months of input, where the start-up is paid once.
         */
        public double steadyArticlesPerCpuSecond() {
            return steadyArticles / (steadyCpu.toNanos() / 1e9);
        }
    }

    /** CPU time of this JVM (all threads) in ns, or -1 where the platform does not report it. */
    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /**
     * Generates {@code count} articles as the raw records a Kafka source would hand over, one every
     * {@code secondsBetween} seconds of event time.
     */
    public static List<RawRecord> articles(int count, long seed, double secondsBetween) {
        long stepMillis = Math.round(secondsBetween * 1000);
        List<String> names = new ArrayList<>();
        for (EntityDefinition d : KnowledgeBase.loadDefault().definitions()) {
            if (!d.name().contains("(") && d.name().length() > 3) {
                names.add(d.name());
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = FILLER.split(" ");
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        List<RawRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int targetBytes = 2048 + random.nextInt(4096);
            StringBuilder body = new StringBuilder(targetBytes + 256);
            List<String> named = new ArrayList<>();
            for (int e = 0; e < 10; e++) {
                // a skewed pick: low indexes (a few dozen names) come up far more often
                int index = (int) (names.size() * Math.pow(random.nextDouble(), 4));
                named.add(names.get(index));
            }
            int next = 0;
            while (body.length() < targetBytes) {
                for (int w = 0; w < 12; w++) {
                    body.append(words[random.nextInt(words.length)]).append(' ');
                }
                if (next < named.size() && random.nextInt(3) == 0) {
                    body.append(named.get(next++)).append(' ');
                }
                body.setCharAt(body.length() - 1, '.');
                body.append(' ');
            }
            while (next < named.size()) {
                body.append(named.get(next++)).append(" said. ");
            }
            var json = Json.MAPPER.createObjectNode();
            json.put("id", "bench-" + seed + "-" + i);
            json.put("url", "https://bench.example/" + i);
            json.put("source", "source-" + random.nextInt(40) + ".example");
            Instant at = start.plusMillis(stepMillis * i);
            json.put("published_at", at.toString());
            json.put("title", named.get(0) + " and " + named.get(1) + " in talks");
            json.put("body", body.toString());
            byte[] value = json.toString().getBytes(StandardCharsets.UTF_8);
            out.add(new RawRecord("news.raw", 0, i, at.toEpochMilli(), null, value));
        }
        return out;
    }

    /** Sets the job's state backend, {@code hashmap} or {@code rocksdb} with its files under {@code scratch}. */
    static void onStateBackend(Configuration conf, String stateBackend, Path scratch) {
        conf.setString("state.backend.type", stateBackend);
        conf.setString(
                "state.backend.rocksdb.localdir", scratch.resolve("rocksdb").toString());
    }

    /**
     * Runs the job over {@code articles} at {@code parallelism} on {@code stateBackend} ({@code hashmap}, the
     * heap, or {@code rocksdb}, its files in the run's scratch directory with the checkpoints) and times it
     * from submission to end.
     */
    public static Result run(List<RawRecord> articles, int parallelism, String stateBackend) throws Exception {
        ComentionConfig bundled = ComentionConfig.bundled();
        ComentionConfig config = bundled.withJob(new ComentionConfig.Job(
                "comention-bench",
                parallelism,
                bundled.job().maxParallelism(),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                "earliest"));
        Configuration conf = new Configuration();
        conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
        conf.setString("restart-strategy.type", "none");
        Path checkpoints = Files.createTempDirectory("comention-bench-");
        onStateBackend(conf, stateBackend, checkpoints);
        ComentionJob.checkpointToFiles(conf, checkpoints);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        ComentionJob.configure(env, config);
        String runId = UUID.randomUUID().toString();
        RunInput input = new RunInput(articles.toArray(new RawRecord[0]), Math.max(1, articles.size() / 10));
        RUNS.put(runId, input);
        Source<RawRecord, ?, ?> source = new DataGeneratorSource<>(
                new RegisteredArticles(runId), input.records.length, TypeInformation.of(RawRecord.class));
        ControlMessage noChange = new ControlMessage(
                ControlMessage.Action.DELETE_RULE, "(none)", List.of(), 0, 0, 0, null, null, List.of(), List.of());
        byte[] noChangeJson = ControlParser.write(noChange);
        GeneratorFunction<Long, RawRecord> control = i -> new RawRecord("news.control", 0, 0, 0, null, noChangeJson);
        Source<RawRecord, ?, ?> controlSource =
                new DataGeneratorSource<>(control, 1, TypeInformation.of(RawRecord.class));
        ComentionJob.build(
                env,
                config,
                new ComentionJob.Sources(source, controlSource),
                new ComentionJob.Sinks(
                        new DiscardingSink<>(),
                        new DiscardingSink<>(),
                        new DiscardingSink<>(),
                        new DiscardingSink<>()));
        long bytes = articles.stream().mapToLong(r -> r.value().length).sum();
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        try {
            env.execute("comention-bench");
        } finally {
            RUNS.remove(runId);
            ScratchDirectories.deleteRecursively(checkpoints);
        }
        long ended = System.nanoTime();
        long cpuEnded = processCpuNanos();
        long wall = ended - started;
        int cores = Math.min(parallelism, Runtime.getRuntime().availableProcessors());
        long cpu = cpuStarted < 0 ? wall * cores : cpuEnded - cpuStarted;
        long steadyCpu = cpuStarted < 0 ? (ended - input.wallAtMark) * cores : cpuEnded - input.cpuAtMark;
        return new Result(
                articles.size(),
                bytes,
                Duration.ofNanos(wall),
                Duration.ofNanos(cpu),
                parallelism,
                articles.size() - input.mark,
                Duration.ofNanos(steadyCpu));
    }

    /** The articles of the runs under way, by run id: the local runtime shares this JVM. */
    private static final Map<String, RunInput> RUNS = new ConcurrentHashMap<>();

    /**
     * One run's articles, and the JVM's CPU when the source had handed out {@code mark} of them. The
     * articles stay here rather than in the source: a source's generator is Java-serialised into the job
     * graph and read back by each source subtask, which for 20,000 articles of 4 KB cost the benchmark
     * about a fifth of its CPU, work no real source does.
     */
    private static final class RunInput {
        final RawRecord[] records;
        final int mark;
        final AtomicInteger served = new AtomicInteger();
        volatile long cpuAtMark;
        volatile long wallAtMark;

        RunInput(RawRecord[] records, int mark) {
            this.records = records;
            this.mark = mark;
        }
    }

    /** The source's generator: the article at an index, from the run's {@link RunInput}. */
    private static final class RegisteredArticles implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;
        private final String runId;
        private transient RunInput input;

        RegisteredArticles(String runId) {
            this.runId = runId;
        }

        @Override
        public RawRecord map(Long index) {
            if (input == null) {
                input = RUNS.get(runId);
            }
            if (input.served.incrementAndGet() == input.mark) {
                input.wallAtMark = System.nanoTime();
                input.cpuAtMark = processCpuNanos();
            }
            return input.records[(int) (long) index];
        }
    }

    private static final String FILLER = "the government said on monday that talks would resume after a pause of "
            + "several weeks while officials from both sides met in the capital to discuss border security trade "
            + "and the return of refugees a spokesman told reporters that the delegation had made progress but "
            + "warned that differences remained over the timetable analysts said the agreement could open the "
            + "way for wider cooperation in the region although critics in parliament questioned the cost and "
            + "the opposition called for an inquiry into the handling of the crisis markets rose on the news";
}
