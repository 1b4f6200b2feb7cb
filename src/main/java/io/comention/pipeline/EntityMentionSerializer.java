package io.comention.pipeline;

import static io.comention.pipeline.WireFormat.readCompactString;
import static io.comention.pipeline.WireFormat.readInstant;
import static io.comention.pipeline.WireFormat.writeCompactString;
import static io.comention.pipeline.WireFormat.writeInstant;

import io.comention.model.EntityMention;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink's serializer for {@link EntityMention}, several per counted article on their way to the entity frequencies. */
public final class EntityMentionSerializer extends ImmutableRecordSerializer<EntityMention> {

    private static final long serialVersionUID = 1L;

    public static final EntityMentionSerializer INSTANCE = new EntityMentionSerializer();

    @Override
    public void serialize(EntityMention r, DataOutputView out) throws IOException {
        writeCompactString(out, r.entityId());
        writeInstant(out, r.eventTime());
    }

    @Override
    public EntityMention deserialize(DataInputView in) throws IOException {
        return new EntityMention(readCompactString(in), readInstant(in));
    }

    @Override
    public TypeSerializerSnapshot<EntityMention> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EntityMention> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
