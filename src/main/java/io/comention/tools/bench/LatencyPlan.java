package io.comention.tools.bench;

import io.comention.analytics.Combinations;
import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import io.comention.tools.bench.ScenarioBook.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which scenarios the latency benchmark injects into its steady traffic, on which combinations and
 * when. Pure: no clock, no Kafka. Every scenario uses a pair of countries that the background traffic
 * never names, and each pair serves one sample only, so a sample's alert and count updates cannot come
 * from anything else:
 *
 * <ul>
 *   <li>WATCH: a watch rule of its own on the pair ({@code latency-watch-NN}, shortest horizon,
 *       threshold {@value #WATCH_THRESHOLD}); that many articles naming the pair, {@value #WATCH_GAP_MS} ms apart.
 *   <li>BURST: {@code burstArticles} articles naming a fresh pair, {@value #BURST_GAP_MS} ms apart.
 *   <li>FIRST_SEEN: one article naming a pair of the benchmark's watchlist ({@value #WATCHLIST}) never
 *       named before.
 * </ul>
 * The three pools of countries are disjoint. Samples start evenly spread over the measured part of the
 * traffic (after the warm-up, ending early enough for the last one to be produced in time), the kinds in
 * turn; scenario articles take at most half of the traffic's slots, so {@code repeat} is lowered when
 * the traffic is too short or too slow to hold that many.
 *
 * @param repeat samples per alert kind
 * @param requestedRepeat what was asked for
 * @param samples in start order
 */
public record LatencyPlan(
        int repeat,
        int requestedRepeat,
        int burstArticles,
        List<String> watchPool,
        List<String> burstPool,
        List<String> firstSeenPool,
        List<Sample> samples) {

    public static final int WATCH_THRESHOLD = 3;
    public static final long WATCH_GAP_MS = 1000;
    public static final long BURST_GAP_MS = 500;
    public static final String WATCH_PREFIX = "latency-watch-";
    public static final String WATCHLIST = "latency-first-seen";
    /** The rule an alert of kind BURST carries. */
    public static final String BURST_RULE = "burst";
    /** Share of the traffic's slots that scenario articles may take. */
    static final double MAX_SCENARIO_SHARE = 0.5;

    /** The settings cannot hold the scenarios asked for; the message says what to change. */
    public static final class DoesNotFit extends IllegalArgumentException {
        DoesNotFit(String message) {
            super(message);
        }
    }

    /**
     * One injected scenario.
     *
     * @param dueMillis when each of its articles is due, from the start of the traffic
     */
    public record Sample(Scenario scenario, int number, String rule, List<String> entities, List<Long> dueMillis) {

        /** The combination key the sample's articles name. */
        public String key() {
            return Combinations.keyOfIds(entities);
        }

        /** The alert kind on news.alerts. */
        public String alertKind() {
            return scenario.name();
        }

        public int articles() {
            return dueMillis.size();
        }

        /** The article id of the sample's {@code i}-th article. */
        public String articleId(int i) {
            return String.format(Locale.ROOT, "lat-%s-%02d-%d", scenario.label().replace('_', '-'), number, i + 1);
        }
    }

    /**
     * @param quiet countries background traffic and configured rules never name, in a stable order
     * @param burstArticles articles that make a fresh pair's count improbable ({@link #burstArticles(int, double, double)})
     */
    public static LatencyPlan build(
            int requestedRepeat,
            double rate,
            Duration duration,
            Duration warmUp,
            List<String> quiet,
            int burstArticles) {
        if (requestedRepeat < 1) {
            throw new DoesNotFit("--repeat must be at least 1, was " + requestedRepeat);
        }
        long watchSpan = (WATCH_THRESHOLD - 1) * WATCH_GAP_MS;
        long burstSpan = (burstArticles - 1L) * BURST_GAP_MS;
        long tail = Math.max(watchSpan, burstSpan) + 2000;
        long window = duration.toMillis() - warmUp.toMillis() - tail;
        int perRound = WATCH_THRESHOLD + burstArticles + 1;
        int fits = window <= 0 ? 0 : (int) Math.floor(MAX_SCENARIO_SHARE * rate * window / 1000.0 / perRound);
        int repeat = Math.min(requestedRepeat, fits);
        if (repeat < 1) {
            throw new DoesNotFit(String.format(
                    Locale.ROOT,
                    "%s of traffic at %s articles/s after a %s warm-up leaves no room for one round of scenarios "
                            + "(%d articles, at most half of the traffic); raise --duration or --rate",
                    LatencyStats.seconds(duration.toNanos()),
                    rate,
                    LatencyStats.seconds(warmUp.toNanos()),
                    perRound));
        }
        int m = poolSize(repeat);
        if (quiet.size() < 3 * m) {
            throw new DoesNotFit("need " + 3 * m + " countries that nothing else names for " + repeat
                    + " samples per kind, the knowledge base offers " + quiet.size() + "; lower --repeat");
        }
        List<String> watchPool = List.copyOf(quiet.subList(0, m));
        List<String> burstPool = List.copyOf(quiet.subList(m, 2 * m));
        List<String> firstSeenPool = List.copyOf(quiet.subList(2 * m, 3 * m));
        List<List<String>> watchPairs = pairs(watchPool, repeat);
        List<List<String>> burstPairs = pairs(burstPool, repeat);
        List<List<String>> firstSeenPairs = pairs(firstSeenPool, repeat);

        List<Sample> samples = new ArrayList<>();
        int total = 3 * repeat;
        double spacing = (double) window / total;
        for (int k = 0; k < total; k++) {
            long start = warmUp.toMillis() + Math.round(k * spacing);
            int n = k / 3;
            switch (k % 3) {
                case 0 ->
                    samples.add(new Sample(
                            Scenario.WATCH,
                            n + 1,
                            String.format(Locale.ROOT, "%s%02d", WATCH_PREFIX, n + 1),
                            watchPairs.get(n),
                            due(start, WATCH_THRESHOLD, WATCH_GAP_MS)));
                case 1 ->
                    samples.add(new Sample(
                            Scenario.BURST,
                            n + 1,
                            BURST_RULE,
                            burstPairs.get(n),
                            due(start, burstArticles, BURST_GAP_MS)));
                default ->
                    samples.add(
                            new Sample(Scenario.FIRST_SEEN, n + 1, WATCHLIST, firstSeenPairs.get(n), due(start, 1, 0)));
            }
        }
        return new LatencyPlan(
                repeat, requestedRepeat, burstArticles, watchPool, burstPool, firstSeenPool, List.copyOf(samples));
    }

    /**
     * Articles naming a fresh combination (a baseline of zero) that make its count improbable: the count
     * must reach {@code minCount}, and the score {@code count / noiseFloor} (a zero baseline's variance is
     * the noise floor squared) must reach {@code minScore}.
     */
    public static int burstArticles(int minCount, double minScore, double noiseFloor) {
        return Math.max(minCount, (int) Math.ceil(minScore * noiseFloor - 1e-9));
    }

    /** The watch rules the WATCH samples need, on the given horizon. */
    public List<WatchRule> watchRules(Duration horizon) {
        return samples.stream()
                .filter(s -> s.scenario() == Scenario.WATCH)
                .map(s -> new WatchRule(s.rule(), s.entities(), horizon, WATCH_THRESHOLD))
                .toList();
    }

    /** The watchlist the FIRST_SEEN samples need. */
    public Watchlist watchlist(Duration lookback) {
        return new Watchlist(WATCHLIST, firstSeenPool, lookback);
    }

    /** Every scenario article. */
    public int scenarioArticles() {
        return samples.stream().mapToInt(Sample::articles).sum();
    }

    /** The smallest pool whose pairs number at least {@code pairs}. */
    static int poolSize(int pairs) {
        int m = 2;
        while (m * (m - 1) / 2 < pairs) {
            m++;
        }
        return m;
    }

    /** {@code n} distinct pairs of the pool, neighbours first, so each entity turns up in few of the first pairs. */
    static List<List<String>> pairs(List<String> pool, int n) {
        List<List<String>> out = new ArrayList<>();
        for (int d = 1; d < pool.size() && out.size() < n; d++) {
            for (int i = 0; i + d < pool.size() && out.size() < n; i++) {
                out.add(List.of(pool.get(i), pool.get(i + d)));
            }
        }
        if (out.size() < n) {
            throw new IllegalArgumentException("a pool of " + pool.size() + " has fewer than " + n + " pairs");
        }
        return out;
    }

    private static List<Long> due(long start, int articles, long gap) {
        List<Long> out = new ArrayList<>(articles);
        for (int i = 0; i < articles; i++) {
            out.add(start + i * gap);
        }
        return List.copyOf(out);
    }
}
