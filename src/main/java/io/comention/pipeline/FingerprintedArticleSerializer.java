package io.comention.pipeline;

import static io.comention.pipeline.WireFormat.readVarInt;
import static io.comention.pipeline.WireFormat.writeVarInt;

import io.comention.model.FingerprintedArticle;
import io.comention.model.TaggedArticle;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink's serializer for {@link FingerprintedArticle}, between the tagger and the two near-duplicate bands. The fingerprint array is shared by {@link #copy}, like the record: nothing changes it once computed. */
public final class FingerprintedArticleSerializer extends ImmutableRecordSerializer<FingerprintedArticle> {

    private static final long serialVersionUID = 1L;

    public static final FingerprintedArticleSerializer INSTANCE = new FingerprintedArticleSerializer();

    @Override
    public void serialize(FingerprintedArticle r, DataOutputView out) throws IOException {
        TaggedArticleSerializer.write(out, r.tagged());
        long[] fingerprint = r.fingerprint();
        writeVarInt(out, fingerprint == null ? 0 : fingerprint.length + 1);
        if (fingerprint != null) {
            for (long f : fingerprint) {
                out.writeLong(f);
            }
        }
    }

    @Override
    public FingerprintedArticle deserialize(DataInputView in) throws IOException {
        TaggedArticle tagged = TaggedArticleSerializer.read(in);
        int n = readVarInt(in) - 1;
        long[] fingerprint = n < 0 ? null : new long[n];
        for (int i = 0; i < n; i++) {
            fingerprint[i] = in.readLong();
        }
        return new FingerprintedArticle(tagged, fingerprint);
    }

    @Override
    public TypeSerializerSnapshot<FingerprintedArticle> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FingerprintedArticle> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
