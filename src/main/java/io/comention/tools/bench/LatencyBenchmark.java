package io.comention.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.comention.analytics.BurstSettings;
import io.comention.analytics.Combinations;
import io.comention.analytics.Fingerprint;
import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import io.comention.config.ComentionConfig;
import io.comention.kafka.Producers;
import io.comention.kafka.TopicAdmin;
import io.comention.model.Durations;
import io.comention.model.Json;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import io.comention.tools.bench.BenchArticles.Text;
import io.comention.tools.bench.LatencyPlan.Sample;
import io.comention.tools.bench.ScenarioBook.Expectation;
import io.comention.tools.bench.ScenarioBook.Outcome;
import io.comention.tools.bench.ScenarioBook.Scenario;
import io.comention.tools.sandbox.LocalKafkaBroker;
import io.comention.tools.sandbox.ScratchDirectories;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code comention bench latency}: how long after an article is produced its outputs become visible
 * to {@code read_committed} readers, with the job as deployed (exactly-once sinks, checkpoints).
 *
 * <p>A real Kafka broker in this JVM, the job on a local mini cluster, one producer writing
 * current-time articles at a steady rate and three reader threads (news.tagged, news.alerts,
 * news.comention.counts) stamping each record when a poll returns it. Into the background traffic
 * (articles naming 3–6 busy countries) it injects the scenarios of {@link LatencyPlan} on pairs of
 * countries nothing else names, then, after the traffic, lone articles each after a silence. The
 * bookkeeping is {@link ScenarioBook}; percentiles are {@link LatencyStats}.
 *
 * <p>Configuration: the given one (the bundled one unless the command says otherwise) with the
 * embedded broker's address, no Kafka client properties, and these additions, each printed: a watch rule
 * per WATCH sample, the benchmark's watchlist, and {@code alerts.burst.warm_up: 0} (a fresh job is in
 * warm-up, where nothing can burst).
 */
