package io.comention.pipeline;

import static io.comention.pipeline.WireFormat.readCompactString;
import static io.comention.pipeline.WireFormat.readInstant;
import static io.comention.pipeline.WireFormat.writeCompactString;
import static io.comention.pipeline.WireFormat.writeInstant;

import io.comention.model.FrequencyQuestion;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink's serializer for {@link FrequencyQuestion}: compact strings. */
public final class FrequencyQuestionSerializer extends ImmutableRecordSerializer<FrequencyQuestion> {

    private static final long serialVersionUID = 1L;

    public static final FrequencyQuestionSerializer INSTANCE = new FrequencyQuestionSerializer();

    @Override
    public void serialize(FrequencyQuestion r, DataOutputView out) throws IOException {
        writeCompactString(out, r.alertId());
        writeCompactString(out, r.entityId());
        writeInstant(out, r.windowStart());
        writeInstant(out, r.windowEnd());
    }

    @Override
    public FrequencyQuestion deserialize(DataInputView in) throws IOException {
        return new FrequencyQuestion(readCompactString(in), readCompactString(in), readInstant(in), readInstant(in));
    }

    @Override
    public TypeSerializerSnapshot<FrequencyQuestion> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FrequencyQuestion> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
