package io.comention.tools.bench;

import io.comention.tagging.EntityDefinition;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Measures the tagger: single-thread throughput (MB of UTF-8 article text per second, i.e. per core)
 * after a warm-up, and the heap the compiled knowledge base retains per alias.
 *
 * <p>Memory: heap used after full GCs. From definitions in memory (the shipped entries, a generated
 * knowledge base), the heap is read before and after compiling them; the difference (the alias matcher
 * plus the entity index) divided by {@link KnowledgeBase#aliasCount()} is the bytes per alias, and the
 * definitions themselves are measured separately where they are generated in-process. A knowledge base
 * that loads itself (the bundled files with the gazetteer, {@code bench tag --places}) is built once
 * unmeasured (its time is the start-up load; it also fills the JDK's caches, e.g. CLDR names), then three
 * more times with the heap read before and after each, nothing else of it reachable: the median is all it
 * keeps. A twin built from its definitions (sharing them and the gazetteer) gives the matcher and entity
 * index alone, and dropping both while holding the definitions gives those; the bytes per alias is all it
 * keeps but the parsed definitions (matcher, entity index, gazetteer tables and place rules), the same
 * quantity as for the shipped entries, and the total with the definitions is printed next to it.
 * Throughput: the corpus is tagged over and over on one thread; each measured round lasts at least
 * {@code roundSeconds} of that thread's CPU time, and MB/s per core is bytes divided by CPU seconds (so
 * other processes competing for the cores do not count against it; wall-clock MB/s is printed too). The
 * median round is reported with the slowest and fastest. For calibration, the same corpus is also run
 * through a bare loop that lower-cases and hashes every character: figures from a loaded or slower
 * machine can be compared through it.
 */
public final class TaggingBenchmark {

    /** One article of the corpus. */
    public record Article(String title, String body) {}

    /** What a run measured. */
    public record Result(
            String label,
            int entities,
            int aliases,
            long compiledBytes,
            long definitionBytes,
            double buildSeconds,
            long corpusBytes,
            int articles,
            double medianMbPerSecond,
            double minMbPerSecond,
            double maxMbPerSecond,
            long checksum) {

        public double bytesPerAlias() {
            return (double) compiledBytes / aliases;
        }
    }

    private TaggingBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param label        what the knowledge base is, for the report
     * @param definitions  supplies the definitions (called once; its heap is measured as definitionBytes
     *                     when {@code measureDefinitions})
     * @param ignore       ignore phrases
     */
    public static Result run(
            String label,
            Supplier<List<EntityDefinition>> definitions,
            List<String> ignore,
            boolean measureDefinitions,
            List<Article> corpus,
            double warmupSeconds,
            int rounds,
            double roundSeconds,
            PrintWriter log) {
        return run(
                label, definitions, ignore, measureDefinitions, null, corpus, warmupSeconds, rounds, roundSeconds, log);
    }

    /**
     * As above; {@code build}, when not null, builds the knowledge base itself (the bundled files with the
     * gazetteer: its time is the start-up load, and its compiled bytes include the definitions it parses).
     */
    public static Result run(
            String label,
            Supplier<List<EntityDefinition>> definitions,
            List<String> ignore,
            boolean measureDefinitions,
            Supplier<KnowledgeBase> build,
            List<Article> corpus,
            double warmupSeconds,
            int rounds,
            double roundSeconds,
            PrintWriter log) {
        KnowledgeBase kb;
        double buildSeconds;
        long compiled;
        long defBytes;
        if (build == null) {
            long beforeDefinitions = usedHeapAfterGc();
            List<EntityDefinition> defs = definitions.get();
            long afterDefinitions = usedHeapAfterGc();
            long t0 = System.nanoTime();
            kb = KnowledgeBase.of(defs, ignore);
            buildSeconds = (System.nanoTime() - t0) / 1e9;
            long afterBuild = usedHeapAfterGc();
            compiled = afterBuild - afterDefinitions;
            defBytes = measureDefinitions ? afterDefinitions - beforeDefinitions : -1;
            printBuilt(log, label, kb, buildSeconds);
            log.printf(
                    Locale.ROOT,
                    "  compiled (matcher + entity index): %,d bytes = %.1f bytes per alias%n",
                    compiled,
                    (double) compiled / kb.aliasCount());
            if (measureDefinitions) {
                log.printf(
                        Locale.ROOT,
                        "  definitions (input strings, not needed after compiling): %,d bytes = %.1f bytes per alias%n",
                        defBytes,
                        (double) defBytes / kb.aliasCount());
            }
        } else {
            long t0 = System.nanoTime();
            kb = build.get(); // the first load in this JVM: the start-up load
            buildSeconds = (System.nanoTime() - t0) / 1e9;
            printBuilt(log, label, kb, buildSeconds);
            kb = null;
            Retained m = retained(build, 3);
            compiled = m.total() - m.definitions();
            defBytes = m.definitions();
            kb = build.get();
            int aliases = kb.aliasCount();
            log.printf(
                    Locale.ROOT,
                    "  retained by the loaded knowledge base (heap after full GCs, built %d times): %s bytes%n",
                    m.totals().length,
                    String.join(
                            ", ",
                            Arrays.stream(m.totals())
                                    .mapToObj(t -> String.format(Locale.ROOT, "%,d", t))
                                    .toList()));
            log.printf(
                    Locale.ROOT,
                    "    matcher + entity index %,d, places (gazetteer tables and rules) %,d, definitions %,d%n",
                    m.matcher(),
                    compiled - m.matcher(),
                    m.definitions());
            log.printf(
                    Locale.ROOT,
                    "  compiled (matcher + entity index + places, all the tagger keeps but the parsed definitions):"
                            + " %,d bytes = %.1f bytes per alias%n",
                    compiled,
                    (double) compiled / aliases);
            log.printf(
                    Locale.ROOT,
                    "  everything, the parsed definitions (kept for rebuilds) included: %,d bytes = %.1f bytes per"
                            + " alias%n",
                    m.total(),
                    (double) m.total() / aliases);
        }

        EntityTagger tagger = new EntityTagger(kb);
        long corpusBytes = 0;
        for (Article a : corpus) {
            corpusBytes += utf8(a.title()) + utf8(a.body());
        }
        long mentions = 0;
        for (Article a : corpus) {
            for (var e : tagger.tag(a.title(), a.body())) {
                mentions += e.mentions();
            }
        }
        log.printf(
                Locale.ROOT,
                "corpus: %,d articles, %,d bytes of UTF-8 text, %,d mentions found per pass; one thread%n",
                corpus.size(),
                corpusBytes,
                mentions);
        long checksum = 0;
        long warmEnd = cpuNanos() + (long) (warmupSeconds * 1e9);
        int warmPasses = 0;
        while (cpuNanos() < warmEnd) {
            checksum += pass(tagger, corpus);
            warmPasses++;
        }
        log.printf(Locale.ROOT, "warm-up: %.1f CPU seconds, %d passes%n", warmupSeconds, warmPasses);
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long wallStart = System.nanoTime();
            long start = cpuNanos();
            long end = start + (long) (roundSeconds * 1e9);
            long bytes = 0;
            long now;
            do {
                checksum += pass(tagger, corpus);
                bytes += corpusBytes;
                now = cpuNanos();
            } while (now < end);
            double wall = (System.nanoTime() - wallStart) / 1e9;
            rates[r] = bytes / 1e6 / ((now - start) / 1e9);
            log.printf(
                    Locale.ROOT,
                    "  round %d: %.1f MB/s per CPU second (%.1f MB/s wall clock)%n",
                    r + 1,
                    rates[r],
                    bytes / 1e6 / wall);
        }
        log.printf(
                Locale.ROOT,
                "calibration: a bare lower-case-and-hash loop over the same text runs at %.0f MB/s per CPU second here%n",
                calibration(corpus, corpusBytes, roundSeconds));
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        log.flush();
        return new Result(
                label,
                kb.entityCount(),
                kb.aliasCount(),
                compiled,
                defBytes,
                buildSeconds,
                corpusBytes,
                corpus.size(),
                sorted[sorted.length / 2],
                sorted[0],
                sorted[sorted.length - 1],
                checksum);
    }

    private static void printBuilt(PrintWriter log, String label, KnowledgeBase kb, double buildSeconds) {
        log.printf(
                Locale.ROOT,
                "knowledge base: %s: %,d entities, %,d places, %,d aliases (%,d generated from CLDR, %,d place"
                        + " names), built in %.2f s%n",
                label,
                kb.entityCount(),
                kb.placeCount(),
                kb.aliasCount(),
                kb.generatedAliasCount(),
                kb.placeAliasCount(),
                buildSeconds);
    }

    /**
     * What a knowledge base keeps, from heap figures after full GCs with nothing else of it reachable:
     * {@code total} everything (the median of {@code times} builds), {@code matcher} the matcher and entity
     * index alone (a second knowledge base built from the first one's definitions, sharing its definitions
     * and gazetteer), {@code definitions} the parsed entries and ignore phrases it keeps for rebuilds.
     */
    record Retained(long[] totals, long total, long matcher, long definitions) {}

    static Retained retained(Supplier<KnowledgeBase> build, int times) {
        long[] totals = new long[times];
        long matcher = 0;
        long definitions = 0;
        for (int i = 0; i < times; i++) {
            long before = usedHeapAfterGc();
            KnowledgeBase kb = build.get();
            long loaded = usedHeapAfterGc();
            Reference.reachabilityFence(kb); // a dead local may be collected early once compiled
            totals[i] = loaded - before;
            if (i == times - 1) {
                KnowledgeBase twin = kb.withDefinitions(kb.definitions());
                matcher = usedHeapAfterGc() - loaded;
                Reference.reachabilityFence(twin);
                List<EntityDefinition> defs = kb.definitions();
                List<String> ignore = kb.ignorePhrases();
                kb = null;
                twin = null;
                definitions = usedHeapAfterGc() - before;
                Reference.reachabilityFence(defs);
                Reference.reachabilityFence(ignore);
            }
        }
        long[] sorted = totals.clone();
        Arrays.sort(sorted);
        return new Retained(totals, sorted[times / 2], matcher, definitions);
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of the current thread (wall-clock time where the JVM cannot measure it). */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static double calibration(List<Article> corpus, long corpusBytes, double seconds) {
        long h = 0;
        double best = 0;
        for (int r = 0; r < 3; r++) {
            long start = cpuNanos();
            long bytes = 0;
            long now;
            do {
                for (Article a : corpus) {
                    h = hashAll(h, a.title());
                    h = hashAll(h, a.body());
                }
                bytes += corpusBytes;
                now = cpuNanos();
            } while (now - start < seconds * 1e9 / 2);
            best = Math.max(best, bytes / 1e6 / ((now - start) / 1e9));
        }
        return h == 42 ? best + 0.0 : best;
    }

    private static long hashAll(long h, String s) {
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                h = 31 * h + Character.toLowerCase(s.charAt(i));
            }
        }
        return h;
    }

    private static long pass(EntityTagger tagger, List<Article> corpus) {
        long found = 0;
        for (Article a : corpus) {
            found += tagger.tag(a.title(), a.body()).size();
        }
        return found;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Heap in use after full collections (repeated until the figure settles). */
    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            System.gc();
            long used = rt.totalMemory() - rt.freeMemory();
            seen.add(used);
            best = Math.min(best, used);
        }
        return best;
    }
}
