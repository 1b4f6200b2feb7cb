package io.comention.pipeline;

import static io.comention.pipeline.WireFormat.readCompactArticle;
import static io.comention.pipeline.WireFormat.readInstant;
import static io.comention.pipeline.WireFormat.writeCompactArticle;
import static io.comention.pipeline.WireFormat.writeInstant;

import io.comention.model.CountedArticle;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink's serializer for {@link CountedArticle}, on its way to the combination step: compact strings. */
public final class CountedArticleSerializer extends ImmutableRecordSerializer<CountedArticle> {

    private static final long serialVersionUID = 1L;

    public static final CountedArticleSerializer INSTANCE = new CountedArticleSerializer();

    @Override
    public void serialize(CountedArticle r, DataOutputView out) throws IOException {
        writeCompactArticle(out, r.article());
        writeInstant(out, r.eventTime());
        TaggedArticleSerializer.writeEntities(out, r.entities(), null);
    }

    @Override
    public CountedArticle deserialize(DataInputView in) throws IOException {
        return new CountedArticle(
                readCompactArticle(in), readInstant(in), TaggedArticleSerializer.readEntities(in, null));
    }

    @Override
    public TypeSerializerSnapshot<CountedArticle> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CountedArticle> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
