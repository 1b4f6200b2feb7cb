package io.comention.pipeline;

import io.comention.model.ArticleRef;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The building blocks of the records' own serializers ({@link CombinationEventSerializer},
 * {@link CountUpdateSerializer}, {@link AlertVerdictSerializer}): variable-length numbers, nullable
 * strings, instants and the small records they are made of. Lists come back unmodifiable, so a record
 * read from the wire is as immutable as one built in the job and can be shared instead of copied.
 */
final class WireFormat {

    private static final EntityType[] TYPES = EntityType.values();

    private WireFormat() {}

    static void writeString(DataOutputView out, String s) throws IOException {
        StringValue.writeString(s, out); // null-safe
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    static void writeVarLong(DataOutputView out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInputView in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("malformed variable-length number");
    }

    static void writeVarInt(DataOutputView out, int v) throws IOException {
        writeVarLong(out, v & 0xFFFFFFFFL);
    }

    static int readVarInt(DataInputView in) throws IOException {
        return (int) readVarLong(in);
    }

    /** Epoch milliseconds plus the sub-millisecond rest, so any instant survives; null as its own tag. */
    static void writeInstant(DataOutputView out, Instant t) throws IOException {
        if (t == null) {
            out.writeByte(0);
            return;
        }
        int subMilli = t.getNano() % 1_000_000;
        out.writeByte(subMilli == 0 ? 1 : 2);
        out.writeLong(t.getEpochSecond() * 1000 + t.getNano() / 1_000_000);
        if (subMilli != 0) {
            writeVarInt(out, subMilli);
        }
    }

    static Instant readInstant(DataInputView in) throws IOException {
        int tag = in.readUnsignedByte();
        if (tag == 0) {
            return null;
        }
        Instant t = Instant.ofEpochMilli(in.readLong());
        return tag == 2 ? t.plusNanos(readVarInt(in)) : t;
    }

    static void writeEntities(DataOutputView out, List<EntityRef> entities) throws IOException {
        writeVarInt(out, entities.size());
        for (EntityRef e : entities) {
            writeString(out, e.id());
            writeString(out, e.name());
            out.writeByte(e.type() == null ? 0 : e.type().ordinal() + 1);
        }
    }

    static List<EntityRef> readEntities(DataInputView in) throws IOException {
        int n = readVarInt(in);
        EntityRef[] entities = new EntityRef[n];
        for (int i = 0; i < n; i++) {
            String id = readString(in);
            String name = readString(in);
            int type = in.readUnsignedByte();
            entities[i] = new EntityRef(id, name, type == 0 ? null : TYPES[type - 1]);
        }
        return List.of(entities);
    }

    static void writeArticle(DataOutputView out, ArticleRef a) throws IOException {
        writeString(out, a.id());
        writeString(out, a.title());
        writeString(out, a.url());
        writeString(out, a.source());
    }

    static ArticleRef readArticle(DataInputView in) throws IOException {
        return new ArticleRef(readString(in), readString(in), readString(in), readString(in));
    }

    /** Nullable, for the rare record fields that may be absent (a list element never is). */
    static void writeNullableArticle(DataOutputView out, ArticleRef a) throws IOException {
        out.writeBoolean(a != null);
        if (a != null) {
            writeArticle(out, a);
        }
    }

    static ArticleRef readNullableArticle(DataInputView in) throws IOException {
        return in.readBoolean() ? readArticle(in) : null;
    }

    static void writeNullableEntities(DataOutputView out, List<EntityRef> entities) throws IOException {
        out.writeBoolean(entities != null);
        if (entities != null) {
            writeEntities(out, entities);
        }
    }

    static List<EntityRef> readNullableEntities(DataInputView in) throws IOException {
        return in.readBoolean() ? readEntities(in) : null;
    }
}
