package io.comention.pipeline;

import static io.comention.pipeline.CombinationStateSerializerTest.AF_PK;
import static io.comention.pipeline.CombinationStateSerializerTest.COUNTER;
import static io.comention.pipeline.CombinationStateSerializerTest.RULES;
import static io.comention.pipeline.CombinationStateSerializerTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.analytics.CombinationState;
import io.comention.analytics.SampleArticle;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Format 4: the combination state in bucket steps, by the counter's layout. */
class SteppedStateFormatTest {

    static final CombinationStateLayout LAYOUT = CombinationStateLayout.of(COUNTER, RULES.burst());
    static final CombinationStateSerializer LAID_OUT = CombinationStateSerializer.laidOutBy(LAYOUT);

    private static byte[] bytes(CombinationStateSerializer serializer, CombinationState s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(s, out);
        return out.getCopyOfBuffer();
    }

    private static CombinationState read(CombinationStateSerializer serializer, byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }

    /** Writes and reads {@code s} back: every field as it was (the entities come from the key, the timer from the state). */
    private static byte[] assertReadsBack(CombinationState s) throws IOException {
        byte[] written = bytes(LAID_OUT, s);
        CombinationState back = read(LAID_OUT, written);
        assertThat(back)
                .usingRecursiveComparison()
                .ignoringFields("entities", "pendingTimer", "entitiesNamedByKey")
                .isEqualTo(s);
        assertThat(bytes(LAID_OUT, back)).isEqualTo(written);
        return written;
    }

    private static boolean format4(byte[] bytes) {
        return (bytes[0] & 3) == 0;
    }

    private static CombinationEvent event(int i, Instant at, String source) {
        return new CombinationEvent(
                "AF+PK", AF_PK, new ArticleRef("a" + i, "Title " + i, "https://x.example/" + i, source), at);
    }

    @Test
    void everyStateTheCounterLeavesReadsBackExactlyAndMostInFormat4() throws Exception {
        var random = new SplittableRandom(15);
        int format4 = 0;
        int written = 0;
        for (int run = 0; run < 40; run++) {
            CombinationState s = new CombinationState();
            Instant t = T0.plusSeconds(random.nextInt(86_400));
            long observedSince = T0.toEpochMilli();
            int articles = 1 + random.nextInt(run % 4 == 0 ? 2 : 60);
            for (int i = 0; i < articles; i++) {
                // bursts, quiet hours, and now and then an article out of order or a day late
                t = t.plusSeconds(random.nextInt(10) < 3 ? random.nextInt(30) : random.nextInt(7_200));
                Instant at = random.nextInt(12) == 0 ? t.minusSeconds(random.nextInt(100_000)) : t;
                var arrival = COUNTER.add(
                        "AF+PK", s, event(i, at, "source-" + random.nextInt(6)), RULES, observedSince, Instant.EPOCH);
                if (!arrival.late()) {
                    COUNTER.scheduleHorizonExits(s, at.toEpochMilli());
                }
                if (random.nextInt(3) == 0) {
                    s.lastUpdateAt = 1_700_000_000_000L + random.nextInt(1_000_000);
                }
                if (random.nextInt(4) == 0 && s.pendingCloses.length > 0) {
                    COUNTER.horizonExit("AF+PK", s, s.pendingCloses[0], RULES);
                }
                byte[] b = assertReadsBack(s);
                written++;
                format4 += format4(b) ? 1 : 0;
            }
            while (s.pendingCloses.length > 0) {
                COUNTER.horizonExit("AF+PK", s, s.pendingCloses[0], RULES);
            }
            byte[] settled = assertReadsBack(s);
            assertThat(format4(settled)).isTrue();
            // never longer than format 3 of the same state
            assertThat(settled.length).isLessThanOrEqualTo(bytes(CombinationStateSerializer.INSTANCE, s).length);
        }
        assertThat(format4).isEqualTo(written);
    }

