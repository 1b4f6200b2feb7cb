package io.comention.pipeline;

import io.comention.model.CombinationEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link CombinationEvent}, the most numerous record in the job (about 36 per
 * article, across the key-by to the counter): written field by field, no reflection, and, since the
 * record is immutable, {@link #copy} returns it as it is. Only on the edge, never in state, so its
 * format may change between versions.
 */
public final class CombinationEventSerializer extends ImmutableRecordSerializer<CombinationEvent> {

    private static final long serialVersionUID = 1L;

    public static final CombinationEventSerializer INSTANCE = new CombinationEventSerializer();

    @Override
    public void serialize(CombinationEvent e, DataOutputView out) throws IOException {
        WireFormat.writeCompactString(out, e.key());
        WireFormat.writeCompactEntities(out, e.entities());
        WireFormat.writeCompactArticle(out, e.article());
        WireFormat.writeInstant(out, e.eventTime());
        WireFormat.writeVarInt(out, e.parts());
    }

    @Override
    public CombinationEvent deserialize(DataInputView in) throws IOException {
        return new CombinationEvent(
                WireFormat.readCompactString(in),
                WireFormat.readCompactEntities(in),
                WireFormat.readCompactArticle(in),
                WireFormat.readInstant(in),
                WireFormat.readVarInt(in));
    }

    @Override
    public TypeSerializerSnapshot<CombinationEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CombinationEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
