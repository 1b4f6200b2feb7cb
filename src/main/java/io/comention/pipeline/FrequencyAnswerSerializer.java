package io.comention.pipeline;

import static io.comention.pipeline.WireFormat.readCompactString;
import static io.comention.pipeline.WireFormat.readVarLong;
import static io.comention.pipeline.WireFormat.writeCompactString;
import static io.comention.pipeline.WireFormat.writeVarLong;

import io.comention.model.FrequencyAnswer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink's serializer for {@link FrequencyAnswer}: compact strings. */
public final class FrequencyAnswerSerializer extends ImmutableRecordSerializer<FrequencyAnswer> {

    private static final long serialVersionUID = 1L;

    public static final FrequencyAnswerSerializer INSTANCE = new FrequencyAnswerSerializer();

    @Override
    public void serialize(FrequencyAnswer r, DataOutputView out) throws IOException {
        writeCompactString(out, r.alertId());
        writeCompactString(out, r.entityId());
        writeVarLong(out, r.count());
    }

    @Override
    public FrequencyAnswer deserialize(DataInputView in) throws IOException {
        return new FrequencyAnswer(readCompactString(in), readCompactString(in), readVarLong(in));
    }

    @Override
    public TypeSerializerSnapshot<FrequencyAnswer> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FrequencyAnswer> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
