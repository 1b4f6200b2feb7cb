package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.analytics.AlertRules;
import io.comention.analytics.BurstSettings;
import io.comention.analytics.CoMentionCounter;
import io.comention.analytics.CombinationState;
import io.comention.analytics.Horizon;
import io.comention.analytics.WatchRule;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

class CombinationStateSerializerTest {

    static final List<EntityRef> AF_PK = List.of(
            new EntityRef("AF", "Afghanistan", EntityType.COUNTRY),
            new EntityRef("PK", "Pakistan", EntityType.COUNTRY));
    static final Instant T0 = Instant.parse("2011-10-19T09:00:00Z");
    static final CoMentionCounter COUNTER = new CoMentionCounter(
            Duration.ofMinutes(5),
            List.of(
                    Horizon.of(Duration.ofMinutes(15)),
                    Horizon.of(Duration.ofHours(1)),
                    Horizon.of(Duration.ofHours(24))),
            Duration.ofDays(2));
    static final AlertRules RULES = new AlertRules(
            List.of(new WatchRule("af-pk", List.of("AF", "PK"), Duration.ofHours(1), 2)),
            List.of(),
            new BurstSettings(true, Duration.ofMinutes(15), 5, 6.0, 1.0, Duration.ofHours(24), Duration.ofHours(6)),
            Duration.ofMinutes(30));

    static CombinationState stateOf(int articles) {
        CombinationState s = new CombinationState();
        for (int i = 0; i < articles; i++) {
            Instant at = T0.plusSeconds(400L * i);
            COUNTER.add(
                    "AF+PK",
                    s,
                    new CombinationEvent(
                            "AF+PK",
                            AF_PK,
                            new ArticleRef("a" + i, "Title " + i, "https://x.example/" + i, "source-" + (i % 3)),
                            at),
                    RULES,
                    T0.toEpochMilli(),
                    Instant.EPOCH);
            COUNTER.scheduleHorizonExits(s, at.toEpochMilli());
        }
        s.pendingTimer = COUNTER.nextTimer(s);
        return s;
    }

    private static byte[] bytes(CombinationState s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        CombinationStateSerializer.INSTANCE.serialize(s, out);
        return out.getCopyOfBuffer();
    }

    private static CombinationState read(byte[] bytes) throws Exception {
        return CombinationStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
    }

    @Test
    void shouldReadBackEveryFieldItWrote() throws Exception {
        CombinationState s = stateOf(12);
        s.sourceLastSeen = new HashMap<>(Map.of("old.example", 5L));
        s.updateDue = 77;
        CombinationState back = read(bytes(s));
        // the entities are the key's ids, named by the operator's table of names, and the timer is where the
        // state says the next one is: neither is written
        assertThat(back.entities).isEmpty();
        assertThat(back.pendingTimer).isEqualTo(Long.MIN_VALUE);
        assertThat(back)
                .usingRecursiveComparison()
                .ignoringFields("entities", "pendingTimer", "entitiesNamedByKey")
                .isEqualTo(s);
        back.entities = s.entities;
        back.pendingTimer = s.pendingTimer;
        assertThat(bytes(back)).isEqualTo(bytes(s));
    }

    @Test
    void shouldWriteTheBaselineInFourBytesEachWhenTheCounterKeptItToFloatPrecision() throws Exception {
        CombinationState s = stateOf(12);
        assertThat(s.baselineMean).isPositive();
        assertThat(s.baselineWeight).isPositive();
        byte[] floats = bytes(s);
        assertThat(floats[0]).isEqualTo((byte) 3);
        assertThat(read(floats))
                .usingRecursiveComparison()
                .ignoringFields("entities", "pendingTimer", "entitiesNamedByKey")
                .isEqualTo(s);

        // a baseline restored from a savepoint of the version before (full doubles) keeps format 2 and every bit
        s.baselineMean = 0.1;
        s.baselineVariance = 0.2;
        s.baselineWeight = 0.3;
        byte[] doubles = bytes(s);
        assertThat(doubles[0]).isEqualTo((byte) 2);
        assertThat(doubles).hasSize(floats.length + 12);
        CombinationState back = read(doubles);
        assertThat(back.baselineMean).isEqualTo(0.1);
        assertThat(back.baselineVariance).isEqualTo(0.2);
        assertThat(back.baselineWeight).isEqualTo(0.3);
        assertThat(back)
                .usingRecursiveComparison()
                .ignoringFields("entities", "pendingTimer", "entitiesNamedByKey")
                .isEqualTo(s);
    }