    @Test
    void aSettledCombinationNamedOnceTakesItsNewestTimeAndTwoMoreBytesAtMost() throws Exception {
        for (long quietBuckets : new long[] {0, 1, 7, 288, 2016}) {
            CombinationState s = new CombinationState();
            Instant at = T0.plusSeconds(300 * quietBuckets + 17);
            COUNTER.add("AF+PK", s, event(0, at, "dawn.com"), RULES, T0.toEpochMilli(), Instant.EPOCH);
            COUNTER.scheduleHorizonExits(s, at.toEpochMilli());
            while (s.pendingCloses.length > 0) {
                COUNTER.horizonExit("AF+PK", s, s.pendingCloses[0], RULES);
            }
            assertThat(s.samples).isEmpty();
            byte[] b = assertReadsBack(s);
            DataOutputSerializer newest = new DataOutputSerializer(16);
            CombinationStateSerializer.writeTime(newest, s.latestEventTime);
            // flags, the newest time, the baseline's weight as a number of buckets (none after no quiet bucket)
            assertThat(b.length)
                    .as("%d quiet buckets", quietBuckets)
                    .isLessThanOrEqualTo(1 + newest.length() + (quietBuckets == 0 ? 0 : 2));
            assertThat(b.length).isLessThan(bytes(CombinationStateSerializer.INSTANCE, s).length - 8);
        }
    }

    @Test
    void writesFormat3ForAStateOffTheBucketGridAndReadsItBack() throws Exception {
        CombinationState s = CombinationStateSerializerTest.stateOf(5);
        COUNTER.horizonExit("AF+PK", s, s.pendingCloses[0], RULES);
        s.countsAsOf += 1; // not a bucket boundary (a savepoint of another bucket size, say)
        byte[] b = assertReadsBack(s);
        assertThat(b[0]).isEqualTo((byte) 3);

        CombinationState twice = CombinationStateSerializerTest.stateOf(5);
        twice.bucketStarts = new long[] {twice.bucketStarts[0], twice.bucketStarts[0]}; // not as the counter keeps them
        twice.bucketCounts = new long[] {1, 1};
        assertThat(assertReadsBack(twice)[0]).isEqualTo((byte) 3);

        CombinationState unset = new CombinationState(); // no article yet: no newest bucket to step from
        assertThat(assertReadsBack(unset)[0]).isEqualTo((byte) 3);
    }

    @Test
    void keepsAWeightOfNoWholeNumberOfBucketsAndADoubleBaselineBitForBit() throws Exception {
        CombinationState s = CombinationStateSerializerTest.stateOf(12);
        s.baselineWeight = 0.123f;
        assertThat(format4(assertReadsBack(s))).isTrue();
        s.baselineMean = 0.1;
        s.baselineVariance = 0.2;
        s.baselineWeight = 0.3;
        CombinationState back = read(LAID_OUT, assertReadsBack(s));
        assertThat(back.baselineMean).isEqualTo(0.1);
        assertThat(back.baselineWeight).isEqualTo(0.3);
    }

    @Test
    void carriesEveryRareFieldToo() throws Exception {
        CombinationState s = CombinationStateSerializerTest.stateOf(12);
        s.entities = List.of(new EntityRef("a+b", "A and B", EntityType.ORGANIZATION), AF_PK.get(0));
        s.sourceLastSeen = new HashMap<>(Map.of("old.example", 5L));
        s.updateDue = 77;
        s.lateArticles = 3;
        s.arrived = new ArrayList<>(
                List.of(new SampleArticle(new ArticleRef("held", "T", "u", "older.example"), s.latestEventTime - 9)));
        s.lastAlertWindowEndToChange().put("WATCH:x", 123L);
        s.disarmedToChange().add("WATCH:x");
        s.bucketCounts[0] = 1_000; // beyond what packs with the bucket's step
        CombinationState back = read(LAID_OUT, assertReadsBack(s));
        assertThat(back.entities).isEqualTo(s.entities);
    }

    @Test
    void looksAtTheEntitiesOfEachNewListOnceAndWritesThoseTheKeyCannotName() throws Exception {
        CombinationState s = CombinationStateSerializerTest.stateOf(3);
        int withoutNames = bytes(LAID_OUT, s).length;
        assertThat(s.entitiesNamedByKey).isSameAs(s.entities); // looked at once: ids the key holds
        assertThat(bytes(LAID_OUT, s)).hasSize(withoutNames);
        // a new list (the counter never changes one in place) is looked at again
        s.entities = List.of(new EntityRef("a+b", "A and B", EntityType.ORGANIZATION), AF_PK.get(0));
        CombinationState back = read(LAID_OUT, assertReadsBack(s));
        assertThat(back.entities).isEqualTo(s.entities);
        assertThat(bytes(LAID_OUT, s).length).isGreaterThan(withoutNames);
    }

