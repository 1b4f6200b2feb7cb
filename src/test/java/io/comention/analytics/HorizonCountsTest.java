package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.kafka.Serializers;
import io.comention.model.CountUpdate;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import io.comention.model.Json;
import io.comention.pipeline.CountUpdateSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class HorizonCountsTest {

    static final String[] LABELS = {"15m", "1h", "24h"};
    static final List<EntityRef> ENTITIES = List.of(
            new EntityRef("AF", "Afghanistan", EntityType.COUNTRY),
            new EntityRef("PK", "Pakistan", EntityType.COUNTRY));
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static Map<String, Long> linked(long a, long b, long c) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("15m", a);
        m.put("1h", b);
        m.put("24h", c);
        return m;
    }

    @Test
    void equalsHashesPrintsAndIteratesLikeTheLinkedHashMapItReplaces() {
        HorizonCounts counts = new HorizonCounts(LABELS, new long[] {3, 5, 900});
        Map<String, Long> expected = linked(3, 5, 900);

        assertThat(counts).isEqualTo(expected);
        assertThat(expected).isEqualTo(counts);
        assertThat(counts.hashCode()).isEqualTo(expected.hashCode());
        assertThat(counts.toString()).isEqualTo(expected.toString());
        assertThat(new ArrayList<>(counts.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        assertThat(new ArrayList<>(counts.keySet())).containsExactly("15m", "1h", "24h");
        assertThat(new ArrayList<>(counts.values())).containsExactly(3L, 5L, 900L);
        List<String> visited = new ArrayList<>();
        counts.forEach((k, v) -> visited.add(k + "=" + v));
        assertThat(visited).containsExactly("15m=3", "1h=5", "24h=900");

        assertThat(counts.get("1h")).isEqualTo(5L);
        assertThat(counts.get("7d")).isNull();
        assertThat(counts.get(null)).isNull();
        assertThat(counts.getOrDefault("7d", -1L)).isEqualTo(-1L);
        assertThat(counts.containsKey("24h")).isTrue();
        assertThat(counts.containsKey("2h")).isFalse();
        assertThat(counts.containsValue(900L)).isTrue();
        assertThat(counts.containsValue(900)).isFalse(); // an Integer is no Long, as in any map
        assertThat(counts.size()).isEqualTo(3);
        assertThat(counts.isEmpty()).isFalse();

        // two updates sharing the labels, and one with labels of its own
        assertThat(counts).isEqualTo(new HorizonCounts(LABELS, new long[] {3, 5, 900}));
        assertThat(counts).isEqualTo(HorizonCounts.of(new String[] {"15m", "1h", "24h"}, new long[] {3, 5, 900}));
        assertThat(counts).isNotEqualTo(new HorizonCounts(LABELS, new long[] {3, 5, 901}));
        assertThat(counts).isNotEqualTo(linked(3, 5, 901));
        Map<String, Long> other = new HashMap<>(expected);
        other.put("7d", 1L);
        assertThat(counts).isNotEqualTo(other);
        assertThat(new HorizonCounts(new String[0], new long[0]))
                .isEqualTo(Map.of())
                .hasSameHashCodeAs(Map.of());
    }

    @Test
    void refusesEveryChange() {
        HorizonCounts counts = new HorizonCounts(LABELS, new long[] {1, 2, 3});
        assertThatThrownBy(() -> counts.put("7d", 4L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> counts.remove("1h")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(counts::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> counts.entrySet().iterator().next().setValue(9L))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> {
                    var it = counts.entrySet().iterator();
                    it.next();
                    it.remove();
                })
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(counts).isEqualTo(linked(1, 2, 3));
    }

    @Test
    void aRepeatedLabelKeepsItsFirstPlaceAndItsLastCount() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("1h", 1L);
        expected.put("24h", 2L);
        expected.put("1h", 3L);
        HorizonCounts counts = HorizonCounts.of(new String[] {"1h", "24h", "1h"}, new long[] {1, 2, 3});
        assertThat(counts).isEqualTo(expected);
        assertThat(counts.toString()).isEqualTo(expected.toString());
        assertThatThrownBy(() -> HorizonCounts.of(new String[] {"1h"}, new long[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        HorizonCounts counts = new HorizonCounts(LABELS, new long[] {1, 2, 3});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(counts);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Object back = in.readObject();
            assertThat(back).isInstanceOf(HorizonCounts.class).isEqualTo(linked(1, 2, 3));
            assertThat(back.toString()).isEqualTo(counts.toString());
        }
    }

    @Test
    void anUpdateWithItReadsBackAndIsWrittenOnTheWireAsOneWithALinkedHashMap() throws Exception {
        CountUpdate compact =
                new CountUpdate("AF+PK", ENTITIES, 2, new HorizonCounts(LABELS, new long[] {3, 5, 9}), 12, 1.5, 4, NOW);
        CountUpdate linked = new CountUpdate("AF+PK", ENTITIES, 2, linked(3, 5, 9), 12, 1.5, 4, NOW);
        assertThat(compact).isEqualTo(linked).hasSameHashCodeAs(linked);

        // Flink's serializer: the same bytes either way, read back equal and in horizon order
        byte[] compactBytes = write(compact);
        assertThat(compactBytes).isEqualTo(write(linked));
        CountUpdate back = CountUpdateSerializer.INSTANCE.deserialize(new DataInputDeserializer(compactBytes));
        assertThat(back).isEqualTo(linked);
        assertThat(new ArrayList<>(back.counts().keySet())).containsExactly("15m", "1h", "24h");
        assertThatThrownBy(() -> back.counts().put("7d", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(write(back)).isEqualTo(compactBytes);

        // the JSON of the counts topic, through the counts sink's serializer and straight
        assertThat(Json.countUpdate(compact)).isEqualTo(Json.countUpdate(linked));
        assertThat(new String(Json.countUpdate(compact), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"counts\":{\"15m\":3,\"1h\":5,\"24h\":9}");
        var sink = Serializers.counts("news.comention.counts");
        assertThat(sink.serialize(compact, null, 0L).value())
                .isEqualTo(sink.serialize(linked, null, 0L).value());
        assertThat(sink.serialize(compact, null, 0L).key())
                .isEqualTo(sink.serialize(linked, null, 0L).key());
    }

    private static byte[] write(CountUpdate u) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        CountUpdateSerializer.INSTANCE.serialize(u, out);
        return out.getCopyOfBuffer();
    }
}
