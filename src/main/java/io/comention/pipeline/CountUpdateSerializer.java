package io.comention.pipeline;

import io.comention.analytics.HorizonCounts;
import io.comention.model.CountUpdate;
import io.comention.model.EntityRef;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link CountUpdate}: written field by field, no reflection; the record is never
 * changed once built, so {@link #copy} (every update is copied once on its way to the chained sink)
 * returns it as it is.
 */
public final class CountUpdateSerializer extends ImmutableRecordSerializer<CountUpdate> {

    private static final long serialVersionUID = 1L;

    public static final CountUpdateSerializer INSTANCE = new CountUpdateSerializer();

    @Override
    public void serialize(CountUpdate u, DataOutputView out) throws IOException {
        WireFormat.writeCompactString(out, u.key());
        WireFormat.writeCompactEntities(out, u.entities());
        WireFormat.writeVarInt(out, u.size());
        Map<String, Long> counts = u.counts();
        WireFormat.writeVarInt(out, counts == null ? 0 : counts.size() + 1);
        if (counts instanceof HorizonCounts h) {
            for (int i = 0; i < h.size(); i++) {
                WireFormat.writeCompactString(out, h.label(i));
                out.writeLong(h.count(i));
            }
        } else if (counts != null) {
            for (Map.Entry<String, Long> c : counts.entrySet()) {
                WireFormat.writeCompactString(out, c.getKey());
                out.writeLong(c.getValue());
            }
        }
        out.writeLong(u.total());
        out.writeDouble(u.baseline());
        out.writeLong(u.sources());
        WireFormat.writeInstant(out, u.updatedAt());
    }

    @Override
    public CountUpdate deserialize(DataInputView in) throws IOException {
        String key = WireFormat.readCompactString(in);
        List<EntityRef> entities = WireFormat.readCompactEntities(in);
        int size = WireFormat.readVarInt(in);
        int n = WireFormat.readVarInt(in) - 1;
        Map<String, Long> counts = null;
        if (n >= 0) {
            // in horizon order, as published
            String[] labels = new String[n];
            long[] read = new long[n];
            for (int i = 0; i < n; i++) {
                labels[i] = WireFormat.readCompactString(in);
                read[i] = in.readLong();
            }
            counts = HorizonCounts.of(labels, read);
        }
        return new CountUpdate(
                key, entities, size, counts, in.readLong(), in.readDouble(), in.readLong(), WireFormat.readInstant(in));
    }

    @Override
    public TypeSerializerSnapshot<CountUpdate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CountUpdate> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