    @Test
    void readsWhatTheSerializerWithoutALayoutWroteButThatOneCannotReadFormat4() throws Exception {
        CombinationState s = CombinationStateSerializerTest.stateOf(12);
        CombinationState fromFormat3 = read(LAID_OUT, bytes(CombinationStateSerializer.INSTANCE, s));
        assertThat(fromFormat3)
                .usingRecursiveComparison()
                .ignoringFields("entities", "pendingTimer", "entitiesNamedByKey")
                .isEqualTo(s);
        DataOutputSerializer format1 = new DataOutputSerializer(256);
        CombinationStateSerializer.writeFormat1(s, format1);
        assertThat(read(LAID_OUT, format1.getCopyOfBuffer()))
                .usingRecursiveComparison()
                .ignoringFields("namesNotInTable", "entitiesNamedByKey")
                .isEqualTo(s);

        assertThatThrownBy(() -> read(CombinationStateSerializer.INSTANCE, bytes(LAID_OUT, s)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("layout");
    }

    private static CombinationStateSerializer.Snapshot readBack(TypeSerializerSnapshot<CombinationState> snapshot)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        snapshot.writeSnapshot(out);
        var read = new CombinationStateSerializer.Snapshot();
        read.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()), null);
        return read;
    }

    @Test
    void itsSnapshotCarriesTheLayoutAndSaysWhenStateMustBeRewritten() throws Exception {
        var restored = readBack(LAID_OUT.snapshotConfiguration());
        assertThat(restored.restoreSerializer()).isEqualTo(LAID_OUT);
        assertThat(readBack(CombinationStateSerializer.INSTANCE.snapshotConfiguration())
                        .restoreSerializer())
                .isEqualTo(CombinationStateSerializer.INSTANCE);

        // the snapshot of the versions before the layout: version 3, nothing in it
        var before = new CombinationStateSerializer.Snapshot();
        before.readSnapshot(3, new DataInputDeserializer(new byte[0]), null);
        assertThat(before.restoreSerializer()).isEqualTo(CombinationStateSerializer.INSTANCE);

        var otherHalfLife = CombinationStateSerializer.laidOutBy(new CombinationStateLayout(
                LAYOUT.bucketMillis(), LAYOUT.longestHorizonMillis(), LAYOUT.baselineAlpha() / 2));
        TypeSerializerSnapshot<CombinationState> now = LAID_OUT.snapshotConfiguration();
        assertThat(now.resolveSchemaCompatibility(before).isCompatibleAsIs()).isTrue();
        assertThat(now.resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
        assertThat(now.resolveSchemaCompatibility(otherHalfLife.snapshotConfiguration())
                        .isCompatibleAfterMigration())
                .isTrue();
        TypeSerializerSnapshot<CombinationState> foreign = org.apache.flink.api.common.typeinfo.TypeInformation.of(
                        CombinationState.class)
                .createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl())
                .snapshotConfiguration();
        TypeSerializerSchemaCompatibility<CombinationState> compatibility = now.resolveSchemaCompatibility(foreign);
        assertThat(compatibility.isIncompatible()).isTrue();

        // state of another layout reads back with that layout's serializer, as a restore does
        CombinationState s = CombinationStateSerializerTest.stateOf(30);
        assertThat(read(otherHalfLife, bytes(otherHalfLife, s)))
                .usingRecursiveComparison()
                .ignoringFields("entities", "pendingTimer", "entitiesNamedByKey")
                .isEqualTo(s);
    }

    @Test
    void findsTheBucketsOfEveryWholeBucketWeightAndNoneOfAnyOther() {
        for (long n = 1; n < 20_000; n += 1 + n / 50) {
            double w = LAYOUT.weightAfter(n);
            long found = LAYOUT.bucketsOfWeight(w);
            assertThat(LAYOUT.weightOf(n)).isEqualTo(w); // from the table or computed: the same
            if (w < 1) {
                assertThat(found).as("n = %d", n).isPositive();
                assertThat(LAYOUT.weightAfter(found)).isEqualTo(w);
            }
        }
        assertThat(LAYOUT.bucketsOfWeight(0.123f)).isEqualTo(-1);
        assertThat(LAYOUT.bucketsOfWeight(0.1)).isEqualTo(-1); // not a float: written as a double
        assertThat(LAYOUT.bucketsOfWeight(0)).isEqualTo(-1);
        assertThat(LAYOUT.bucketsOfWeight(1)).isEqualTo(-1);
    }

    @Test
    void refusesALayoutThatCannotBe() {
        assertThatThrownBy(
                        () -> new CombinationStateLayout(0, Duration.ofHours(1).toMillis(), 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CombinationStateLayout(300_000, 3_600_000, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
