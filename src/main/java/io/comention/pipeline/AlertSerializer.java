package io.comention.pipeline;

import io.comention.model.Alert;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link Alert} between the alert grouping, the frequency questions and the lift
 * (the format of an alert inside a verdict, {@link AlertVerdictSerializer}). Edges only: the lift's state
 * keeps its alert with Flink's POJO serializer, as before.
 */
public final class AlertSerializer extends ImmutableRecordSerializer<Alert> {

    private static final long serialVersionUID = 1L;

    public static final AlertSerializer INSTANCE = new AlertSerializer();

    @Override
    public void serialize(Alert a, DataOutputView out) throws IOException {
        AlertVerdictSerializer.writeAlert(out, a);
    }

    @Override
    public Alert deserialize(DataInputView in) throws IOException {
        return AlertVerdictSerializer.readAlert(in);
    }

    @Override
    public TypeSerializerSnapshot<Alert> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Alert> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