public final class LatencyBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyBenchmark.class);
    private static final String PROBE_ID = "lat-probe";
    /** A loaded 2-core machine took 50 s from submission to the first committed output. */
    private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(3);

    private static final int SHOW_MISSING = 5;

    /**
     * @param rate articles per second of the steady traffic
     * @param duration of the steady traffic, warm-up included
     * @param warmUp traffic before any sample counts (the job and the JIT settle)
     * @param repeat samples per alert kind (lowered when the traffic cannot hold them)
     * @param silence before each lone article, since the previous article
     * @param lone how many lone articles at the end
     * @param deadline how long each expected record is waited for before it is reported missing
     * @param shortArticles headline-only articles of under ten words instead of 3–6 KB ones
     */
    public record Settings(
            double rate,
            Duration duration,
            Duration warmUp,
            int repeat,
            Duration silence,
            int lone,
            Duration deadline,
            boolean shortArticles,
            long seed) {}

    /** Starts the job on the given configuration (the CLI runs it on a local mini cluster). */
    @FunctionalInterface
    public interface JobLauncher {
        RunningJob start(ComentionConfig config) throws Exception;
    }

    /** A started job. */
    public interface RunningJob extends AutoCloseable {
        boolean isRunning();

        @Override
        void close();
    }

    /** What the run found; {@code summary} is the one-line figure the command prints last. */
    public record Result(Map<Scenario, Outcome> outcomes, String summary, boolean complete) {}

    private final Settings settings;
    private final JobLauncher launcher;
    private final PrintWriter out;
    private final BooleanSupplier stopRequested;
    private final ScenarioBook book;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicReference<Exception> firstSendFailure = new AtomicReference<>();
    private final CountDownLatch probeSeen = new CountDownLatch(1);
    private final List<Reader> readers = new ArrayList<>();
    private volatile String stoppedBecause;
    private RunningJob job;

    public LatencyBenchmark(Settings settings, JobLauncher launcher, PrintWriter out, BooleanSupplier stopRequested) {
        this.settings = settings;
        this.launcher = launcher;
        this.out = out;
        this.stopRequested = stopRequested;
        this.book = new ScenarioBook(settings.deadline(), System::nanoTime);
    }

    /**
     * Runs the benchmark on {@code base} (plus the overrides above), prints its progress and figures, and
     * stops everything it started before returning. Never waits longer than the deadlines say.
     */
    public Result run(ComentionConfig base) throws Exception {
        Settings s = settings;
        KnowledgeBase kb = base.tagging().entitiesDir() == null
                ? KnowledgeBase.loadDefault()
                : KnowledgeBase.loadDirectory(Path.of(base.tagging().entitiesDir()));
        EntityTagger tagger = new EntityTagger(kb);
        Set<String> named = new TreeSet<>(BenchArticles.BACKGROUND);
        base.rules().forEach(r -> named.addAll(r.entities()));
        base.watchlists().forEach(w -> named.addAll(w.entities()));
        List<String> quiet = BenchArticles.quietCountries(kb, tagger, named);
        BurstSettings burst = base.alerts().burst();
        int burstArticles = LatencyPlan.burstArticles(burst.minCount(), burst.minScore(), burst.noiseFloor());
        LatencyPlan plan = LatencyPlan.build(s.repeat(), s.rate(), s.duration(), s.warmUp(), quiet, burstArticles);
        Duration shortest = base.counts().horizons().get(0).length();
        Duration longest = base.counts()
                .horizons()
                .get(base.counts().horizons().size() - 1)
                .length();

        Set<String> ids = new LinkedHashSet<>(BenchArticles.BACKGROUND);
        plan.samples().forEach(x -> ids.addAll(x.entities()));
        BenchArticles articles = new BenchArticles(BenchArticles.namesOf(kb, ids), s.seed(), s.shortArticles());
        List<Planned> scenarioArticles = planArticles(plan, articles);
        selfCheck(tagger, articles, scenarioArticles, base.nearDuplicates().minSimilarity());

        printIntro(base, plan, burst, shortest, longest, kb);

        // The broker's folder, deleted below (on Ctrl-C too: the shutdown hook waits for this clean-up). Not
        // inside the CLI's own temp folder: the CLI's shutdown hook deletes that one at once, under a running
        // broker, which then halts the JVM before anything is cleaned up.
        Path dataDir = Files.createTempDirectory("comention-latency-");
        LocalKafkaBroker broker = null;
        KafkaProducer<byte[], byte[]> producer = null;
        boolean complete = false;
        Map<Scenario, Outcome> outcomes;
        try {
            broker = LocalKafkaBroker.start(0, dataDir);
            ComentionConfig config = benchConfig(base, plan, broker.bootstrapServers(), shortest, longest);
            Properties client = config.kafka().clientProperties();
            TopicAdmin.ensureTopics(client, config.topics(), 2, (short) 1);
            out.printf(
                    "Kafka (KRaft, in process) on %s; topics %s%n",
                    broker.bootstrapServers(), String.join(", ", config.topics().all()));
            out.flush();
            readers.add(new Reader(client, config.topics().tagged(), this::onTagged));
            readers.add(new Reader(client, config.topics().alerts(), this::onAlert));
            readers.add(new Reader(client, config.topics().counts(), this::onCount));
            readers.forEach(Reader::start);
            for (Reader r : readers) {
                r.awaitAssigned(Duration.ofSeconds(30));
            }
            producer = Producers.acknowledged(client);

            out.printf(
                    "starting the job on a local mini cluster (parallelism %d, checkpoints every %s, exactly-once sinks) …%n",
                    config.job().localParallelism(),
                    LatencyStats.seconds(config.job().checkpointInterval().toNanos()));
            out.flush();
            long submitted = System.nanoTime();
            job = launcher.start(config);
            if (awaitProbe(producer, config.topics().raw(), articles, submitted)) {
                complete = traffic(producer, config.topics().raw(), articles, scenarioArticles)
                        && loneArticles(producer, config.topics().raw(), articles)
                        && drain();
            }
        } catch (InterruptedException | InterruptException e) {
            stoppedBecause = "interrupted";
        } finally {
            Thread.interrupted(); // Ctrl-C interrupts this thread; the clean-up below must still wait
            outcomes = book.outcomes();
            if (broker != null) {
                printReport(outcomes, complete);
            }
            out.println("stopping the job, the clients and the broker …");
            out.flush();
            for (Reader r : readers) {
                r.stop();
            }
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
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
        }
        return new Result(outcomes, summary(outcomes, complete), complete);
    }

    // ---------------------------------------------------------------- configuration

    /**
     * The base configuration on the embedded broker, plus the benchmark's rules, {@code alerts.burst.warm_up: 0}
     * and {@code alerts.first_seen_warm_up: 0s}: a fresh job is in warm-up.
     */
    static ComentionConfig benchConfig(
            ComentionConfig base,
            LatencyPlan plan,
            String bootstrap,
            Duration shortestHorizon,
            Duration longestHorizon) {
        List<WatchRule> rules = new ArrayList<>(base.rules());
        rules.addAll(plan.watchRules(shortestHorizon));
        List<Watchlist> lists = new ArrayList<>(base.watchlists());
        lists.add(plan.watchlist(longestHorizon));
        BurstSettings b = base.alerts().burst();
        BurstSettings burst = new BurstSettings(
                b.enabled(), b.horizon(), b.minCount(), b.minScore(), b.noiseFloor(), b.halfLife(), Duration.ZERO);
        return new ComentionConfig(
                new ComentionConfig.Kafka(bootstrap, base.kafka().groupId(), Map.of()),
                base.topics(),
                base.job(),
                base.input(),
                base.events(),
                base.tagging(),
                base.counts(),
                base.nearDuplicates(),
                new ComentionConfig.Alerts(base.alerts().cooldown(), burst, Duration.ZERO),
                List.copyOf(rules),
                List.copyOf(lists));
    }

    private void printIntro(
            ComentionConfig base,
            LatencyPlan plan,
            BurstSettings burst,
            Duration shortest,
            Duration longest,
            KnowledgeBase kb) {
        Settings s = settings;
        var job = base.job();
        out.printf(
                "latency bench: %s articles/s for %s (the first %s unmeasured), %s, current time, ids lat-*%n",
                trim(s.rate()),
                LatencyStats.seconds(s.duration().toNanos()),
                LatencyStats.seconds(s.warmUp().toNanos()),
                s.shortArticles() ? "headline-only articles of under ten words (--short-articles)" : "3–6 KB articles");
        out.printf(
                "configuration: as given (job.checkpoint_interval %s, parallelism %d, exactly-once sinks), Kafka = the embedded broker, plus:%n",
                LatencyStats.seconds(job.checkpointInterval().toNanos()), job.localParallelism());
        List<Sample> watch = plan.samples().stream()
                .filter(x -> x.scenario() == Scenario.WATCH)
                .toList();
        out.printf(
                "  + %d watch rules %s01..%02d, one per pair of %s, horizon %s, threshold %d%n",
                watch.size(),
                LatencyPlan.WATCH_PREFIX,
                watch.size(),
                plan.watchPool(),
                Durations.format(shortest),
                LatencyPlan.WATCH_THRESHOLD);
        out.printf(
                "  + watchlist %s: %s, lookback %s%n",
                LatencyPlan.WATCHLIST, plan.firstSeenPool(), Durations.format(longest));
        out.printf(
                "  ~ alerts.burst.warm_up: %s -> 0s (a fresh job is in warm-up, where nothing can burst)%n",
                Durations.format(burst.warmUp()));
        if (!base.alerts().firstSeenWarmUp().isZero()) {
            out.printf(
                    "  ~ alerts.first_seen_warm_up: %s -> 0s%n",
                    Durations.format(base.alerts().firstSeenWarmUp()));
        }
        out.printf("background: each article names 3–6 of %s%n", BenchArticles.BACKGROUND);
        if (plan.repeat() < plan.requestedRepeat()) {
            out.printf(
                    "note: %d samples per alert kind instead of %d: scenario articles may take at most half of the traffic%n",
                    plan.repeat(), plan.requestedRepeat());
        }
        out.printf(
                "scenarios: %d x watch (%d articles %d ms apart), %d x burst (%d articles %d ms apart on a fresh pair of %s: "
                        + "the %d%s makes the count improbable: min_count %d, min_score %s, noise floor %s), %d x first_seen%s, "
                        + "counts on every scenario pair; then %d lone article%s, each after %s of silence%n",
                plan.repeat(),
                LatencyPlan.WATCH_THRESHOLD,
                LatencyPlan.WATCH_GAP_MS,
                plan.repeat(),
                plan.burstArticles(),
                LatencyPlan.BURST_GAP_MS,
                plan.burstPool(),
                plan.burstArticles(),
                ordinal(plan.burstArticles()),
                burst.minCount(),
                trim(burst.minScore()),
                trim(burst.noiseFloor()),
                plan.repeat(),
                burst.enabled() ? "" : " (alerts.burst.enabled is false: no BURST can fire)",
                s.lone(),
                s.lone() == 1 ? "" : "s",
                LatencyStats.seconds(s.silence().toNanos()));
        out.printf(
                "deadline %s per expected record: what is not visible by then is reported missing%n",
                LatencyStats.seconds(s.deadline().toNanos()));
        out.flush();
    }

    // ---------------------------------------------------------------- phases

    /** One scenario article, due {@code dueMillis} after the traffic started. */
    record Planned(long dueMillis, long sequence, Sample sample, int index, Text text) {}

    private static List<Planned> planArticles(LatencyPlan plan, BenchArticles articles) {
        List<Planned> out = new ArrayList<>();
        long seq = 0;
        for (Sample sample : plan.samples()) {
            for (int i = 0; i < sample.articles(); i++) {
                out.add(new Planned(sample.dueMillis().get(i), seq++, sample, i, articles.text(sample.entities())));
            }
        }
        return out;
    }

    /**
     * Fails before anything starts when a generated article would not tag as planned (a word of the
     * vocabulary that names an entity) or when two articles of one sample are near-copies (the second
     * would not be counted).
     */
    private static void selfCheck(
            EntityTagger tagger, BenchArticles articles, List<Planned> planned, double minSimilarity) {
        List<Text> background = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<String> ids = articles.backgroundEntities();
            Text t = articles.text(ids);
            requireTags(tagger, t, ids);
            background.add(t);
        }
        Map<Sample, List<Text>> bySample = new LinkedHashMap<>();
        for (Planned p : planned) {
            requireTags(tagger, p.text(), p.sample().entities());
            bySample.computeIfAbsent(p.sample(), k -> new ArrayList<>()).add(p.text());
        }
        for (List<Text> texts : bySample.values()) {
            for (int i = 0; i < texts.size(); i++) {
                long[] a = Fingerprint.of(texts.get(i).title(), texts.get(i).body());
                for (int j = i + 1; j < texts.size(); j++) {
                    long[] b = Fingerprint.of(texts.get(j).title(), texts.get(j).body());
                    if (Fingerprint.similarity(a, b) >= minSimilarity) {
                        throw new IllegalStateException("generated articles of one scenario are near-copies: "
                                + texts.get(i).title());
                    }
                }
            }
        }
    }

    private static void requireTags(EntityTagger tagger, Text t, List<String> ids) {
        Set<String> found = BenchArticles.tagged(tagger, t);
        if (!found.equals(new TreeSet<>(ids))) {
            throw new IllegalStateException(
                    "a generated article meant to name " + new TreeSet<>(ids) + " tags as " + found + ": " + t.title());
        }
    }

    /** Produces a short probe article and waits until it is on news.tagged: the job is up end to end. */
    private boolean awaitProbe(
            KafkaProducer<byte[], byte[]> producer, String topic, BenchArticles articles, long submitted)
            throws InterruptedException {
        Text probe = new Text(BenchArticles.joinNames(List.of("United States", "United Kingdom")) + " probe", null);
        send(producer, topic, PROBE_ID, probe);
        long until = System.nanoTime() + PROBE_TIMEOUT.toNanos();
        while (!probeSeen.await(200, TimeUnit.MILLISECONDS)) {
            if (stopNow()) {
                return false;
            }
            if (System.nanoTime() - until > 0) {
                stoppedBecause =
                        "the job put nothing on news.tagged within " + LatencyStats.seconds(PROBE_TIMEOUT.toNanos())
                                + " of starting (a short probe article); see logs/comention.log";
                out.println(stoppedBecause);
                return false;
            }
        }
        out.printf(
                "job ready: a short probe article was on news.tagged %s after the job was submitted%n",
                LatencyStats.seconds(System.nanoTime() - submitted));
        out.flush();
        return true;
    }

    private long lastSend;

    /** The steady traffic with the scenarios injected; false when stopped early. */
    private boolean traffic(
            KafkaProducer<byte[], byte[]> producer, String topic, BenchArticles articles, List<Planned> planned)
            throws InterruptedException {
        Settings s = settings;
        PriorityQueue<Planned> queue =
                new PriorityQueue<>(Comparator.comparingLong(Planned::dueMillis).thenComparingLong(Planned::sequence));
        queue.addAll(planned);
        Map<Sample, Expectation[]> expectations = new HashMap<>();
        long interval = Math.round(1e9 / s.rate());
        long start = System.nanoTime();
        long nextProgress = start + 10_000_000_000L;
        long background = 0;
        out.printf(
                "traffic: %s articles/s for %s …%n",
                trim(s.rate()), LatencyStats.seconds(s.duration().toNanos()));
        out.flush();
        for (long i = 0; ; i++) {
            long tick = start + i * interval;
            long elapsedMillis = (tick - start) / 1_000_000;
            if (elapsedMillis >= s.duration().toMillis() && queue.isEmpty()) {
                break;
            }
            if (!parkUntil(tick)) {
                return false;
            }
            Planned p = queue.peek();
            if (p != null && p.dueMillis() <= elapsedMillis) {
                queue.poll();
                sendScenario(producer, topic, p, expectations);
            } else {
                String id = String.format(Locale.ROOT, "lat-bg-%06d", ++background);
                Text t = articles.text(articles.backgroundEntities());
                boolean measured = elapsedMillis >= s.warmUp().toMillis();
                send(producer, topic, id, t, at -> {
                    if (measured) {
                        book.expectTagged(Scenario.TAGGED, id, at);
                    }
                });
            }
            long now = System.nanoTime();
            if (now - nextProgress >= 0) {
                progress((now - start) / 1_000_000_000L);
                nextProgress += 10_000_000_000L;
            }
        }
        progress((System.nanoTime() - start) / 1_000_000_000L);
        return true;
    }

    private void sendScenario(
            KafkaProducer<byte[], byte[]> producer, String topic, Planned p, Map<Sample, Expectation[]> expectations) {
        Sample sample = p.sample();
        String id = sample.articleId(p.index());
        boolean first = p.index() == 0;
        boolean last = p.index() == sample.articles() - 1;
        send(producer, topic, id, p.text(), at -> {
            if (first) {
                expectations.put(sample, new Expectation[] {
                    book.expectAlert(sample.scenario(), sample.alertKind(), sample.rule(), sample.key()),
                    book.expectCount(sample.key(), sample.articles())
                });
            }
            book.expectTagged(Scenario.TAGGED, id, at);
            if (last) {
                for (Expectation e : expectations.remove(sample)) {
                    book.arm(e, at);
                }
            }
        });
    }

    /** Lone articles, each after the silence; false when stopped early. */
    private boolean loneArticles(KafkaProducer<byte[], byte[]> producer, String topic, BenchArticles articles)
            throws InterruptedException {
        Settings s = settings;
        for (int i = 1; i <= s.lone(); i++) {
            out.printf(
                    "lone article %d of %d after %s of silence …%n",
                    i, s.lone(), LatencyStats.seconds(s.silence().toNanos()));
            out.flush();
            if (!parkUntil(lastSend + s.silence().toNanos())) {
                return false;
            }
            String id = String.format(Locale.ROOT, "lat-lone-%d", i);
            Text t = articles.text(articles.backgroundEntities());
            Expectation[] e = new Expectation[1];
            long at = send(producer, topic, id, t, when -> e[0] = book.expectTagged(Scenario.LONE, id, when));
            book.awaitResolved(e[0], at + s.deadline().toNanos() + 1_000_000_000L, this::stopNow);
            if (stopNow()) {
                return false;
            }
        }
        return true;
    }

    /** Waits until every expected record has been seen or its deadline has passed; false when stopped early. */
    private boolean drain() throws InterruptedException {
        if (book.waiting() > 0) {
            out.printf(
                    "waiting for %d expected records (at most %s each) …%n",
                    book.waiting(), LatencyStats.seconds(settings.deadline().toNanos()));
            out.flush();
        }
        book.awaitNoneWaiting(lastSend + settings.deadline().toNanos() + 1_000_000_000L, this::stopNow);
        return !stopNow();
    }

    private void progress(long seconds) {
        book.expire(System.nanoTime());
        out.printf(
                Locale.ROOT,
                "  · %3d s: produced %d · news.tagged %d · alerts %d (%d for scenarios) · count updates %d · waiting for %d%n",
                seconds,
                produced.get(),
                book.taggedRecords(),
                book.alertRecords(),
                book.alertsMatched(),
                book.countRecords(),
                book.waiting());
        out.flush();
    }

    /** Sleeps until {@code deadline} (a nanoTime reading) in slices, checking for a stop; false when stopping. */
    private boolean parkUntil(long deadline) {
        while (true) {
            if (stopNow()) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(left, 100_000_000L)); // pacing the traffic, not synchronisation
            if (Thread.currentThread().isInterrupted()) {
                stoppedBecause = "interrupted";
                return false;
            }
        }
    }

    private boolean stopNow() {
        if (stoppedBecause != null) {
            return true;
        }
        if (stopRequested.getAsBoolean()) {
            stoppedBecause = "interrupted";
        } else if (job != null && !job.isRunning()) {
            stoppedBecause = "the job stopped unexpectedly; see logs/comention.log";
        } else if (readers.stream().anyMatch(r -> r.failure != null)) {
            Reader r =
                    readers.stream().filter(x -> x.failure != null).findFirst().orElseThrow();
            stoppedBecause = "the reader of " + r.topic + " failed: " + r.failure.getMessage();
        } else if (sendFailures.get() > 0) {
            Exception e = firstSendFailure.get();
            stoppedBecause = "the producer failed: " + (e == null ? "?" : e.getMessage());
        } else {
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- Kafka

    private long send(KafkaProducer<byte[], byte[]> producer, String topic, String id, Text text) {
        return send(producer, topic, id, text, at -> {});
    }

    /** Sends one article; {@code beforeSend} registers what it should cause, with the clock reading taken just before the send. */
    private long send(
            KafkaProducer<byte[], byte[]> producer, String topic, String id, Text text, LongConsumer beforeSend) {
        byte[] value = BenchArticles.json(id, text, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        long at = System.nanoTime();
        beforeSend.accept(at);
        producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), value), (meta, e) -> {
            if (e != null) {
                firstSendFailure.compareAndSet(null, e);
                sendFailures.incrementAndGet();
                LOG.warn("could not produce {}", id, e);
            }
        });
        produced.incrementAndGet();
        lastSend = at;
        return at;
    }

    private void onTagged(ConsumerRecord<byte[], byte[]> r, long at) {
        String id = r.key() != null ? new String(r.key(), StandardCharsets.UTF_8) : null;
        if (id == null && r.value() != null) {
            id = parse(r.value()).path("id").asText(null);
        }
        if (id == null) {
            return;
        }
        if (id.equals(PROBE_ID)) {
            probeSeen.countDown();
            return;
        }
        book.taggedVisible(id, at);
    }

    private void onAlert(ConsumerRecord<byte[], byte[]> r, long at) {
        if (r.value() == null) {
            return;
        }
        JsonNode a = parse(r.value());
        book.alertVisible(
                a.path("alert_id").asText(null),
                a.path("kind").asText(""),
                a.path("rule").asText(""),
                alertKeys(a, r.key()),
                at);
    }

    private void onCount(ConsumerRecord<byte[], byte[]> r, long at) {
        if (r.value() == null) {
            return; // a tombstone: a forgotten combination
        }
        JsonNode c = parse(r.value());
        String key = r.key() != null
                ? new String(r.key(), StandardCharsets.UTF_8)
                : c.path("key").asText(null);
        if (key != null && c.path("total").isNumber()) {
            book.countVisible(key, c.path("total").asLong(), at);
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /**
     * The combinations an alert speaks for: its {@code key} (else its record key, else its entities' ids)
     * and every combination it lists as covered. Tolerant of the shape: any field whose name contains
     * "cover" or "combination" may hold keys as strings, or objects with a {@code key} or {@code entities}.
     */
    static Set<String> alertKeys(JsonNode alert, byte[] recordKey) {
        Set<String> keys = new LinkedHashSet<>();
        String own = alert.path("key").asText(null);
        if (own == null && recordKey != null) {
            own = new String(recordKey, StandardCharsets.UTF_8);
        }
        if (own == null) {
            own = keyOfEntities(alert.path("entities"));
        }
        if (own != null) {
            keys.add(own);
        }
        alert.fields().forEachRemaining(f -> {
            String name = f.getKey().toLowerCase(Locale.ROOT);
            if (name.contains("cover") || name.contains("combination")) {
                collectKeys(f.getValue(), keys);
            }
        });
        return keys;
    }

    private static void collectKeys(JsonNode node, Collection<String> keys) {
        if (node.isTextual()) {
            keys.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> collectKeys(n, keys));
        } else if (node.isObject()) {
            if (node.path("key").isTextual()) {
                keys.add(node.path("key").asText());
            } else {
                String k = keyOfEntities(node.path("entities"));
                if (k != null) {
                    keys.add(k);
                }
            }
        }
    }

    private static String keyOfEntities(JsonNode entities) {
        if (!entities.isArray() || entities.isEmpty()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode e : entities) {
            ids.add(e.isTextual() ? e.asText() : e.path("id").asText(""));
        }
        return Combinations.keyOfIds(ids);
    }

    /** A read_committed reader of one topic on its own thread, stamping records with the time their poll returned. */
    private final class Reader {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final ObjLongConsumer<ConsumerRecord<byte[], byte[]>> handler;
        private final CountDownLatch assigned = new CountDownLatch(1);
        private final Thread thread;
        private volatile boolean stopping;
        private volatile Exception failure;

        Reader(Properties client, String topic, ObjLongConsumer<ConsumerRecord<byte[], byte[]>> handler) {
            Properties p = new Properties();
            p.putAll(client);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            // a fetch returns at most this long after a transaction commits, bounding the timing error
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.topic = topic;
            this.handler = handler;
            this.thread = new Thread(this::loop, "latency-reader-" + topic);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void awaitAssigned(Duration timeout) throws InterruptedException {
            if (!assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the reader of " + topic + " could not start: "
                        + (failure == null ? "no partitions within " + timeout : failure.getMessage()));
            }
        }

        private void loop() {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                List<TopicPartition> partitions = infos.stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                partitions.forEach(consumer::position);
                assigned.countDown();
                while (!stopping) {
                    var records = consumer.poll(Duration.ofMillis(200));
                    long at = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        handler.accept(r, at);
                    }
                }
            } catch (WakeupException | InterruptException e) {
                // stopping
            } catch (Exception e) {
                failure = e;
                LOG.warn("latency reader of {} failed", topic, e);
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        void stop() {
            stopping = true;
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- report

    private void printReport(Map<Scenario, Outcome> outcomes, boolean complete) {
        out.println();
        if (!complete) {
            out.printf(
                    "stopped early (%s): partial figures%n",
                    stoppedBecause == null ? "unknown reason" : stoppedBecause);
        }
        out.printf(
                "%-11s %8s %8s %6s %9s %9s %9s   %-12s%n",
                "scenario", "samples", "missing", "early", "p50", "p99", "max", "target");
        for (Outcome o : outcomes.values()) {
            LatencyStats st = o.stats();
            out.printf(
                    "%-11s %8d %8d %6d %9s %9s %9s   %-12s %s%n",
                    o.scenario().label(),
                    st.samples().length,
                    st.missing(),
                    o.early(),
                    st.format(0.5),
                    st.format(0.99),
                    st.format(1.0),
                    "p99 <= " + LatencyStats.seconds(o.scenario().target().toNanos()),
                    verdict(o));
        }
        out.println("  (samples: measured; missing: not visible within the deadline, ranked above every sample in the");
        out.println("   percentiles; early: the alert came before the article that should trigger it, not a sample)");
        for (Outcome o : outcomes.values()) {
            if (!o.missing().isEmpty()) {
                out.printf(
                        "missing %s (%d): %s%s%n",
                        o.scenario().label(),
                        o.missing().size(),
                        String.join(
                                ", ",
                                o.missing()
                                        .subList(
                                                0,
                                                Math.min(
                                                        SHOW_MISSING,
                                                        o.missing().size()))),
                        o.missing().size() > SHOW_MISSING ? ", …" : "");
            }
            if (!o.unresolved().isEmpty()) {
                out.printf(
                        "still within the deadline when stopped, left out %s (%d): %s%s%n",
                        o.scenario().label(),
                        o.unresolved().size(),
                        String.join(
                                ", ",
                                o.unresolved()
                                        .subList(
                                                0,
                                                Math.min(
                                                        SHOW_MISSING,
                                                        o.unresolved().size()))),
                        o.unresolved().size() > SHOW_MISSING ? ", …" : "");
            }
            if (!o.lateArrivals().isEmpty()) {
                out.printf(
                        "arrived after the deadline %s (%d): %s%s%n",
                        o.scenario().label(),
                        o.lateArrivals().size(),
                        String.join(
                                ", ",
                                o.lateArrivals()
                                        .subList(
                                                0,
                                                Math.min(
                                                        SHOW_MISSING,
                                                        o.lateArrivals().size()))),
                        o.lateArrivals().size() > SHOW_MISSING ? ", …" : "");
            }
        }
        out.printf(
                "produced %d articles (the probe included; %d failed); news.tagged %d records (%d article ids twice); news.alerts %d alerts "
                        + "(%d for scenarios, %d others, %d alert ids twice); news.comention.counts %d updates%n",
                produced.get(),
                sendFailures.get(),
                book.taggedRecords(),
                book.taggedTwice(),
                book.alertRecords(),
                book.alertsMatched(),
                book.alertRecords() - book.alertsMatched(),
                book.alertIdsTwice(),
                book.countRecords());
        out.flush();
    }

    private static String verdict(Outcome o) {
        if (o.stats().expected() == 0) {
            return "no samples";
        }
        return o.stats().meets(0.99, o.scenario().target()) ? "met" : "MISSED";
    }

    /** The last line: each scenario's p99 (with its missing share when any), and how many targets were met. */
    static String summary(Map<Scenario, Outcome> outcomes, boolean complete) {
        StringBuilder sb = new StringBuilder("latency p99: ");
        int met = 0;
        int judged = 0;
        List<String> parts = new ArrayList<>();
        for (Outcome o : outcomes.values()) {
            LatencyStats st = o.stats();
            String part = o.scenario().label() + " " + st.format(0.99);
            if (st.missing() > 0) {
                part += " (" + st.missing() + "/" + st.expected() + " missing)";
            }
            parts.add(part);
            if (st.expected() > 0) {
                judged++;
                if (st.meets(0.99, o.scenario().target())) {
                    met++;
                }
            }
        }
        sb.append(String.join(", ", parts));
        sb.append("; targets met ").append(met).append(" of ").append(judged);
        if (!complete) {
            sb.append(" (stopped early)");
        }
        return sb.toString();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        if (mod100 >= 11 && mod100 <= 13) {
            return "th";
        }
        return switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }
}
