package io.comention.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.config.ComentionConfig;
import io.comention.model.Json;
import io.comention.model.RawRecord;
import io.comention.tagging.EntityDefinition;
import io.comention.tagging.KnowledgeBase;
import io.comention.tagging.PlaceOptions;
import io.comention.tools.bench.KafkaPipelineBenchmark;
import io.comention.tools.bench.LatencyBenchmark;
import io.comention.tools.bench.LatencyPlan;
import io.comention.tools.bench.PipelineBenchmark;
import io.comention.tools.bench.SavepointStateSize;
import io.comention.tools.bench.StateSizeBenchmark;
import io.comention.tools.bench.SyntheticKnowledgeBase;
import io.comention.tools.bench.TaggingBenchmark;
import io.comention.tools.bench.TaggingBenchmark.Article;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code comention bench}: benchmarks; each prints its figure as its last line. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks. Each prints its headline figure as its last line.",
        subcommands = {
            BenchCommand.Tag.class,
            BenchCommand.Pipeline.class,
            BenchCommand.Latency.class,
            BenchCommand.State.class
        })
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code comention bench tag}: tagger throughput per core and memory per alias. */
    @Command(
            name = "tag",
            mixinStandardHelpOptions = true,
            description = {
                "Tagger throughput (MB of article text per second on one thread, after a warm-up) and heap per alias.",
                "Without --aliases: the shipped knowledge base; with --aliases N: a generated one of N aliases.",
                "The corpus is the bundled sample feed (62 news articles)."
            })
    static final class Tag implements Callable<Integer> {

        private static final String CORPUS = "demo/articles.jsonl";

        @Spec
        CommandSpec spec;

        @Option(
                names = "--aliases",
                paramLabel = "N",
                description = "Generate a knowledge base of N aliases instead of using the shipped one.")
        Integer aliases;

        @Option(
                names = "--warmup",
                paramLabel = "SECONDS",
                defaultValue = "5",
                description = "Warm-up time (default: ${DEFAULT-VALUE}).")
        double warmup;

        @Option(
                names = "--rounds",
                paramLabel = "N",
                defaultValue = "5",
                description = "Measured rounds (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(
                names = "--round-seconds",
                paramLabel = "SECONDS",
                defaultValue = "2",
                description = "Length of a round (default: ${DEFAULT-VALUE}).")
        double roundSeconds;

        @Option(
                names = "--places",
                description = "With the shipped knowledge base: load the GeoNames gazetteer too (tagging.places).")
        boolean places;

        @Option(
                names = "--seed",
                defaultValue = "42",
                description = "Seed of the generated knowledge base (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws IOException {
            if (aliases != null && (aliases < 1 || aliases > 20_000_000)) {
                throw new ComentionCli.UserError("--aliases must be between 1 and 20000000 (was " + aliases + ")");
            }
            if (warmup < 0 || rounds < 1 || roundSeconds <= 0) {
                throw new ComentionCli.UserError("--warmup must be >= 0, --rounds >= 1 and --round-seconds > 0");
            }
            PrintWriter out = spec.commandLine().getOut();
            List<Article> corpus = corpus();
            TaggingBenchmark.Result r;
            if (aliases == null) {
                KnowledgeBase shipped = KnowledgeBase.loadDefault();
                List<EntityDefinition> defs = shipped.definitions();
                List<String> ignore = shipped.ignorePhrases();
                shipped = null; // only the definitions stay; the compiled copy below is what gets measured
                r = TaggingBenchmark.run(
                        places ? "shipped knowledge base with the gazetteer" : "shipped knowledge base",
                        () -> defs,
                        ignore,
                        false,
                        places ? () -> KnowledgeBase.loadDefault(PlaceOptions.DEFAULT) : null,
                        corpus,
                        warmup,
                        rounds,
                        roundSeconds,
                        out);
            } else {
                int n = aliases;
                r = TaggingBenchmark.run(
                        "generated knowledge base",
                        () -> SyntheticKnowledgeBase.definitions(n, seed),
                        List.of(),
                        true,
                        corpus,
                        warmup,
                        rounds,
                        roundSeconds,
                        out);
            }
            out.printf(
                    Locale.ROOT,
                    "median of %d rounds: %.1f MB/s (slowest %.1f, fastest %.1f)%n",
                    rounds,
                    r.medianMbPerSecond(),
                    r.minMbPerSecond(),
                    r.maxMbPerSecond());
            out.printf(
                    Locale.ROOT,
                    "tag: %.1f MB/s per core, %.0f bytes per alias (%s, %,d aliases)%n",
                    r.medianMbPerSecond(),
                    r.bytesPerAlias(),
                    r.label(),
                    r.aliases());
            out.flush();
            return 0;
        }

        private static List<Article> corpus() throws IOException {
            InputStream in = BenchCommand.class.getClassLoader().getResourceAsStream(CORPUS);
            if (in == null) {
                throw new IllegalStateException("classpath:" + CORPUS + " is missing; rebuild the project");
            }
            List<Article> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = Json.MAPPER.readTree(line);
                    out.add(new Article(
                            n.path("title").asText(null), n.path("body").asText(null)));
                }
            }
            return out;
        }
    }

    /** {@code comention bench pipeline}: the whole job on the local runtime, in-memory in and out. */
    @Command(
            name = "pipeline",
            mixinStandardHelpOptions = true,
            description = {
                "The whole job graph on the local Flink runtime with in-memory articles (2–6 KB, about ten",
                "entities each) and discarding sinks: warm-up runs, then measured runs; prints articles per",
                "CPU second of the JVM once the job runs (CPU from the first tenth of the input to the end,",
                "so neither start-up nor other load on the machine counts) as its last line, the figure with",
                "each run's start-up before it.",
                "With --kafka: Kafka in the loop. A broker runs in a child JVM; the articles are written to",
                "news.raw first, then each run is a fresh job reading it from the beginning into output",
                "topics of its own with exactly-once sinks and the bundled checkpoint interval (a replay),",
                "until a read_committed consumer has counted every article on its tagged topic. Reports the",
                "job JVM's CPU and the broker's separately."
            })
    static final class Pipeline implements Callable<Integer> {

        /**
         * In one JVM the per-article cost keeps falling for about seven 20,000-article runs (JIT recompilation
         * after each job's new code paths, G1 growing its young generation), then holds: measured runs start
         * after that, as a long-running TaskManager would be.
         */
        static final int DEFAULT_WARMUP_RUNS = 8;

        static final int DEFAULT_KAFKA_WARMUP_RUNS = 1;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--articles",
                defaultValue = "20000",
                description = "Articles per run (default: ${DEFAULT-VALUE}).")
        int articles;

        @Option(
                names = "--parallelism",
                defaultValue = "2",
                description = "Job parallelism (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Option(
                names = "--runs",
                defaultValue = "5",
                description = "Measured runs after the warm-up runs (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(
                names = "--warmup-runs",
                description =
                        "Unmeasured runs first, until the JVM runs as a long-lived TaskManager does: compiled code"
                                + " and the collector's sizing settle over about 150,000 articles (default: "
                                + DEFAULT_WARMUP_RUNS + "; " + DEFAULT_KAFKA_WARMUP_RUNS + " with --kafka).")
        Integer warmupRuns;

        @Option(
                names = "--seconds-between",
                paramLabel = "SECONDS",
                defaultValue = "1",
                description =
                        "Event time between consecutive articles (default: ${DEFAULT-VALUE}, about a global news feed's rate; "
                                + "sparser input means fewer articles share each bucket, so more bucket closes per article).")
        double secondsBetween;

        @Option(
                names = "--kafka",
                description = "Kafka in the loop: news.raw on a broker in its own process, exactly-once Kafka sinks.")
        boolean kafka;

        @Option(
                names = "--deadline",
                defaultValue = "15m",
                converter = DurationConverter.class,
                description =
                        "With --kafka: how long one run may take before the benchmark gives up (default: ${DEFAULT-VALUE}).")
        Duration deadline;

        @Option(
                names = "--state-backend",
                paramLabel = "hashmap|rocksdb",
                defaultValue = "hashmap",
                description = "The job's state backend, RocksDB's files in the run's scratch directory (default:"
                        + " ${DEFAULT-VALUE}; not with --kafka).")
        String stateBackend;

        @Override
        public Integer call() throws Exception {
            if (warmupRuns == null) {
                warmupRuns = kafka ? DEFAULT_KAFKA_WARMUP_RUNS : DEFAULT_WARMUP_RUNS;
            }
            if (articles < 100 || parallelism < 1 || runs < 1 || warmupRuns < 0) {
                throw new ComentionCli.UserError(
                        "need --articles of at least 100, --parallelism and --runs of at least 1, --warmup-runs of at least 0");
            }
            if (!(secondsBetween >= 0.001 && secondsBetween <= 3600)) {
                throw new ComentionCli.UserError(
                        "--seconds-between must be between 0.001 and 3600 (was " + secondsBetween + ")");
            }
            if (deadline.isZero() || deadline.isNegative()) {
                throw new ComentionCli.UserError("--deadline must be above zero, e.g. --deadline 15m");
            }
            if (!kafka && spec.commandLine().getParseResult().hasMatchedOption("--deadline")) {
                throw new ComentionCli.UserError(
                        "--deadline applies only with --kafka; add --kafka or drop --deadline");
            }
            requireKnownStateBackend(stateBackend);
            if (kafka && spec.commandLine().getParseResult().hasMatchedOption("--state-backend")) {
                throw new ComentionCli.UserError(
                        "--state-backend applies only without --kafka (which runs the heap backend); drop one of them");
            }
            PrintWriter out = spec.commandLine().getOut();
            var input = PipelineBenchmark.articles(articles, 7, secondsBetween);
            long bytes = input.stream().mapToLong(r -> r.value().length).sum();
            out.printf(
                    Locale.ROOT,
                    "%d articles, %.1f KB on average, one every %s s of event time; parallelism %d on %d cores%n",
                    articles,
                    bytes / 1024.0 / articles,
                    secondsBetween,
                    parallelism,
                    Runtime.getRuntime().availableProcessors());
            out.flush();
            if (kafka) {
                return withKafka(input, out);
            }
            for (int i = 0; i < warmupRuns; i++) {
                var r = PipelineBenchmark.run(input, parallelism, stateBackend);
                out.printf(
                        Locale.ROOT,
                        "warm-up %d: %.1f CPU s, after the first tenth %.0f per CPU second%n",
                        i + 1,
                        r.cpu().toMillis() / 1000.0,
                        r.steadyArticlesPerCpuSecond());
                out.flush();
            }
            List<Double> steady = new ArrayList<>();
            List<Double> perCore = new ArrayList<>();
            List<Double> wallPerCore = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                var r = PipelineBenchmark.run(input, parallelism, stateBackend);
                steady.add(r.steadyArticlesPerCpuSecond());
                perCore.add(r.articlesPerCpuSecond());
                wallPerCore.add(r.articlesPerSecondPerCore());
                out.printf(
                        Locale.ROOT,
                        "run %d: %.1f s wall clock, %.1f CPU s; %.0f articles/s, %.0f per core by wall clock, %.0f per CPU second;"
                                + " after the first tenth %.1f CPU s, %.0f per CPU second%n",
                        i + 1,
                        r.elapsed().toMillis() / 1000.0,
                        r.cpu().toMillis() / 1000.0,
                        r.articlesPerSecond(),
                        r.articlesPerSecondPerCore(),
                        r.articlesPerCpuSecond(),
                        r.steadyCpu().toMillis() / 1000.0,
                        r.steadyArticlesPerCpuSecond());
                out.flush();
            }
            out.printf(
                    Locale.ROOT,
                    "load average now %.1f; by wall clock %.0f articles/s per core; with start-up %.0f articles per CPU second%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    median(wallPerCore),
                    median(perCore));
            out.printf(
                    Locale.ROOT,
                    "pipeline: %.0f articles per CPU second (the job's JVM once running: CPU after the first tenth of the input"
                            + " to the end; median of %d runs after %d warm-up runs, %d articles, parallelism %d%s)%n",
                    median(steady),
                    runs,
                    warmupRuns,
                    articles,
                    parallelism,
                    stateBackend.equals("rocksdb") ? ", RocksDB" : "");
            return 0;
        }

        private static double median(List<Double> values) {
            return values.stream().sorted().toList().get(values.size() / 2);
        }

        private int withKafka(List<RawRecord> input, PrintWriter out) throws Exception {
            List<KafkaPipelineBenchmark.Result> results = new ArrayList<>();
            try (var setup = KafkaPipelineBenchmark.prepare(input, parallelism, out)) {
                for (int i = 0; i < warmupRuns + runs; i++) {
                    var r = setup.run(deadline);
                    boolean warmUp = i < warmupRuns;
                    out.printf(
                            Locale.ROOT,
                            "%s: %.1f s wall clock, job JVM %.1f CPU s, broker %.1f CPU s (counting consumer %.1f CPU s, not counted); "
                                    + "%.0f articles/s, %.0f per CPU second of the job's JVM%s%n",
                            warmUp ? "warm-up " + (i + 1) : "run " + (i + 1 - warmupRuns),
                            r.elapsed().toMillis() / 1000.0,
                            r.jobCpu().toMillis() / 1000.0,
                            r.brokerCpu().toMillis() / 1000.0,
                            r.counterCpu().toMillis() / 1000.0,
                            r.articlesPerSecond(),
                            r.articlesPerJobCpuSecond(),
                            r.taggedTwice() == 0 ? "" : "; " + r.taggedTwice() + " ARTICLES TWICE on the tagged topic");
                    out.flush();
                    if (!warmUp) {
                        results.add(r);
                    }
                }
            }
            var perCpu = median(results, KafkaPipelineBenchmark.Result::articlesPerJobCpuSecond);
            var wall = median(results, KafkaPipelineBenchmark.Result::articlesPerSecond);
            var broker = median(results, KafkaPipelineBenchmark.Result::brokerCpuPerThousand);
            out.printf(
                    Locale.ROOT,
                    "load average now %.1f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            out.printf(
                    Locale.ROOT,
                    "pipeline --kafka: %.0f articles per CPU second of the job's JVM, broker %.2f CPU s per 1000 articles, "
                            + "%.0f articles/s by wall clock (medians of %d runs, %d articles, parallelism %d, exactly-once)%n",
                    perCpu,
                    broker,
                    wall,
                    runs,
                    articles,
                    parallelism);
            return 0;
        }

        private static double median(
                List<KafkaPipelineBenchmark.Result> results, ToDoubleFunction<KafkaPipelineBenchmark.Result> f) {
            double[] v = results.stream().mapToDouble(f).sorted().toArray();
            return v[v.length / 2];
        }
    }

    /** {@code comention bench state}: bytes of counting state per remembered combination. */
    @Command(
            name = "state",
            mixinStandardHelpOptions = true,
            description = {
                "Counting state per remembered combination, serialised with the job's own state serializer as a",
                "checkpoint writes it (and, for comparison, with Flink's POJO serializer): the bench pipeline's",
                "articles parsed, tagged and counted as in the job (bundled configuration), expired combinations",
                "forgotten as the operator's timers would. The key (the combination's ids) comes on top.",
                "Then the job itself runs over the same articles and its savepoints are measured: Snappy-compressed",
                "per key group as job.snapshot_compression (on in the bundled configuration) makes them, or not with",
                "--snapshot-compression false."
            })
    static final class State implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--articles", defaultValue = "20000", description = "Articles (default: ${DEFAULT-VALUE}).")
        int articles;

        @Option(
                names = "--seconds-between",
                paramLabel = "SECONDS",
                defaultValue = "1",
                description = "Event time between consecutive articles (default: ${DEFAULT-VALUE}).")
        double secondsBetween;

        @Option(
                names = "--deadline",
                paramLabel = "DURATION",
                converter = DurationConverter.class,
                defaultValue = "30m",
                description = "Give up on the job's savepoints after this long (default: ${DEFAULT-VALUE}).")
        Duration deadline;

        @Option(
                names = "--state-backend",
                paramLabel = "hashmap|rocksdb",
                defaultValue = "hashmap",
                description = "The job's state backend for the savepoints (default: ${DEFAULT-VALUE}).")
        String stateBackend;

        @Option(
                names = "--snapshot-compression",
                paramLabel = "true|false",
                arity = "1",
                defaultValue = "true",
                description = "Compress the savepoints as job.snapshot_compression does (default: ${DEFAULT-VALUE}).")
        boolean snapshotCompression;

        @Option(
                names = "--savepoint-format",
                paramLabel = "native|canonical",
                defaultValue = "native",
                description = "native: the backend's own files (RocksDB's include overwritten values not yet"
                        + " compacted); canonical: every live key and value through the job's serializers"
                        + " (default: ${DEFAULT-VALUE}).")
        String savepointFormat;

        @Override
        public Integer call() throws Exception {
            if (articles < 100 || !(secondsBetween >= 0.001 && secondsBetween <= 3600)) {
                throw new ComentionCli.UserError(
                        "need --articles of at least 100 and --seconds-between in 0.001..3600");
            }
            if (deadline.isZero() || deadline.isNegative()) {
                throw new ComentionCli.UserError("--deadline must be above zero, e.g. --deadline 30m");
            }
            requireKnownStateBackend(stateBackend);
            if (!savepointFormat.equals("native") && !savepointFormat.equals("canonical")) {
                throw new ComentionCli.UserError(
                        "--savepoint-format must be native or canonical, not " + savepointFormat);
            }
            var format = savepointFormat.equals("native") ? SavepointFormatType.NATIVE : SavepointFormatType.CANONICAL;
            PrintWriter out = spec.commandLine().getOut();
            var input = PipelineBenchmark.articles(articles, 7, secondsBetween);
            var r = StateSizeBenchmark.run(input);
            out.printf(
                    Locale.ROOT,
                    "%d articles, one every %s s: %,d combinations remembered, %,d of them named by one article%n",
                    r.articles(),
                    secondsBetween,
                    r.combinations(),
                    r.namedOnce());
            out.printf(
                    Locale.ROOT,
                    "breakdown, each state serialised alone (key not included): %.0f bytes per combination at the end"
                            + " (%.0f named once), %.0f settled (%.0f named once); Flink's POJO serializer: %.0f%n",
                    r.bytesPerCombination(),
                    r.bytesPerCombinationNamedOnce(),
                    r.settledBytesPerCombination(),
                    r.settledBytesNamedOnce(),
                    r.pojoBytesPerCombination());
            out.flush();
            var saved = SavepointStateSize.run(input, stateBackend, snapshotCompression, format, deadline);
            if (saved.combinations() != r.combinations()) {
                out.printf(
                        Locale.ROOT,
                        "note: the job remembered %,d combinations, the breakdown above %,d%n",
                        saved.combinations(),
                        r.combinations());
            }
            out.printf(
                    Locale.ROOT,
                    "%s savepoints of the job (%s format, %s; keys and the names table included):"
                            + " %,d bytes at the end = %.1f per combination; settled %,d bytes = %.1f per combination%n",
                    stateBackend,
                    savepointFormat,
                    stateBackend.equals("rocksdb") && format == SavepointFormatType.NATIVE
                            ? "the database's files, compressed by RocksDB"
                            : snapshotCompression ? "compressed" : "uncompressed",
                    saved.endKeyedBytes() + saved.endNamesBytes(),
                    saved.endBytesPerCombination(),
                    saved.settledKeyedBytes() + saved.settledNamesBytes(),
                    saved.settledBytesPerCombination());
            out.printf(
                    Locale.ROOT,
                    "state: %.1f bytes per remembered combination for a week at this pace (a day as at the end, six"
                            + " days settled; from the savepoints)%n",
                    saved.weekBytesPerCombination());
            return 0;
        }
    }

    /** {@code comention bench latency}: produce-to-visible latency of every output, exactly-once, on a real broker. */
    @Command(
            name = "latency",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "How soon the job's outputs become visible to read_committed readers after an",
                "article is produced. Starts a Kafka broker in this process (a free port),",
                "creates the topics and runs the job on a local mini cluster with the bundled",
                "configuration (exactly-once sinks, the bundled checkpoint interval). A real",
                "producer writes current-time 3-6 KB articles at a steady --rate for",
                "--duration; three read_committed readers stamp each record on news.tagged,",
                "news.alerts and news.comention.counts as their poll returns it.",
                "",
                "Measured, as p50, p99 and max (target):",
                "  tagged      an article produced -> on news.tagged, by id     (p99 <= 2 s)",
                "  watch       the article reaching a watch rule's threshold",
                "              -> its WATCH alert                                (p99 <= 3 s)",
                "  burst       the article making a fresh pair's count",
                "              improbable -> its BURST alert                     (p99 <= 3 s)",
                "  first_seen  the first article naming a new watchlist pair",
                "              -> its FIRST_SEEN alert                           (p99 <= 3 s)",
                "  lone        an article after --silence with no traffic",
                "              -> on news.tagged                                 (p99 <= 5 s)",
                "  counts      the last article naming a scenario pair -> the",
                "              first count update whose total includes it       (p99 <= 10 s)",
                "Alerts match by kind, rule and combination (their key or any combination",
                "they say they cover). Scenarios use pairs of countries the background",
                "traffic never names, --repeat of each alert kind spread over the traffic",
                "after --warm-up; the lone articles follow the traffic. A record not visible",
                "within --deadline is reported missing and ranks above every measured one.",
                "The last line is the summary.",
                "",
                "Changes to the configuration, all printed at the start: Kafka is the",
                "embedded broker (no client properties); added to the configured rules: one",
                "watch rule per WATCH sample (latency-watch-NN, shortest horizon, threshold",
                "3) and the watchlist latency-first-seen; alerts.burst.warm_up: 0 (a fresh",
                "job is in warm-up, where nothing can burst).",
                "Ctrl-C stops everything and prints what was measured so far.",
                ""
            })
    static final class Latency implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--rate", defaultValue = "20", description = "Articles per second (default: ${DEFAULT-VALUE}).")
        double rate;

        @Option(
                names = "--duration",
                defaultValue = "160s",
                converter = DurationConverter.class,
                description = "Length of the steady traffic, warm-up included (default: ${DEFAULT-VALUE}).")
        Duration duration;

        @Option(
                names = "--warm-up",
                defaultValue = "40s",
                converter = DurationConverter.class,
                description = "Traffic at the start that is not measured: a fresh JVM runs the first 20–30 s slower "
                        + "until the JIT has compiled the tagger (default: ${DEFAULT-VALUE}; 10s to include it).")
        Duration warmUp;

        @Option(
                names = "--repeat",
                defaultValue = "20",
                description = "Samples of each alert scenario (watch, burst, first_seen); "
                        + "lowered when the traffic cannot hold them (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(
                names = "--silence",
                defaultValue = "30s",
                converter = DurationConverter.class,
                description = "Quiet time before each lone article (default: ${DEFAULT-VALUE}).")
        Duration silence;

        @Option(
                names = "--lone",
                defaultValue = "3",
                description = "Lone articles at the end (default: ${DEFAULT-VALUE}).")
        int lone;

        @Option(
                names = "--deadline",
                defaultValue = "60s",
                converter = DurationConverter.class,
                description =
                        "How long an expected record is waited for before it counts as missing (default: ${DEFAULT-VALUE}).")
        Duration deadline;

        @Option(
                names = "--short-articles",
                description = "Headline-only articles of under ten words instead of 3-6 KB ones "
                        + "(too short to fingerprint): for checking the harness, not for the figures.")
        boolean shortArticles;

        /** A configuration to measure instead of the bundled one (e.g. another job.checkpoint_interval);
         *  its Kafka settings are replaced by the embedded broker's. */
        @Mixin
        ConfigOption config;

        @Option(
                names = "--seed",
                defaultValue = "1",
                description = "Seed of the generated articles (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            if (!(rate > 0 && rate <= 1000)) {
                throw new ComentionCli.UserError("--rate must be above 0 and at most 1000, was " + rate);
            }
            Duration d = duration;
            Duration w = warmUp;
            Duration q = silence;
            Duration dl = deadline;
            if (d.compareTo(w.plusSeconds(10)) < 0) {
                throw new ComentionCli.UserError("--duration must exceed --warm-up by at least 10s");
            }
            if (dl.isZero() || repeat < 1 || repeat > 200 || lone < 0 || lone > 50) {
                throw new ComentionCli.UserError(
                        "need --deadline above 0, --repeat from 1 to 200 and --lone from 0 to 50");
            }
            ComentionConfig base = config.load();
            PrintWriter out = spec.commandLine().getOut();
            var settings = new LatencyBenchmark.Settings(rate, d, w, repeat, q, lone, dl, shortArticles, seed);

            Thread main = Thread.currentThread();
            LatencyBenchmark.Result result;
            try (UntilCtrlC ctrlC = UntilCtrlC.install(Duration.ofSeconds(90), main::interrupt)) {
                var bench = new LatencyBenchmark(
                        settings,
                        cfg -> {
                            LocalJob job = LocalJob.start(cfg);
                            return new LatencyBenchmark.RunningJob() {
                                @Override
                                public boolean isRunning() {
                                    return job.isRunning();
                                }

                                @Override
                                public void close() {
                                    job.close();
                                }
                            };
                        },
                        out,
                        ctrlC::stopping);
                try {
                    result = bench.run(base);
                } catch (LatencyPlan.DoesNotFit e) {
                    throw new ComentionCli.UserError(e.getMessage());
                }
                out.println(result.summary());
                out.flush();
            }
            return 0;
        }
    }

    /** The values of both benchmarks' {@code --state-backend}. */
    private static void requireKnownStateBackend(String stateBackend) {
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            throw new ComentionCli.UserError("--state-backend must be hashmap or rocksdb, not " + stateBackend);
        }
    }
}