    @Test
    void shouldWriteTheEntitiesOfIdsTheKeyCannotHold() throws Exception {
        CombinationState s = stateOf(2);
        s.entities = List.of(new EntityRef("a+b", "A and B", EntityType.ORGANIZATION), AF_PK.get(0));
        assertThat(read(bytes(s)))
                .usingRecursiveComparison()
                .ignoringFields("pendingTimer", "entitiesNamedByKey")
                .isEqualTo(s);
    }

    @Test
    void shouldReadTheFormatOfTheVersionBefore() throws Exception {
        CombinationState s = stateOf(12);
        s.sourceLastSeen = new HashMap<>(Map.of("old.example", 5L));
        s.updateDue = 77;
        DataOutputSerializer out = new DataOutputSerializer(256);
        CombinationStateSerializer.writeFormat1(s, out);
        CombinationState back = read(out.getCopyOfBuffer());
        assertThat(back)
                .usingRecursiveComparison()
                .ignoringFields("namesNotInTable", "entitiesNamedByKey")
                .isEqualTo(s);
        // until the operator has its names in its table, they are written again
        assertThat(back.namesNotInTable).isTrue();
        assertThat(read(bytes(back)).entities).isEqualTo(s.entities);
    }

    @Test
    void shouldKeepACombinationNamedOnceToAFewDozenBytesOnceItsHorizonsHaveEmptied() throws Exception {
        CombinationState s = stateOf(1);
        long exit;
        while (s.pendingCloses.length > 0) {
            exit = s.pendingCloses[0];
            COUNTER.horizonExit("AF+PK", s, exit, RULES);
        }
        s.pendingTimer = COUNTER.nextTimer(s);
        assertThat(s.samples).isEmpty();
        assertThat(s.sources).isEmpty();
        // flags, newest time, total, one bucket, the baseline's weight and start, counts-as-of
        assertThat(bytes(s).length).isLessThanOrEqualTo(30);
    }

    @Test
    void shouldCopyWithoutSharingAnythingMutable() throws Exception {
        CombinationState s = stateOf(3);
        CombinationState copy = CombinationStateSerializer.INSTANCE.copy(s);
        assertThat(copy).usingRecursiveComparison().isEqualTo(s);
        byte[] before = bytes(s);
        COUNTER.add(
                "AF+PK",
                copy,
                new CombinationEvent(
                        "AF+PK",
                        AF_PK,
                        new ArticleRef("z", "Z", "https://x.example/z", "other.example"),
                        T0.plusSeconds(1300)),
                RULES,
                T0.toEpochMilli(),
                Instant.EPOCH);
        copy.disarmed.add("X");
        copy.lastAlertWindowEnd.put("X", 1L);
        assertThat(bytes(s)).isEqualTo(before);
    }

    /**
     * Adds articles {@code from} on, 400 s apart but for a three-hour pause before the 15th: the af-pk watch
     * rule fires, falls back below its trigger in the pause, and fires again after it.
     */
    private static List<String> drive(CombinationState s, int from, int articles) {
        List<String> alerts = new ArrayList<>();
        for (int i = from; i < from + articles; i++) {
            Instant at = T0.plusSeconds(400L * i + (i >= 15 ? 3 * 3600 : 0));
            COUNTER.add(
                            "AF+PK",
                            s,
                            new CombinationEvent(
                                    "AF+PK",
                                    AF_PK,
                                    new ArticleRef(
                                            "a" + i, "Title " + i, "https://x.example/" + i, "source-" + (i % 3)),
                                    at),
                            RULES,
                            T0.toEpochMilli(),
                            Instant.EPOCH)
                    .alerts()
                    .forEach(a -> alerts.add(a.alertId()));
            COUNTER.scheduleHorizonExits(s, at.toEpochMilli());
        }
        s.pendingTimer = COUNTER.nextTimer(s);
        return alerts;
    }

    private static void assertSharedEmptiesStillEmpty() {
        assertThat(CombinationState.NO_ENTITIES).isEmpty();
        assertThat(CombinationState.NO_ALERT_WINDOWS).isEmpty();
        assertThat(CombinationState.NO_RULES).isEmpty();
        assertThat(CombinationState.NO_SAMPLES).isEmpty();
    }

