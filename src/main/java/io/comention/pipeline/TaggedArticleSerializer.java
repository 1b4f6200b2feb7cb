package io.comention.pipeline;

import static io.comention.pipeline.WireFormat.readCompactString;
import static io.comention.pipeline.WireFormat.readCompactStrings;
import static io.comention.pipeline.WireFormat.readType;
import static io.comention.pipeline.WireFormat.readVarInt;
import static io.comention.pipeline.WireFormat.writeCompactString;
import static io.comention.pipeline.WireFormat.writeCompactStrings;
import static io.comention.pipeline.WireFormat.writeType;
import static io.comention.pipeline.WireFormat.writeVarInt;

import io.comention.model.Article;
import io.comention.model.Span;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link TaggedArticle}: the article, then its entities. A mention's text is the
 * slice of the title or body its offsets name (see {@link Span}), so it is cut from the article read
 * back instead of being sent again; a span whose text is not that slice carries its text.
 */
public final class TaggedArticleSerializer extends ImmutableRecordSerializer<TaggedArticle> {

    private static final long serialVersionUID = 1L;

    public static final TaggedArticleSerializer INSTANCE = new TaggedArticleSerializer();

    private static final String TITLE = "title";
    private static final String BODY = "body";

    // a span's first byte: which field (low bits), and whether its text is that field's slice
    private static final int FIELD_NULL = 0;
    private static final int FIELD_TITLE = 1;
    private static final int FIELD_BODY = 2;
    private static final int FIELD_OTHER = 3;
    private static final int TEXT_IS_SLICE = 4;

    @Override
    public void serialize(TaggedArticle t, DataOutputView out) throws IOException {
        write(out, t);
    }

    @Override
    public TaggedArticle deserialize(DataInputView in) throws IOException {
        return read(in);
    }

    static void write(DataOutputView out, TaggedArticle t) throws IOException {
        Article a = t.article();
        out.writeBoolean(a != null);
        if (a != null) {
            ArticleSerializer.write(out, a);
        }
        writeEntities(out, t.entities(), a);
        writeCompactString(out, t.duplicateOf());
    }

    static TaggedArticle read(DataInputView in) throws IOException {
        Article a = in.readBoolean() ? ArticleSerializer.read(in) : null;
        List<TaggedEntity> entities = readEntities(in, a);
        return new TaggedArticle(a, entities, readCompactString(in));
    }

    /** A nullable list of entities; {@code article} (nullable) is the one their spans point into. */
    static void writeEntities(DataOutputView out, List<TaggedEntity> entities, Article article) throws IOException {
        writeVarInt(out, entities == null ? 0 : entities.size() + 1);
        if (entities == null) {
            return;
        }
        for (TaggedEntity e : entities) {
            writeCompactString(out, e.id());
            writeType(out, e.type());
            writeCompactString(out, e.name());
            writeVarInt(out, e.mentions());
            out.writeDouble(e.salience());
            List<Span> spans = e.spans();
            writeVarInt(out, spans == null ? 0 : spans.size() + 1);
            if (spans != null) {
                for (Span s : spans) {
                    writeSpan(out, s, article);
                }
            }
            writeCompactString(out, e.country());
            writeCompactStrings(out, e.via());
        }
    }

    static List<TaggedEntity> readEntities(DataInputView in, Article article) throws IOException {
        int n = readVarInt(in) - 1;
        if (n < 0) {
            return null;
        }
        TaggedEntity[] entities = new TaggedEntity[n];
        for (int i = 0; i < n; i++) {
            String id = readCompactString(in);
            var type = readType(in);
            String name = readCompactString(in);
            int mentions = readVarInt(in);
            double salience = in.readDouble();
            int spanCount = readVarInt(in) - 1;
            List<Span> spans = null;
            if (spanCount >= 0) {
                Span[] read = new Span[spanCount];
                for (int j = 0; j < spanCount; j++) {
                    read[j] = readSpan(in, article);
                }
                spans = Collections.unmodifiableList(Arrays.asList(read));
            }
            entities[i] = new TaggedEntity(
                    id, type, name, mentions, salience, spans, readCompactString(in), readCompactStrings(in));
        }
        return Collections.unmodifiableList(Arrays.asList(entities));
    }

    private static void writeSpan(DataOutputView out, Span s, Article article) throws IOException {
        int field = s.field() == null
                ? FIELD_NULL
                : s.field().equals(TITLE) ? FIELD_TITLE : s.field().equals(BODY) ? FIELD_BODY : FIELD_OTHER;
        boolean slice = s.text() != null && isSlice(fieldText(article, field), s.start(), s.end(), s.text());
        out.writeByte(field | (slice ? TEXT_IS_SLICE : 0));
        if (field == FIELD_OTHER) {
            writeCompactString(out, s.field());
        }
        writeVarInt(out, s.start());
        writeVarInt(out, s.end());
        if (!slice) {
            writeCompactString(out, s.text());
        }
    }

    private static Span readSpan(DataInputView in, Article article) throws IOException {
        int flags = in.readUnsignedByte();
        int field = flags & 3;
        String fieldName = switch (field) {
            case FIELD_TITLE -> TITLE;
            case FIELD_BODY -> BODY;
            case FIELD_OTHER -> readCompactString(in);
            default -> null;
        };
        int start = readVarInt(in);
        int end = readVarInt(in);
        String text =
                (flags & TEXT_IS_SLICE) != 0 ? fieldText(article, field).substring(start, end) : readCompactString(in);
        return new Span(fieldName, start, end, text);
    }

    private static String fieldText(Article article, int field) {
        if (article == null) {
            return null;
        }
        return field == FIELD_TITLE ? article.title() : field == FIELD_BODY ? article.body() : null;
    }

    private static boolean isSlice(String source, int start, int end, String text) {
        return source != null
                && start >= 0
                && end - start == text.length()
                && end <= source.length()
                && source.startsWith(text, start);
    }

    @Override
    public TypeSerializerSnapshot<TaggedArticle> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TaggedArticle> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
