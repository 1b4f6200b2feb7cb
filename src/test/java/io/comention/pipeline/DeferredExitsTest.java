package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.analytics.AlertRules;
import io.comention.analytics.BurstSettings;
import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import io.comention.model.ArticleCombinations;
import io.comention.model.ArticleRef;
import io.comention.model.ControlMessage;
import io.comention.model.CountUpdate;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the heap backend the exits of a combination named once are published without reading its state
 * ({@link io.comention.analytics.DeferredExits}). Whatever the feed, that must change nothing anyone
 * sees: every combination's count updates, in order, and every alert are those of the counter that reads
 * every exit from the state, also across a snapshot and restore (into heap or RocksDB) at any point.
 */
class DeferredExitsTest {

    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");

    static final List<EntityRef> ENTITIES = List.of(
            new EntityRef("AF", "Afghanistan", EntityType.COUNTRY),
            new EntityRef("CN", "China", EntityType.COUNTRY),
            new EntityRef("IN", "India", EntityType.COUNTRY),
            new EntityRef("PK", "Pakistan", EntityType.COUNTRY),
            new EntityRef("US", "United States", EntityType.COUNTRY),
            new EntityRef("org:un", "United Nations", EntityType.ORGANIZATION),
            new EntityRef("person:x", "X", EntityType.PERSON));

    static final AlertRules RULES = new AlertRules(
            List.of(new WatchRule("pk-us", List.of("PK", "US"), Duration.ofHours(1), 2)),
            List.of(new Watchlist("south-asia", List.of("AF", "IN", "PK"), Duration.ofDays(1))),
            new BurstSettings(true, Duration.ofHours(1), 2, 2.0, 1.0, Duration.ofHours(24), Duration.ZERO),
            Duration.ofMinutes(30));

    /** One feed: articles with their event and processing times, and a watermark after some. */
    record Step(ArticleCombinations article, long eventTime, long processingTime, long watermark) {}

    static List<Step> feed(long seed, int articles) {
        var random = new SplittableRandom(seed);
        List<Step> steps = new ArrayList<>();
        long t = T0.toEpochMilli();
        long latest = t;
        long processing = 1_000_000;
        for (int i = 0; i < articles; i++) {
            // mostly minutes apart, now and then hours (exits and expiries in between), a few out of order
            long gap = random.nextInt(10) == 0
                    ? random.nextLong(Duration.ofHours(30).toMillis())
                    : random.nextLong(Duration.ofMinutes(12).toMillis());
            t += gap - (random.nextInt(8) == 0 ? Duration.ofMinutes(20).toMillis() : 0);
            latest = Math.max(latest, t);
            processing += random.nextLong(4_000);
            List<EntityRef> named = new ArrayList<>();
            for (EntityRef e : ENTITIES) {
                if (random.nextInt(3) == 0) {
                    named.add(e);
                }
            }
            List<ArticleCombinations.Combination> combinations = new ArrayList<>();
            for (int a = 0; a < named.size(); a++) {
                for (int b = a + 1; b < named.size(); b++) {
                    var pair = List.of(named.get(a), named.get(b));
                    combinations.add(new ArticleCombinations.Combination(
                            pair.get(0).id() + "+" + pair.get(1).id(), pair));
                }
            }
            if (combinations.isEmpty()) {
                continue;
            }
            var article = new ArticleCombinations(
                    new ArticleRef("a" + i, "T " + i, "https://x/" + i, "source" + random.nextInt(3)),
                    Instant.ofEpochMilli(t),
                    combinations,
                    ArticleCombinations.ONE_PER_COUNTER);
            long watermark =
                    random.nextInt(3) == 0 ? latest - Duration.ofMinutes(2).toMillis() : Long.MIN_VALUE;
            steps.add(new Step(article, t, processing, watermark));
        }
        return steps;
    }

