package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.ArticleRef;
import io.comention.model.CountUpdate;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The counter's cheaper paths against the straightforward versions they replace, on random states: the
 * counts of an update, the distinct sources, the samples and the pending exits come out the same.
 */
class CounterFastPathsTest {

    static final long MINUTE = 60_000;
    static final long BUCKET = 5 * MINUTE;
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final List<EntityRef> ENTITIES = List.of(
            new EntityRef("AF", "Afghanistan", EntityType.COUNTRY),
            new EntityRef("PK", "Pakistan", EntityType.COUNTRY));

    static final List<Horizon> HORIZONS = List.of(
            Horizon.of(Duration.ofMinutes(15)), Horizon.of(Duration.ofHours(1)), Horizon.of(Duration.ofHours(24)));
    static final CoMentionCounter COUNTER =
            new CoMentionCounter(Duration.ofMillis(BUCKET), HORIZONS, Duration.ofDays(7));

    /** What the counts of an update were: one sum over the buckets per horizon, put into a LinkedHashMap in order. */
    static Map<String, Long> referenceCounts(List<Horizon> horizons, CombinationState s, long end) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Horizon h :
                horizons.stream().sorted(Comparator.comparing(Horizon::length)).toList()) {
            long start = end - h.length().toMillis();
            long sum = 0;
            for (int i = 0; i < s.bucketStarts.length && s.bucketStarts[i] < end; i++) {
                if (s.bucketStarts[i] >= start) {
                    sum += s.bucketCounts[i];
                }
            }
            counts.put(h.label(), sum);
        }
        return counts;
    }

    static CombinationState randomBuckets(Random random, long from) {
        CombinationState s = new CombinationState();
        TreeSet<Long> starts = new TreeSet<>();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            starts.add(from + random.nextInt(400) * BUCKET);
        }
        s.bucketStarts = starts.stream().mapToLong(Long::longValue).toArray();
        s.bucketCounts = new long[s.bucketStarts.length];
        for (int i = 0; i < s.bucketCounts.length; i++) {
            s.bucketCounts[i] = 1 + random.nextInt(20);
        }
        s.entities = new ArrayList<>(ENTITIES);
        s.total = 1000;
        return s;
    }

    @Test
    void anUpdateCountsAndScoresAsBefore() {
        Random random = new Random(15);
        long from = 1_700_000_000_000L / BUCKET * BUCKET;
        for (int round = 0; round < 500; round++) {
            CombinationState s = randomBuckets(random, from);
            long end = from + random.nextInt(420) * BUCKET;
            long observedSince = from + (random.nextInt(300) - 100) * BUCKET + random.nextInt(1000);
            CountUpdate u = COUNTER.snapshot("AF+PK", s, end, observedSince, NOW);

            assertThat(u.counts()).isEqualTo(referenceCounts(HORIZONS, s, end));
            assertThat(u.counts().toString())
                    .isEqualTo(referenceCounts(HORIZONS, s, end).toString());
            Explanations.Usual usual = COUNTER.usual(s, Duration.ofMinutes(15).toMillis(), end, observedSince);
            assertThat(u.baseline()).isEqualTo(CoMentionCounter.round1(usual == null ? 0.0 : usual.perHorizon()));
            for (int i = 0; i < 5; i++) {
                long a = from + (random.nextInt(440) - 20) * BUCKET;
                long b = a + random.nextInt(300) * BUCKET;
                assertThat(COUNTER.countBetween(s, a, b)).isEqualTo(referenceCount(s, a, b));
            }
        }
    }

    static long referenceCount(CombinationState s, long start, long end) {
        long sum = 0;
        for (int i = 0; i < s.bucketStarts.length; i++) {
            if (s.bucketStarts[i] >= start && s.bucketStarts[i] < end) {
                sum += s.bucketCounts[i];
            }
        }
        return sum;
    }

    @Test
    void updatesShareTheCombinationsEntitiesOnceImmutable() {
        CombinationState s = randomBuckets(new Random(1), 0);
        CountUpdate first = COUNTER.snapshot("AF+PK", s, BUCKET, 0, NOW);
        CountUpdate second = COUNTER.snapshot("AF+PK", s, 2 * BUCKET, 0, NOW);
        assertThat(first.entities()).isEqualTo(ENTITIES).isSameAs(second.entities());
        assertThat(first.size()).isEqualTo(2);
        assertThat(s.entities).isEqualTo(ENTITIES);
    }

    @Test
    void horizonsWithOneLabelCountAsALinkedHashMapFilledInOrderWould() {
        // two horizons labelled alike: the map kept the first one's place and the last one's count
        List<Horizon> horizons = List.of(
                new Horizon("short", Duration.ofMinutes(15)),
                new Horizon("long", Duration.ofHours(1)),
                new Horizon("short", Duration.ofMinutes(30)));
        CoMentionCounter counter = new CoMentionCounter(Duration.ofMillis(BUCKET), horizons, Duration.ofDays(1));
        Random random = new Random(3);
        for (int round = 0; round < 50; round++) {
            CombinationState s = randomBuckets(random, 0);
            long end = random.nextInt(400) * BUCKET;
            Map<String, Long> counts = counter.snapshot("AF+PK", s, end, 0, NOW).counts();
            assertThat(counts).isEqualTo(referenceCounts(horizons, s, end));
            assertThat(counts.toString())
                    .isEqualTo(referenceCounts(horizons, s, end).toString());
        }
        assertThat(counter.horizonExits(0))
                .containsExactly(BUCKET + 15 * MINUTE, BUCKET + 30 * MINUTE, BUCKET + 60 * MINUTE);
    }

    /** The sources as they were kept: one pass that looks for the source and for the one seen longest ago. */
    static void referenceRememberSource(CombinationState state, String source, long t) {
        if (source == null || source.isBlank()) {
            return;
        }
        String[] sources = state.sources;
        long[] seen = state.sourceSeen;
        int oldest = -1;
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].equals(source)) {
                seen[i] = Math.max(seen[i], t);
                return;
            }
            if (oldest < 0 || seen[i] < seen[oldest]) {
                oldest = i;
            }
        }
        if (sources.length >= CoMentionCounter.MAX_SOURCES) {
            if (t < seen[oldest]) {
                return;
            }
            sources[oldest] = source;
            seen[oldest] = t;
            return;
        }
        state.sources = Arrays.copyOf(sources, sources.length + 1);
        state.sourceSeen = Arrays.copyOf(seen, seen.length + 1);
        state.sources[sources.length] = source;
        state.sourceSeen[sources.length] = t;
    }

    static void referenceForget(CombinationState state, long keepFrom) {
        List<String> sources = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < state.sources.length; i++) {
            if (state.sourceSeen[i] >= keepFrom) {
                sources.add(state.sources[i]);
                seen.add(state.sourceSeen[i]);
            }
        }
        state.sources = sources.toArray(new String[0]);
        state.sourceSeen = seen.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void sourcesAreRememberedAndForgottenAsBefore() {
        Random random = new Random(64);
        for (int round = 0; round < 40; round++) {
            CombinationState fast = new CombinationState();
            CombinationState reference = new CombinationState();
            int pool = 1 + random.nextInt(120);
            long t = 0;
            for (int i = 0; i < 600; i++) {
                t += random.nextInt(5) * MINUTE;
                // a fresh String each time, as articles bring them; now and then a late one, or none
                String source = random.nextInt(50) == 0 ? " " : new String("source-" + random.nextInt(pool) + ".com");
                long at = t - (random.nextInt(10) == 0 ? random.nextInt(600) * MINUTE : 0);
                CoMentionCounter.rememberSource(fast, source, at);
                referenceRememberSource(reference, source, at);
                if (random.nextInt(40) == 0) {
                    long keepFrom = t - random.nextInt(300) * MINUTE;
                    CoMentionCounter.forgetSourcesBefore(fast, keepFrom);
                    referenceForget(reference, keepFrom);
                }
                assertThat(fast.sources).containsExactly(reference.sources);
                assertThat(fast.sourceSeen).containsExactly(reference.sourceSeen);
                long a = t - random.nextInt(600) * MINUTE;
                assertThat(CoMentionCounter.distinctSources(fast, a, t))
                        .isEqualTo(CoMentionCounter.distinctSources(reference, a, t));
            }
        }
    }

    @Test
    void samplesAreTheNewestFiveInTheOrderAStableSortGave() {
        Random random = new Random(5);
        Comparator<SampleArticle> newestFirst =
                Comparator.comparingLong(SampleArticle::eventTime).reversed();
        for (int round = 0; round < 100; round++) {
            CombinationState state = new CombinationState();
            List<SampleArticle> reference = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                SampleArticle s = sample(i, random.nextInt(20)); // ties too: the earlier arrival stays first
                CoMentionCounter.rememberSample(state, s);
                reference.add(s);
                reference.sort(newestFirst);
                while (reference.size() > CoMentionCounter.MAX_SAMPLES) {
                    reference.remove(reference.size() - 1);
                }
                assertThat(state.samples).containsExactlyElementsOf(reference);
                if (random.nextInt(8) == 0) {
                    long keepFrom = random.nextInt(20) * MINUTE;
                    CoMentionCounter.removeSamplesBefore(state.samples, keepFrom);
                    reference.removeIf(r -> r.eventTime() < keepFrom);
                    assertThat(state.samples).containsExactlyElementsOf(reference);
                }
            }
        }
        // not newest first (no version wrote such samples): only what is newer than all goes in front
        List<SampleArticle> unordered = new ArrayList<>(List.of(sample(1, 3), sample(2, 9)));
        CombinationState state = new CombinationState();
        state.samples = unordered;
        CoMentionCounter.rememberSample(state, sample(3, 10));
        assertThat(state.samples).extracting(s -> s.article().id()).containsExactly("a3", "a1", "a2");
    }

    static SampleArticle sample(int id, long minute) {
        return new SampleArticle(new ArticleRef("a" + id, null, null, "s"), minute * MINUTE);
    }

    @Test
    void articlesLandInTheirBucketsInAnyOrder() {
        Random random = new Random(11);
        for (int round = 0; round < 100; round++) {
            CombinationState state = new CombinationState();
            java.util.TreeMap<Long, Long> reference = new java.util.TreeMap<>();
            long newest = 1000 * BUCKET;
            for (int i = 0; i < 200; i++) {
                // mostly the newest bucket, sometimes a new one, sometimes a late one
                int r = random.nextInt(10);
                long start = r < 6
                        ? newest
                        : r < 8 ? (newest += BUCKET * (1 + random.nextInt(3))) : newest - BUCKET * random.nextInt(40);
                CoMentionCounter.addToBucket(state, start);
                reference.merge(start, 1L, Long::sum);
                assertThat(state.bucketStarts)
                        .containsExactly(reference.keySet().stream()
                                .mapToLong(Long::longValue)
                                .toArray());
                assertThat(state.bucketCounts)
                        .containsExactly(reference.values().stream()
                                .mapToLong(Long::longValue)
                                .toArray());
            }
        }
    }

    @Test
    void pendingExitsMergeAsBefore() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            TreeSet<Long> expected = new TreeSet<>();
            long[] times = new long[0];
            for (int i = 0; i < 10; i++) {
                long[] add = new long[random.nextInt(4)];
                for (int j = 0; j < add.length; j++) {
                    add[j] = random.nextInt(30) * BUCKET;
                }
                if (random.nextBoolean()) {
                    Arrays.sort(add);
                }
                long[] before = add.clone();
                long[] next = SortedTimes.union(times, add);
                assertThat(add).containsExactly(before); // the argument is left as it was
                for (long a : add) {
                    expected.add(a);
                }
                assertThat(next)
                        .containsExactly(
                                expected.stream().mapToLong(Long::longValue).toArray());
                if (next.length == times.length) {
                    assertThat(next).isSameAs(times);
                }
                times = next;
            }
        }
    }

    @Test
    void aWatchlistCoversOnlyCombinationsOfItsOwnEntities() {
        Watchlist list = new Watchlist("south-asia", List.of("PK", "IN", "AF", "BD"), Duration.ofDays(7));
        assertThat(list.covers(ENTITIES)).isTrue();
        assertThat(list.covers(List.of(new EntityRef("IN", "India", null), new EntityRef("US", "USA", null))))
                .isFalse();
        assertThat(list.covers(List.of(new EntityRef("ZZ", "Z", null)))).isFalse();
        assertThat(list.covers(List.of())).isTrue();
    }
}