    @Test
    void copiesAndReadsShareEmptyCollectionsWhichTheCounterReplacesBeforeFillingThem() throws Exception {
        CombinationState one = stateOf(1); // one article: a sample, no alert yet
        CombinationState fresh = new CombinationState();
        List<CombinationState> states = List.of(
                CombinationStateSerializer.INSTANCE.copy(fresh),
                read(bytes(fresh)),
                CombinationStateSerializer.INSTANCE.copy(one),
                read(bytes(one)));
        for (CombinationState s : states) {
            assertThat(s.lastAlertWindowEnd).isSameAs(CombinationState.NO_ALERT_WINDOWS);
            assertThat(s.disarmed).isSameAs(CombinationState.NO_RULES);
            assertThat(s.arrived).isSameAs(CombinationState.NO_SAMPLES);
        }
        assertThat(states.get(0).samples).isSameAs(CombinationState.NO_SAMPLES);
        assertThat(states.get(0).entities).isSameAs(CombinationState.NO_ENTITIES);
        assertThat(states.get(2).entities).isSameAs(one.entities); // immutable: shared by the copy

        // the same articles on the original and on each copy or read: the same alerts and the same state
        CombinationState original = stateOf(1);
        List<String> expected = drive(original, 1, 30);
        assertThat(expected).hasSizeGreaterThan(1); // fired, and again after the cooldown
        assertThat(original.disarmed).isNotEmpty();
        assertThat(original.lastAlertWindowEnd).isNotEmpty();
        for (CombinationState s : states.subList(2, 4)) {
            assertThat(drive(s, 1, 30)).isEqualTo(expected);
            assertThat(bytes(s)).isEqualTo(bytes(original));
            assertSharedEmptiesStillEmpty();
        }
        for (CombinationState s : states.subList(0, 2)) {
            drive(s, 0, 31);
            assertThat(s.samples).isNotEmpty();
            assertThat(s.disarmed).isNotEmpty();
            assertThat(bytes(s)).isEqualTo(bytes(original));
            assertSharedEmptiesStillEmpty();
        }
        // held-back articles of an earlier version's savepoint are applied and the list emptied
        CombinationState held = read(bytes(stateOf(2)));
        held.arrived = new ArrayList<>(List.of(new io.comention.analytics.SampleArticle(
                new ArticleRef("held", "T", "u", "older.example"), T0.toEpochMilli())));
        CombinationState heldCopy = CombinationStateSerializer.INSTANCE.copy(held);
        drive(heldCopy, 2, 1);
        assertThat(heldCopy.arrived).isEmpty();
        assertThat(held.arrived).hasSize(1);
        assertSharedEmptiesStillEmpty();
    }

    @Test
    void sharedEmptyCollectionsWriteExactlyTheBytesOfEmptyOnesOfTheStatesOwn() throws Exception {
        for (int n : new int[] {0, 1, 2, 3, 5, 12, 40}) {
            CombinationState s = stateOf(n);
            byte[] expected = bytes(s);
            // as the version before built them: empty mutable collections of the state's own
            CombinationState own = CombinationStateSerializer.INSTANCE.copy(s);
            own.entities = new ArrayList<>(own.entities);
            own.lastAlertWindowEnd = new HashMap<>(own.lastAlertWindowEnd);
            own.disarmed = new ArrayList<>(own.disarmed);
            own.arrived = new ArrayList<>(own.arrived);
            own.samples = new ArrayList<>(own.samples);
            assertThat(bytes(own)).isEqualTo(expected);
            assertThat(bytes(CombinationStateSerializer.INSTANCE.copy(s))).isEqualTo(expected);
            assertThat(bytes(read(expected))).isEqualTo(expected);
            assertThat(bytes(CombinationStateSerializer.INSTANCE.copy(read(expected))))
                    .isEqualTo(expected);
        }
    }

    @Test
    void shouldKeepACombinationNamedByOneArticleSmall() throws Exception {
        CombinationState s = stateOf(1);
        ArticleRef a = s.samples.get(0).article();
        int sample = a.id().length()
                + a.title().length()
                + a.url().length()
                + a.source().length()
                + 4;
        // everything but the sample and the source's name (names are not written): a few small numbers
        assertThat(bytes(s).length - sample - a.source().length()).isLessThanOrEqualTo(45);
    }

    @Test
    void writesStringsInExactlyFlinksStringValueBytes() throws Exception {
        List<String> strings = new ArrayList<>(Arrays.asList(
                null,
                "",
                "x",
                "dawn.com",
                "Ünïcødé — ‘quotes’",
                "\u0000\u007f\u0080\u3fff\u4000\uffff",
                "\ud83d\ude00 \ud800"));
        strings.add("a".repeat(126));
        strings.add("b".repeat(127)); // the length (+1) needs a second byte from here
        strings.add("é".repeat(20_000)); // and a third beyond 16,383
        for (String s : strings) {
            DataOutputSerializer ours = new DataOutputSerializer(16);
            CombinationStateSerializer.writeNullableString(ours, s);
            DataOutputSerializer flinks = new DataOutputSerializer(16);
            StringValue.writeString(s, flinks);
            assertThat(ours.getCopyOfBuffer()).isEqualTo(flinks.getCopyOfBuffer());
            assertThat(StringValue.readString(new DataInputDeserializer(ours.getCopyOfBuffer())))
                    .isEqualTo(s);
        }
    }
}
