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
import java.util.SplittableRandom;
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
     * time the whole JVM spent meanwhile (every thread: the job's tasks, the generator, JIT, GC).
     */
    public record Result(int articles, long bytes, Duration elapsed, Duration cpu, int parallelism) {
        public double articlesPerSecond() {
            return articles / (elapsed.toNanos() / 1e9);
        }

        /** Wall-clock throughput divided by the cores the job could use: understates on a shared machine. */
        public double articlesPerSecondPerCore() {
            return articlesPerSecond()
                    / Math.min(parallelism, Runtime.getRuntime().availableProcessors());
        }

        /** Articles per CPU second of the JVM: what one core does, whatever else the machine is running. */
        public double articlesPerCpuSecond() {
            return articles / (cpu.toNanos() / 1e9);
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

    /** Runs the job over {@code articles} at {@code parallelism} and times it from submission to end. */
    public static Result run(List<RawRecord> articles, int parallelism) throws Exception {
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
        ComentionJob.checkpointToFiles(conf, checkpoints);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        ComentionJob.configure(env, config);
        RawRecord[] records = articles.toArray(new RawRecord[0]);
        GeneratorFunction<Long, RawRecord> byIndex = i -> records[(int) (long) i];
        Source<RawRecord, ?, ?> source =
                new DataGeneratorSource<>(byIndex, records.length, TypeInformation.of(RawRecord.class));
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
            ScratchDirectories.deleteRecursively(checkpoints);
        }
        long wall = System.nanoTime() - started;
        long cpu = cpuStarted < 0
                ? wall * Math.min(parallelism, Runtime.getRuntime().availableProcessors())
                : processCpuNanos() - cpuStarted;
        return new Result(articles.size(), bytes, Duration.ofNanos(wall), Duration.ofNanos(cpu), parallelism);
    }

    private static final String FILLER = "the government said on monday that talks would resume after a pause of "
            + "several weeks while officials from both sides met in the capital to discuss border security trade "
            + "and the return of refugees a spokesman told reporters that the delegation had made progress but "
            + "warned that differences remained over the timetable analysts said the agreement could open the "
            + "way for wider cooperation in the region although critics in parliament questioned the cost and "
            + "the opposition called for an inquiry into the handling of the crisis markets rose on the news";
}
