package io.comention.pipeline;

import static io.comention.pipeline.WireFormat.readCompactString;
import static io.comention.pipeline.WireFormat.readInstant;
import static io.comention.pipeline.WireFormat.writeCompactString;
import static io.comention.pipeline.WireFormat.writeInstant;

import io.comention.model.Article;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink's serializer for {@link Article} on the edges from parsing to dedup and from dedup to tagging: compact strings. */
public final class ArticleSerializer extends ImmutableRecordSerializer<Article> {

    private static final long serialVersionUID = 1L;

    public static final ArticleSerializer INSTANCE = new ArticleSerializer();

    @Override
    public void serialize(Article a, DataOutputView out) throws IOException {
        write(out, a);
    }

    @Override
    public Article deserialize(DataInputView in) throws IOException {
        return read(in);
    }

    static void write(DataOutputView out, Article a) throws IOException {
        writeCompactString(out, a.id());
        writeCompactString(out, a.url());
        writeCompactString(out, a.source());
        writeInstant(out, a.publishedAt());
        writeCompactString(out, a.language());
        writeCompactString(out, a.title());
        writeCompactString(out, a.body());
        writeInstant(out, a.eventTime());
    }

    static Article read(DataInputView in) throws IOException {
        return new Article(
                readCompactString(in),
                readCompactString(in),
                readCompactString(in),
                readInstant(in),
                readCompactString(in),
                readCompactString(in),
                readCompactString(in),
                readInstant(in));
    }

    @Override
    public TypeSerializerSnapshot<Article> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Article> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
