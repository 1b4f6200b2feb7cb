package io.comention.pipeline;

import io.comention.model.ArticleRef;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The building blocks of the records' own serializers ({@link CombinationEventSerializer},
 * {@link CountUpdateSerializer}, {@link AlertVerdictSerializer}): variable-length numbers, nullable
 * strings, instants and the small records they are made of. Lists come back unmodifiable, so a record
 * read from the wire is as immutable as one built in the job and can be shared instead of copied.
 *
 * <p>Two string formats: {@link #writeString} is Flink's own (char by char), kept for the readers that
 * use it; {@link #writeCompactString} writes a string's bytes in one block, which the record serializers
 * of the article edges use.
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

    // ---- compact strings: a header, then the string's bytes in one block

    /** Every char below 256: one byte each, from and to {@code String}'s own Latin-1 form. */
    private static final int LATIN_1 = 0;
    /** Other text without surrogates: UTF-8. */
    private static final int UTF_8 = 1;
    /** Text with surrogates (emoji, or a lone surrogate UTF-8 cannot carry): two bytes per char. */
    private static final int UTF_16 = 2;

    /**
     * A nullable string as a variable-length header ({@code 0} for null, else {@code (length << 2 | form) + 1})
     * and its bytes. Latin-1 text, nearly all of an English feed, costs one scan and two block copies;
     * Flink's {@link StringValue} writes and reads it one char at a time through the stream. Lossless for
     * every string, lone surrogates included.
     */
    static void writeCompactString(DataOutputView out, String s) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        int form = formOf(s);
        byte[] bytes;
        int length;
        if (form == LATIN_1) {
            bytes = s.getBytes(StandardCharsets.ISO_8859_1);
            length = bytes.length;
        } else if (form == UTF_8) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
            length = bytes.length;
        } else {
            length = s.length();
            bytes = new byte[2 * length];
            for (int i = 0; i < length; i++) {
                char c = s.charAt(i);
                bytes[2 * i] = (byte) (c >>> 8);
                bytes[2 * i + 1] = (byte) c;
            }
        }
        writeVarLong(out, (((long) length << 2) | form) + 1);
        out.write(bytes);
    }

    static String readCompactString(DataInputView in) throws IOException {
        long header = readVarLong(in);
        if (header == 0) {
            return null;
        }
        int form = (int) ((header - 1) & 3);
        long length = (header - 1) >>> 2;
        if (form == UTF_16 ? length > Integer.MAX_VALUE / 2 : length > Integer.MAX_VALUE) {
            throw new IOException("string of " + length + " chars is too long");
        }
        byte[] bytes = new byte[form == UTF_16 ? 2 * (int) length : (int) length];
        in.readFully(bytes);
        switch (form) {
            case LATIN_1:
                return new String(bytes, StandardCharsets.ISO_8859_1);
            case UTF_8:
                return new String(bytes, StandardCharsets.UTF_8);
            case UTF_16:
                char[] chars = new char[(int) length];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = (char) (((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF));
                }
                return new String(chars);
            default:
                throw new IOException("unknown string form " + form);
        }
    }

    private static int formOf(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) <= 0xFF) {
            i++;
        }
        if (i == n) {
            return LATIN_1;
        }
        for (; i < n; i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return UTF_16;
            }
        }
        return UTF_8;
    }

    /** A nullable list of nullable strings, read back unmodifiable. */
    static void writeCompactStrings(DataOutputView out, List<String> strings) throws IOException {
        writeVarInt(out, strings == null ? 0 : strings.size() + 1);
        if (strings != null) {
            for (String s : strings) {
                writeCompactString(out, s);
            }
        }
    }

    static List<String> readCompactStrings(DataInputView in) throws IOException {
        int n = readVarInt(in) - 1;
        if (n < 0) {
            return null;
        }
        String[] strings = new String[n];
        for (int i = 0; i < n; i++) {
            strings[i] = readCompactString(in);
        }
        return Collections.unmodifiableList(Arrays.asList(strings));
    }

    /** Like {@link #writeEntities}, with compact strings; a null list or element survives too. */
    static void writeCompactEntities(DataOutputView out, List<EntityRef> entities) throws IOException {
        writeVarInt(out, entities == null ? 0 : entities.size() + 1);
        if (entities != null) {
            for (EntityRef e : entities) {
                writeCompactEntity(out, e);
            }
        }
    }

    static List<EntityRef> readCompactEntities(DataInputView in) throws IOException {
        int n = readVarInt(in) - 1;
        if (n < 0) {
            return null;
        }
        EntityRef[] entities = new EntityRef[n];
        for (int i = 0; i < n; i++) {
            entities[i] = readCompactEntity(in);
        }
        return Collections.unmodifiableList(Arrays.asList(entities));
    }

    /** A nullable entity reference: its type byte says null ({@code 0}), no type ({@code 1}) or type + 2. */
    static void writeCompactEntity(DataOutputView out, EntityRef e) throws IOException {
        if (e == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(e.type() == null ? 1 : e.type().ordinal() + 2);
        writeCompactString(out, e.id());
        writeCompactString(out, e.name());
    }

    static EntityRef readCompactEntity(DataInputView in) throws IOException {
        int type = in.readUnsignedByte();
        if (type == 0) {
            return null;
        }
        return new EntityRef(readCompactString(in), readCompactString(in), type == 1 ? null : TYPES[type - 2]);
    }

    /** A nullable article reference, with compact strings. */
    static void writeCompactArticle(DataOutputView out, ArticleRef a) throws IOException {
        out.writeBoolean(a != null);
        if (a != null) {
            writeCompactString(out, a.id());
            writeCompactString(out, a.title());
            writeCompactString(out, a.url());
            writeCompactString(out, a.source());
        }
    }

    static ArticleRef readCompactArticle(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new ArticleRef(
                readCompactString(in), readCompactString(in), readCompactString(in), readCompactString(in));
    }

    /** A nullable entity type as one byte. */
    static void writeType(DataOutputView out, EntityType type) throws IOException {
        out.writeByte(type == null ? 0 : type.ordinal() + 1);
    }

    static EntityType readType(DataInputView in) throws IOException {
        int type = in.readUnsignedByte();
        return type == 0 ? null : TYPES[type - 1];
    }
}
