package io.comention.tools.bench;

import io.comention.config.ComentionConfig;
import io.comention.model.Alert;
import io.comention.model.ControlMessage;
import io.comention.model.ControlParser;
import io.comention.model.CountUpdate;
import io.comention.model.DeadLetter;
import io.comention.model.Json;
import io.comention.model.RawRecord;
import io.comention.model.TaggedArticle;
import io.comention.pipeline.ComentionJob;
import io.comention.pipeline.Uids;
import io.comention.tools.sandbox.ScratchDirectories;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The counting state as the job itself writes it: the whole job graph ({@link ComentionJob#build}) runs
 * on the local Flink runtime over the given articles, then takes a savepoint in Flink's native format
 * (the bytes a checkpoint writes), and the counting operator's share is read back from the savepoint's
 * metadata: its keyed state (combination keys and their states, as the job's
 * {@code CombinationStateSerializer} wrote them) and its operator state (the table of entity names).
 *
 * <p>Two savepoints: one right after the last article (the state as the feed leaves it) and one after a
 * last article far enough ahead in event time that every horizon exit has played but nothing has been
 * forgotten yet (settled: what the older days of a week hold). The combinations remembered are the
 * distinct keys on the counts output (nothing expires within a run shorter than the retention).
 *
 * <p>Runs at parallelism 1, so the sources can be held after their last record without finishing (a
 * finished source would end the job and its final watermark would fire every timer).
 */
public final class SavepointStateSize {

    private SavepointStateSize() {}

    /** Bytes of the counting operator's state in the two savepoints, and what they hold. */
    public record Result(
            int articles,
            int combinations,
            int namedOnce,
            long endKeyedBytes,
            long endNamesBytes,
            long settledKeyedBytes,
            long settledNamesBytes) {

        public double endBytesPerCombination() {
            return (double) (endKeyedBytes + endNamesBytes) / combinations;
        }

        public double settledBytesPerCombination() {
            return (double) (settledKeyedBytes + settledNamesBytes) / combinations;
        }

        /**
         * A week at the run's pace, if the run covers a day: a day's combinations as at the end of the run,
         * six days' settled, and one table of names spread over all of them. Keys included.
         */
        public double weekBytesPerCombination() {
            return (endKeyedBytes + 6.0 * settledKeyedBytes) / (7.0 * combinations)
                    + (double) settledNamesBytes / (7.0 * combinations);
        }
    }

    /** The processed-article and count-update tallies of one run, shared with its sinks (same JVM). */
    private static final Map<String, Tally> TALLIES = new ConcurrentHashMap<>();

    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    /**
     * The articles of the runs under way, by run id. The source's generator looks them up here instead of
     * carrying them: a generator is Java-serialised into the job graph, and a day of articles (350 MB)
     * serialised there ran the local runtime out of heap before the job started.
     */
    private static final Map<String, RawRecord[]> INPUTS = new ConcurrentHashMap<>();

    /** The source's generator: the article at an index, from {@link #INPUTS}. */
    private static final class RegisteredArticles implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;
        private final String runId;

        RegisteredArticles(String runId) {
            this.runId = runId;
        }

        @Override
        public RawRecord map(Long index) {
            return INPUTS.get(runId)[(int) (long) index];
        }
    }

    /**
     * @param stateBackend {@code hashmap} (the heap; its native savepoint is a checkpoint's bytes) or
     *     {@code rocksdb} (its native savepoint is the database's compressed files)
     * @param snapshotCompression {@code job.snapshot_compression}: whether the heap backend's savepoint
     *     compresses each key group (the bundled configuration does)
     * @param format native (for RocksDB: its files, overwritten values not yet compacted away included) or
     *     canonical (every backend: each live key and value through the job's serializers)
     */
    public static Result run(
            List<RawRecord> articles,
            String stateBackend,
            boolean snapshotCompression,
            SavepointFormatType format,
            Duration deadline)
            throws Exception {
        String runId = UUID.randomUUID().toString();
        Tally tally = new Tally();
        Gate articleGate = new Gate();
        Gate controlGate = new Gate();
        TALLIES.put(runId, tally);
        GATES.put(runId + "/articles", articleGate);
        GATES.put(runId + "/control", controlGate);
        Path scratch = Files.createTempDirectory("comention-bench-state-");
        JobClient client = null;
        try {
            client = start(articles, stateBackend, snapshotCompression, runId, scratch);
            long until = System.nanoTime() + deadline.toNanos();
            controlGate.grant(1); // the one control record; the control source then waits, unfinished
            articleGate.grant(articles.size());
            await(() -> tally.tagged.get() >= articles.size(), until, "every article tagged", tally, client);
            Path end = savepoint(client, scratch.resolve("end"), format, until);
            articleGate.grant(1); // the article that carries event time past every horizon
            await(
                    () -> tally.tagged.get() > articles.size() && tally.allCountsZero(),
                    until,
                    "every combination's counts back to zero",
                    tally,
                    client);
            Path settled = savepoint(client, scratch.resolve("settled"), format, until);
            OperatorState endState = counterState(end);
            OperatorState settledState = counterState(settled);
            return new Result(
                    articles.size(),
                    tally.latestTotal.size(),
                    tally.namedOnce(),
                    keyedBytes(endState),
                    operatorBytes(endState),
                    keyedBytes(settledState),
                    operatorBytes(settledState));
        } finally {
            if (client != null) {
                client.cancel().get(1, TimeUnit.MINUTES);
            }
            TALLIES.remove(runId);
            GATES.remove(runId + "/articles");
            GATES.remove(runId + "/control");
            INPUTS.remove(runId);
            ScratchDirectories.deleteRecursively(scratch);
        }
    }

    private static JobClient start(
            List<RawRecord> articles, String stateBackend, boolean snapshotCompression, String runId, Path scratch)
            throws Exception {
        ComentionConfig bundled = ComentionConfig.bundled();
        ComentionConfig config = bundled.withJob(new ComentionConfig.Job(
                "comention-bench-state",
                1,
                bundled.job().maxParallelism(),
                Duration.ofHours(1), // no periodic checkpoint: only the two savepoints
                Duration.ofMinutes(5),
                "earliest",
                snapshotCompression));
        Configuration conf = new Configuration();
        conf.setString("taskmanager.numberOfTaskSlots", "1");
        conf.setString("restart-strategy.type", "none");
        PipelineBenchmark.onStateBackend(conf, stateBackend, scratch);
        ComentionJob.checkpointToFiles(conf, scratch.resolve("checkpoints"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        ComentionJob.configure(env, config);

        RawRecord[] records = articles.toArray(new RawRecord[articles.size() + 1]);
        records[articles.size()] = pastEveryHorizon(articles, config);
        INPUTS.put(runId, records);
        GeneratorFunction<Long, RawRecord> byIndex = new RegisteredArticles(runId);
        var articleSource = new DataGeneratorSource<>(
                byIndex, records.length, new GateStrategy(runId + "/articles"), TypeInformation.of(RawRecord.class));
        byte[] noChange = ControlParser.write(new ControlMessage(
                ControlMessage.Action.DELETE_RULE, "(none)", List.of(), 0, 0, 0, null, null, List.of(), List.of()));
        GeneratorFunction<Long, RawRecord> control = i -> new RawRecord("news.control", 0, i, 0, null, noChange);
        var controlSource = new DataGeneratorSource<>(
                control, 2, new GateStrategy(runId + "/control"), TypeInformation.of(RawRecord.class));
        ComentionJob.build(
                env,
                config,
                new ComentionJob.Sources(articleSource, controlSource),
                new ComentionJob.Sinks(
                        new TallySink<TaggedArticle>(runId, Kind.TAGGED),
                        new TallySink<CountUpdate>(runId, Kind.COUNTS),
                        new TallySink<Alert>(runId, Kind.OTHER),
                        new TallySink<DeadLetter>(runId, Kind.OTHER)));
        return env.executeAsync("comention-bench-state");
    }

    /**
     * An article naming nobody, dated past the longest horizon and the watermark's slack after the last
     * one: the watermark it brings plays every horizon exit, and expires nothing (retention is longer).
     */
    private static RawRecord pastEveryHorizon(List<RawRecord> articles, ComentionConfig config) {
        long newest = articles.stream().mapToLong(RawRecord::timestamp).max().orElse(0);
        long longest = config.counts().horizons().stream()
                .mapToLong(h -> h.length().toMillis())
                .max()
                .orElse(0);
        Instant at = Instant.ofEpochMilli(newest
                + longest
                + 2 * config.counts().bucket().toMillis()
                + config.events().maxOutOfOrderness().toMillis());
        var json = Json.MAPPER.createObjectNode();
        json.put("id", "bench-state-settle");
        json.put("published_at", at.toString());
        json.put("title", "Weather");
        json.put("body", "Sunny intervals and light winds are expected for the rest of the week.");
        byte[] value = json.toString().getBytes(StandardCharsets.UTF_8);
        return new RawRecord("news.raw", 0, articles.size(), at.toEpochMilli(), null, value);
    }

    private static Path savepoint(JobClient client, Path dir, SavepointFormatType format, long until) throws Exception {
        long left = Math.max(1, until - System.nanoTime());
        try {
            String pointer =
                    client.triggerSavepoint(dir.toUri().toString(), format).get(left, TimeUnit.NANOSECONDS);
            return pointer.startsWith("file:") ? Path.of(URI.create(pointer)) : Path.of(pointer);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the savepoint to " + dir + " did not complete before the deadline", e);
        }
    }

    /** The counting operator's entry in a savepoint's metadata. */
    private static OperatorState counterState(Path savepoint) throws IOException {
        CheckpointMetadata metadata;
        try (InputStream in = Files.newInputStream(savepoint.resolve("_metadata"))) {
            metadata = Checkpoints.loadCheckpointMetadata(
                    new DataInputStream(in), SavepointStateSize.class.getClassLoader(), savepoint.toString());
        }
        return metadata.getOperatorStates().stream()
                .filter(s -> s.getOperatorUid().filter(Uids.COUNT::equals).isPresent())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no state of " + Uids.COUNT + " in " + savepoint));
    }

    private static long keyedBytes(OperatorState state) {
        return state.getStates().stream()
                .mapToLong(s -> s.getManagedKeyedState().getStateSize())
                .sum();
    }

    private static long operatorBytes(OperatorState state) {
        return state.getStates().stream()
                .mapToLong(s -> s.getManagedOperatorState().getStateSize())
                .sum();
    }

    /** Waits for {@code condition}; fails at the deadline, or at once with the cause if the job has ended. */
    private static void await(BooleanSupplier condition, long until, String what, Tally tally, JobClient job)
            throws Exception {
        for (int polls = 0; !condition.getAsBoolean(); polls++) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("not reached before the deadline: " + what + " (" + tally + ")");
            }
            if (polls % 20 == 0 && job.getJobStatus().get(1, TimeUnit.MINUTES).isGloballyTerminalState()) {
                Throwable cause = null;
                try {
                    job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    cause = e.getCause();
                }
                throw new IllegalStateException("the job ended before " + what + " (" + tally + ")", cause);
            }
            Thread.sleep(50); // polling a condition with a deadline
        }
    }

    /** What the sinks of one run have seen. */
    private static final class Tally {
        final AtomicLong tagged = new AtomicLong();
        /** Per combination key: its latest total, negated while any horizon count is above zero. */
        final Map<String, Long> latestTotal = new ConcurrentHashMap<>();

        void count(CountUpdate update) {
            boolean zero = update.counts().values().stream().allMatch(n -> n == 0);
            latestTotal.put(update.key(), zero ? update.total() : -update.total());
        }

        boolean allCountsZero() {
            return !latestTotal.isEmpty() && latestTotal.values().stream().allMatch(t -> t > 0);
        }

        int namedOnce() {
            return (int)
                    latestTotal.values().stream().filter(t -> Math.abs(t) == 1).count();
        }

        @Override
        public String toString() {
            return tagged.get() + " articles tagged, " + latestTotal.size() + " combinations counted";
        }
    }

    private enum Kind {
        TAGGED,
        COUNTS,
        OTHER
    }

    /** A sink that tallies what reaches it in its run's {@link Tally}. */
    private static final class TallySink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final String runId;
        private final Kind kind;

        TallySink(String runId, Kind kind) {
            this.runId = runId;
            this.kind = kind;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Tally tally = TALLIES.get(runId);
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {
                    if (kind == Kind.TAGGED) {
                        tally.tagged.incrementAndGet();
                    } else if (kind == Kind.COUNTS) {
                        tally.count((CountUpdate) element);
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    /**
     * Records a source may emit, granted by the bench thread. A reader asks for each record; past its
     * grant it gets a future completed by the next grant, so it waits without blocking its task thread
     * (savepoint barriers still pass) and without finishing.
     */
    private static final class Gate {
        private long granted;
        private long taken;
        private CompletableFuture<Void> waiting;

        synchronized CompletionStage<Void> acquire() {
            if (taken < granted) {
                taken++;
                return CompletableFuture.completedFuture(null);
            }
            waiting = new CompletableFuture<>();
            return waiting;
        }

        void grant(long records) {
            CompletableFuture<Void> release = null;
            synchronized (this) {
                granted += records;
                if (waiting != null && taken < granted) {
                    taken++;
                    release = waiting;
                    waiting = null;
                }
            }
            if (release != null) {
                release.complete(null);
            }
        }
    }

    private static final class GateStrategy implements RateLimiterStrategy {
        private static final long serialVersionUID = 1L;
        private final String gateId;

        GateStrategy(String gateId) {
            this.gateId = gateId;
        }

        @Override
        public RateLimiter createRateLimiter(int parallelism) {
            Gate gate = GATES.get(gateId);
            return permits -> gate.acquire();
        }
    }
}