    /**
     * What subscribers see: per combination, its count updates in order (all but the wall-clock time), and
     * the alerts; {@code cut >= 0} snapshots after that many steps and goes on in a harness restored from
     * it, deferring exits as {@code deferAfter} says. {@code backend}: null for the heap.
     */
    static Map<String, List<String>> run(
            List<Step> steps, boolean defer, int cut, boolean deferAfter, StateBackend backend) throws Exception {
        Map<String, List<String>> seen = new TreeMap<>();
        var h = harness(null, backend);
        if (!defer) {
            ((CountCombinations) h.getOperator()).readEveryExitFromState();
        }
        int deferredSeen = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (i == cut) {
                h.prepareSnapshotPreBarrier(1L); // as the runtime does before the barrier
                var snapshot = h.snapshot(1L, 1L);
                collect(h, seen);
                h.close();
                h = harness(snapshot, backend);
                if (!deferAfter) {
                    ((CountCombinations) h.getOperator()).readEveryExitFromState();
                }
            }
            Step step = steps.get(i);
            h.setProcessingTime(step.processingTime());
            h.processElement1(new StreamRecord<>(step.article(), step.eventTime()));
            if (step.watermark() != Long.MIN_VALUE) {
                h.processWatermark1(new Watermark(step.watermark()));
            }
            deferredSeen = Math.max(deferredSeen, ((CountCombinations) h.getOperator()).deferredEntries());
        }
        h.setProcessingTime(Long.MAX_VALUE / 2); // every waiting update out
        h.processWatermark1(new Watermark(Long.MAX_VALUE)); // every exit and expiry
        collect(h, seen);
        if (backend == null) {
            assertThat(h.numKeyedStateEntries()).isZero(); // every combination forgotten (heap: countable)
        }
        h.close();
        seen.put("deferred", List.of(deferredSeen > 0 ? "some" : "none"));
        return seen;
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, ArticleCombinations, ControlMessage, CountUpdate> harness(
            org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot, StateBackend backend) throws Exception {
        return CountCombinationsTest.subtaskHarness(
                CountCombinationsTest.standardCounter(), RULES, snapshot, 1, 1, 0, backend);
    }

    static void collect(
            KeyedTwoInputStreamOperatorTestHarness<String, ArticleCombinations, ControlMessage, CountUpdate> h,
            Map<String, List<String>> into) {
        for (CountUpdate u : h.extractOutputValues()) {
            into.computeIfAbsent(u.key(), k -> new ArrayList<>())
                    .add(u.counts() + " total " + u.total() + " baseline " + u.baseline() + " sources " + u.sources()
                            + " " + u.entities());
        }
        var verdicts = h.getSideOutput(CountCombinations.VERDICTS);
        if (verdicts != null) {
            verdicts.forEach(r -> r.getValue()
                    .alerts()
                    .forEach(a -> into.computeIfAbsent("alerts", k -> new ArrayList<>())
                            .add(a.alertId() + " " + a.count() + " " + a.articles())));
        }
    }

    /** What subscribers see, with whether any exit was deferred set apart. */
    static Map<String, List<String>> seen(Map<String, List<String>> run, String deferred) {
        assertThat(run.remove("deferred")).containsExactly(deferred);
        return run;
    }

    @Test
    void deferredExitsChangeNoCountAndNoAlert() throws Exception {
        for (long seed = 1; seed <= 12; seed++) {
            var steps = feed(seed, 150);
            var eager = seen(run(steps, false, -1, false, null), "none");
            assertThat(eager.keySet()).contains("alerts");
            assertThat(seen(run(steps, true, -1, true, null), "some")).isEqualTo(eager);
        }
    }

    @Test
    void aRestoreNeitherRepeatsNorLosesAnExitPublishedWithoutTheState(@TempDir Path dir) throws Exception {
        for (long seed = 20; seed <= 27; seed++) {
            var steps = feed(seed, 120);
            for (int cut : new int[] {steps.size() / 3, 2 * steps.size() / 3}) {
                // the reference: every exit read from the state, the same checkpoint (before its barrier the
                // exits an article behind the watermark brought go out, whichever counter it is)
                var eager = seen(run(steps, false, cut, false, null), "none");
                assertThat(seen(run(steps, true, cut, true, null), "some"))
                        .as("seed %d, restored after %d articles", seed, cut)
                        .isEqualTo(eager);
                // restored where exits are not deferred (RocksDB, say): the state takes in those published
                assertThat(seen(run(steps, true, cut, false, null), "some"))
                        .as("seed %d, restored after %d articles, deferring no more", seed, cut)
                        .isEqualTo(eager);
            }
            var rocksDb = new EmbeddedRocksDBStateBackend(); // state as bytes: nothing deferred, same answers
            rocksDb.setDbStoragePath(dir.resolve("s" + seed).toString());
            int cut = steps.size() / 2;
            assertThat(seen(run(steps, true, cut, true, rocksDb), "none"))
                    .isEqualTo(seen(run(steps, false, cut, false, null), "none"));
        }
    }
}
