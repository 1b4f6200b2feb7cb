package io.comention.pipeline;

import static io.comention.pipeline.WireFormat.readVarInt;
import static io.comention.pipeline.WireFormat.readVarLong;
import static io.comention.pipeline.WireFormat.writeVarInt;
import static io.comention.pipeline.WireFormat.writeVarLong;

import io.comention.analytics.CombinationState;
import io.comention.analytics.Combinations;
import io.comention.analytics.SampleArticle;
import io.comention.model.ArticleRef;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink's serializer for {@link CombinationState}, the hottest state in the job (one per combination,
 * read and copied on every article and horizon exit). Compared with the reflective POJO serializer:
 * <ul>
 *   <li>{@link #copy} shares the immutable parts (entity refs, sample articles) and clones only arrays
 *       and mutable collections, so the heap backend's copy-on-write during a checkpoint is cheap;
 *   <li>the bytes are compact: times as variable-length deltas from the newest article, bucket starts in
 *       bucket-size steps, counts as variable-length ints, empty collections as one byte each, so a
 *       combination named by one article takes a few dozen bytes plus its names and sample.
 * </ul>
 * The format has a version byte of its own; the snapshot class lets Flink check compatibility on restore.
 * Configured with the counter's {@link CombinationStateLayout} (as the job's is) it writes format 4
 * ({@link SteppedStateFormat}): times in bucket steps, and what a settled or once-named state implies left
 * out. The layout is part of the serializer's snapshot, so a savepoint reads back by the layout it was
 * written with, whatever the job's settings are now.
 */
public final class CombinationStateSerializer extends TypeSerializer<CombinationState> {

    private static final long serialVersionUID = 2L;

    /** Without a layout: formats 2 and 3 only (it reads format 4 only of a serializer with a layout). */
    public static final CombinationStateSerializer INSTANCE = new CombinationStateSerializer(null);

    /** Null: formats 2 and 3. */
    private final CombinationStateLayout layout;

    private CombinationStateSerializer(CombinationStateLayout layout) {
        this.layout = layout;
    }

    /** The serializer of the states laid out by {@code layout}: format 4 wherever a state fits it. */
    public static CombinationStateSerializer laidOutBy(CombinationStateLayout layout) {
        return new CombinationStateSerializer(Objects.requireNonNull(layout));
    }

    /** Format 2: a bit per optional field, entity names left to the operator; format 1 is still read. */
    private static final int FORMAT = 2;
    /**
     * Format 3: format 2 with the baseline's mean, variance and weight as 4-byte floats, written when all
     * three are exactly floats (the counter keeps them to float precision); otherwise format 2.
     */
    private static final int FORMAT_FLOATS = 3;

    // the bits set in a quiet combination's state come first, so its flags take one byte
    private static final int LATEST = 1;
    private static final int WEIGHT = 1 << 1;
    private static final int FOLDED = 1 << 2;
    private static final int COUNTS_AS_OF = 1 << 3;
    private static final int SOURCES = 1 << 4;
    private static final int CLOSES = 1 << 5;
    private static final int SAMPLES = 1 << 6;
    private static final int MOMENTS = 1 << 7;
    private static final int LAST_UPDATE = 1 << 8;
    private static final int ALERTED = 1 << 9;
    private static final int UPDATE_DUE = 1 << 10;
    private static final int LATE = 1 << 11;
    private static final int ENTITIES = 1 << 12;
    private static final int ARRIVED = 1 << 13;
    private static final int LEGACY_SOURCES = 1 << 14;
    private static final EntityType[] TYPES = EntityType.values();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public CombinationStateSerializer duplicate() {
        return this; // no state of its own
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CombinationStateSerializer other && Objects.equals(layout, other.layout);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(layout);
    }

    @Override
    public CombinationState createInstance() {
        return new CombinationState();
    }

    @Override
    public CombinationState copy(CombinationState from) {
        CombinationState to = new CombinationState();
        // the counter replaces the entities, never changes them: an immutable list (as the counter makes
        // them) is shared, any other copied into one (EntityRef is an immutable record: shared)
        to.entities = from.entities.isEmpty() ? CombinationState.NO_ENTITIES : List.copyOf(from.entities);
        to.bucketStarts = from.bucketStarts.clone();
        to.bucketCounts = from.bucketCounts.clone();
        to.total = from.total;
        to.lateArticles = from.lateArticles;
        to.latestEventTime = from.latestEventTime;
        to.sources = from.sources.clone();
        to.sourceSeen = from.sourceSeen.clone();
        to.sourceLastSeen = from.sourceLastSeen == null ? null : new HashMap<>(from.sourceLastSeen);
        to.baselineMean = from.baselineMean;
        to.baselineVariance = from.baselineVariance;
        to.baselineWeight = from.baselineWeight;
        to.baselineFoldedUpTo = from.baselineFoldedUpTo;
        // empty ones (most combinations never alert) shared, immutable: the counter swaps them for its own
        // before adding; SampleArticle is immutable: shared
        to.lastAlertWindowEnd = from.lastAlertWindowEnd.isEmpty()
                ? CombinationState.NO_ALERT_WINDOWS
                : new HashMap<>(from.lastAlertWindowEnd);
        to.disarmed = from.disarmed.isEmpty() ? CombinationState.NO_RULES : new ArrayList<>(from.disarmed);
        to.arrived = from.arrived.isEmpty() ? CombinationState.NO_SAMPLES : new ArrayList<>(from.arrived);
        to.samples = from.samples.isEmpty() ? CombinationState.NO_SAMPLES : new ArrayList<>(from.samples);
        to.pendingCloses = from.pendingCloses.clone();
        to.pendingTimer = from.pendingTimer;
        to.countsAsOf = from.countsAsOf;
        to.lastUpdateAt = from.lastUpdateAt;
        to.updateDue = from.updateDue;
        to.namesNotInTable = from.namesNotInTable;
        to.entitiesNamedByKey = from.entitiesNamedByKey;
        to.deferredExits = from.deferredExits;
        return to;
    }

    @Override
    public CombinationState copy(CombinationState from, CombinationState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CombinationState s, DataOutputView out) throws IOException {
        boolean floats = isFloat(s.baselineMean) && isFloat(s.baselineVariance) && isFloat(s.baselineWeight);
        boolean fullEntities = s.namesNotInTable || needsFullEntities(s);
        if (layout != null && SteppedStateFormat.fits(s, layout)) {
            SteppedStateFormat.write(s, layout, floats, fullEntities, out);
            return;
        }
        out.writeByte(floats ? FORMAT_FLOATS : FORMAT);
        int flags = 0;
        flags |= fullEntities ? ENTITIES : 0;
        flags |= s.latestEventTime != Long.MIN_VALUE ? LATEST : 0;
        flags |= s.lateArticles != 0 ? LATE : 0;
        flags |= s.sources.length > 0 ? SOURCES : 0;
        flags |= s.sourceLastSeen != null ? LEGACY_SOURCES : 0;
        flags |= s.baselineMean != 0 || s.baselineVariance != 0 ? MOMENTS : 0;
        flags |= s.baselineWeight != 0 ? WEIGHT : 0;
        flags |= s.baselineFoldedUpTo != Long.MIN_VALUE ? FOLDED : 0;
        flags |= !s.lastAlertWindowEnd.isEmpty() || !s.disarmed.isEmpty() ? ALERTED : 0;
        flags |= !s.arrived.isEmpty() ? ARRIVED : 0;
        flags |= !s.samples.isEmpty() ? SAMPLES : 0;
        flags |= s.pendingCloses.length > 0 ? CLOSES : 0;
        flags |= s.countsAsOf != Long.MIN_VALUE ? COUNTS_AS_OF : 0;
        flags |= s.lastUpdateAt != Long.MIN_VALUE ? LAST_UPDATE : 0;
        flags |= s.updateDue != Long.MIN_VALUE ? UPDATE_DUE : 0;
        writeVarInt(out, flags);

        long anchor = 0;
        if ((flags & LATEST) != 0) {
            writeTime(out, s.latestEventTime);
            anchor = s.latestEventTime;
        }
        writeVarLong(out, s.total);
        if ((flags & LATE) != 0) {
            writeVarLong(out, s.lateArticles);
        }
        if (fullEntities) {
            writeEntities(out, s.entities);
        }

        // bucket starts: the first as a delta from the anchor, the rest as gaps
        writeVarInt(out, s.bucketStarts.length);
        long previous = anchor;
        for (int i = 0; i < s.bucketStarts.length; i++) {
            writeTime(out, s.bucketStarts[i] - previous);
            previous = s.bucketStarts[i];
            writeVarLong(out, s.bucketCounts[i]);
        }
        // the later times (baseline, exits, counts) are bucket boundaries: small steps from the first bucket
        long base = s.bucketStarts.length > 0 ? s.bucketStarts[0] : anchor;
        if ((flags & SOURCES) != 0) {
            writeSources(out, s, anchor);
        }
        if ((flags & LEGACY_SOURCES) != 0) {
            writeTimeMap(out, s.sourceLastSeen);
        }
        if ((flags & MOMENTS) != 0) {
            writeReal(out, s.baselineMean, floats);
            writeReal(out, s.baselineVariance, floats);
        }
        if ((flags & WEIGHT) != 0) {
            writeReal(out, s.baselineWeight, floats);
        }
        if ((flags & FOLDED) != 0) {
            writeTime(out, s.baselineFoldedUpTo - base);
        }
        if ((flags & ALERTED) != 0) {
            writeAlerted(out, s);
        }
        if ((flags & ARRIVED) != 0) {
            writeSamples(out, s.arrived, anchor, true);
        }
        if ((flags & SAMPLES) != 0) {
            writeSamples(out, s.samples, anchor, true);
        }
        if ((flags & CLOSES) != 0) {
            writeVarInt(out, s.pendingCloses.length);
            for (long t : s.pendingCloses) {
                writeTime(out, t - base);
            }
        }
        if ((flags & COUNTS_AS_OF) != 0) {
            writeTime(out, s.countsAsOf - base);
        }
        if ((flags & LAST_UPDATE) != 0) {
            writeTime(out, s.lastUpdateAt);
        }
        if ((flags & UPDATE_DUE) != 0) {
            writeTime(out, s.updateDue);
        }
    }

    private static boolean isFloat(double v) {
        return (double) (float) v == v;
    }

    static void writeReal(DataOutputView out, double v, boolean asFloat) throws IOException {
        if (asFloat) {
            out.writeFloat((float) v);
        } else {
            out.writeDouble(v);
        }
    }

    static double readReal(DataInputView in, boolean asFloat) throws IOException {
        return asFloat ? in.readFloat() : in.readDouble();
    }

    /**
     * Whether the entities must be written out: only when their ids cannot be read back from the key
     * (an id holding the key's separator). Otherwise the operator names them from its table of names.
     */
    private static boolean needsFullEntities(CombinationState s) {
        List<EntityRef> entities = s.entities;
        if (s.entitiesNamedByKey == entities) {
            return false; // this very list was looked at before
        }
        for (EntityRef e : entities) {
            if (e.id() == null || e.id().indexOf(Combinations.KEY_SEPARATOR.charAt(0)) >= 0) {
                return true;
            }
        }
        s.entitiesNamedByKey = entities; // one reference: whoever reads it sees a list that was looked at
        return false;
    }

    @Override
    public CombinationState deserialize(DataInputView in) throws IOException {
        int format = readVarInt(in); // format 4's flags are a varint; the earlier formats' byte reads the same
        if (SteppedStateFormat.isFormat4(format)) {
            return SteppedStateFormat.read(format, layout, in);
        }
        if (format == 1) {
            return readFormat1(in);
        }
        if (format != FORMAT && format != FORMAT_FLOATS) {
            throw new IOException("unknown combination state format " + format);
        }
        boolean floats = format == FORMAT_FLOATS;
        CombinationState s = new CombinationState();
        int flags = readVarInt(in);
        long anchor = 0;
        if ((flags & LATEST) != 0) {
            s.latestEventTime = readTime(in);
            anchor = s.latestEventTime;
        }
        s.total = readVarLong(in);
        if ((flags & LATE) != 0) {
            s.lateArticles = readVarLong(in);
        }
        if ((flags & ENTITIES) != 0) {
            s.entities = readEntities(in);
        }
        readBuckets(in, s, anchor, true);
        long base = s.bucketStarts.length > 0 ? s.bucketStarts[0] : anchor;
        if ((flags & SOURCES) != 0) {
            readSources(in, s, anchor);
        }
        if ((flags & LEGACY_SOURCES) != 0) {
            s.sourceLastSeen = readTimeMap(in);
        }
        if ((flags & MOMENTS) != 0) {
            s.baselineMean = readReal(in, floats);
            s.baselineVariance = readReal(in, floats);
        }
        if ((flags & WEIGHT) != 0) {
            s.baselineWeight = readReal(in, floats);
        }
        if ((flags & FOLDED) != 0) {
            s.baselineFoldedUpTo = base + readTime(in);
        }
        if ((flags & ALERTED) != 0) {
            readAlerted(in, s);
        }
        if ((flags & ARRIVED) != 0) {
            s.arrived = readSamples(in, anchor, true);
        }
        if ((flags & SAMPLES) != 0) {
            s.samples = readSamples(in, anchor, true);
        }
        if ((flags & CLOSES) != 0) {
            int closes = readVarInt(in);
            s.pendingCloses = new long[closes];
            for (int i = 0; i < closes; i++) {
                s.pendingCloses[i] = base + readTime(in);
            }
        }
        if ((flags & COUNTS_AS_OF) != 0) {
            s.countsAsOf = base + readTime(in);
        }
        if ((flags & LAST_UPDATE) != 0) {
            s.lastUpdateAt = readTime(in);
        }
        if ((flags & UPDATE_DUE) != 0) {
            s.updateDue = readTime(in);
        }
        return s;
    }

    /** Writes format 1, as the version before format 2 did: kept so the tests can check such savepoints still read. */
    static void writeFormat1(CombinationState s, DataOutputView out) throws IOException {
        out.writeByte(1);
        out.writeLong(s.latestEventTime);
        long anchor = s.latestEventTime == Long.MIN_VALUE ? 0 : s.latestEventTime;
        writeVarLong(out, s.total);
        writeVarLong(out, s.lateArticles);

        writeEntities(out, s.entities);

        // bucket starts: the first as a signed delta from the anchor, the rest as gaps, all in ms
        writeVarInt(out, s.bucketStarts.length);
        long previous = anchor;
        for (int i = 0; i < s.bucketStarts.length; i++) {
            writeSignedVarLong(out, s.bucketStarts[i] - previous);
            previous = s.bucketStarts[i];
            writeVarLong(out, s.bucketCounts[i]);
        }

        writeVarInt(out, s.sources.length);
        for (int i = 0; i < s.sources.length; i++) {
            writeNullableString(out, s.sources[i]);
            writeSignedVarLong(out, anchor - s.sourceSeen[i]);
        }
        out.writeBoolean(s.sourceLastSeen != null);
        if (s.sourceLastSeen != null) {
            writeTimeMap(out, s.sourceLastSeen);
        }

        out.writeDouble(s.baselineMean);
        out.writeDouble(s.baselineVariance);
        out.writeDouble(s.baselineWeight);
        out.writeLong(s.baselineFoldedUpTo);

        writeTimeMap(out, s.lastAlertWindowEnd);
        writeVarInt(out, s.disarmed.size());
        for (String d : s.disarmed) {
            writeNullableString(out, d);
        }
        writeSamples(out, s.arrived, anchor, false);
        writeSamples(out, s.samples, anchor, false);

        writeVarInt(out, s.pendingCloses.length);
        for (long t : s.pendingCloses) {
            writeSignedVarLong(out, t - anchor);
        }
        out.writeLong(s.pendingTimer);
        out.writeLong(s.countsAsOf);
        out.writeLong(s.lastUpdateAt);
        out.writeLong(s.updateDue);
    }

    /** Format 1 (2026-11-30): every field, entity names and all. */
    private static CombinationState readFormat1(DataInputView in) throws IOException {
        CombinationState s = new CombinationState();
        s.namesNotInTable = true;
        s.latestEventTime = in.readLong();
        long anchor = s.latestEventTime == Long.MIN_VALUE ? 0 : s.latestEventTime;
        s.total = readVarLong(in);
        s.lateArticles = readVarLong(in);

        s.entities = readEntities(in);
        readBuckets(in, s, anchor, false);

        int sources = readVarInt(in);
        s.sources = new String[sources];
        s.sourceSeen = new long[sources];
        for (int i = 0; i < sources; i++) {
            s.sources[i] = readNullableString(in);
            s.sourceSeen[i] = anchor - readSignedVarLong(in);
        }
        if (in.readBoolean()) {
            s.sourceLastSeen = readTimeMap(in);
        }

        s.baselineMean = in.readDouble();
        s.baselineVariance = in.readDouble();
        s.baselineWeight = in.readDouble();
        s.baselineFoldedUpTo = in.readLong();

        Map<String, Long> alertWindows = readTimeMap(in);
        s.lastAlertWindowEnd = alertWindows.isEmpty() ? CombinationState.NO_ALERT_WINDOWS : alertWindows;
        int disarmed = readVarInt(in);
        if (disarmed > 0) {
            s.disarmed = new ArrayList<>(disarmed);
            for (int i = 0; i < disarmed; i++) {
                s.disarmed.add(readNullableString(in));
            }
        }
        s.arrived = readSamples(in, anchor, false);
        s.samples = readSamples(in, anchor, false);

        int closes = readVarInt(in);
        s.pendingCloses = new long[closes];
        for (int i = 0; i < closes; i++) {
            s.pendingCloses[i] = anchor + readSignedVarLong(in);
        }
        s.pendingTimer = in.readLong();
        s.countsAsOf = in.readLong();
        s.lastUpdateAt = in.readLong();
        s.updateDue = in.readLong();
        return s;
    }

    @Override
    public CombinationState deserialize(CombinationState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<CombinationState> snapshotConfiguration() {
        return new Snapshot(layout);
    }

    /**
     * Restores this serializer from a checkpoint's or savepoint's metadata: version 3 (as Flink's
     * SimpleTypeSerializerSnapshot wrote it, nothing but the version) has no layout; version 4 says
     * whether there is one, and if so the layout.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<CombinationState> {
        private static final int VERSION = 4;
        private CombinationStateLayout layout;

        /** For Flink, which reads the snapshot into it. */
        public Snapshot() {}

        Snapshot(CombinationStateLayout layout) {
            this.layout = layout;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeBoolean(layout != null);
            if (layout != null) {
                out.writeLong(layout.bucketMillis());
                out.writeLong(layout.longestHorizonMillis());
                out.writeDouble(layout.baselineAlpha());
            }
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion == 3) {
                layout = null;
            } else if (readVersion == VERSION) {
                layout = in.readBoolean()
                        ? new CombinationStateLayout(in.readLong(), in.readLong(), in.readDouble())
                        : null;
            } else {
                throw new IOException("unknown combination state serializer snapshot version " + readVersion);
            }
        }

        @Override
        public TypeSerializer<CombinationState> restoreSerializer() {
            return layout == null ? INSTANCE : laidOutBy(layout);
        }

        /**
         * Any serializer of this class reads formats 1 to 3, so state written without a layout or with this
         * one reads as it is; format 4 of another layout must be read with that one and rewritten (RocksDB
         * does so on restore; the heap backend reads every state with the savepoint's serializer anyway).
         */
        @Override
        public TypeSerializerSchemaCompatibility<CombinationState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<CombinationState> old) {
            if (!(old instanceof Snapshot previous)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return previous.layout == null || previous.layout.equals(layout)
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }

    /** Samples with their event times relative to {@code anchor}: in format 2 as {@link #writeTime}, before in ms. */
    static void writeSamples(DataOutputView out, List<SampleArticle> samples, long anchor, boolean format2)
            throws IOException {
        writeVarInt(out, samples.size());
        for (SampleArticle a : samples) {
            ArticleRef r = a.article();
            writeNullableString(out, r.id());
            writeNullableString(out, r.title());
            writeNullableString(out, r.url());
            writeNullableString(out, r.source());
            if (format2) {
                writeTime(out, anchor - a.eventTime());
            } else {
                writeSignedVarLong(out, anchor - a.eventTime());
            }
        }
    }

    /** The sources with the times they were last seen, as steps back from {@code anchor} ({@link #writeTime}). */
    static void writeSources(DataOutputView out, CombinationState s, long anchor) throws IOException {
        writeVarInt(out, s.sources.length);
        for (int i = 0; i < s.sources.length; i++) {
            writeNullableString(out, s.sources[i]);
            writeTime(out, anchor - s.sourceSeen[i]);
        }
    }

    static void readSources(DataInputView in, CombinationState s, long anchor) throws IOException {
        int sources = readVarInt(in);
        s.sources = new String[sources];
        s.sourceSeen = new long[sources];
        for (int i = 0; i < sources; i++) {
            s.sources[i] = readNullableString(in);
            s.sourceSeen[i] = anchor - readTime(in);
        }
    }

    /** The alert bookkeeping: the cooldowns' window ends and the rules still disarmed. */
    static void writeAlerted(DataOutputView out, CombinationState s) throws IOException {
        writeTimeMap(out, s.lastAlertWindowEnd);
        writeVarInt(out, s.disarmed.size());
        for (String d : s.disarmed) {
            writeNullableString(out, d);
        }
    }

    static void readAlerted(DataInputView in, CombinationState s) throws IOException {
        s.lastAlertWindowEnd = readTimeMap(in);
        int disarmed = readVarInt(in);
        s.disarmed = new ArrayList<>(disarmed);
        for (int i = 0; i < disarmed; i++) {
            s.disarmed.add(readNullableString(in));
        }
    }

    /** The entities in full: id, name and type each (state this format cannot name from its key). */
    static void writeEntities(DataOutputView out, List<EntityRef> entities) throws IOException {
        writeVarInt(out, entities.size());
        for (EntityRef e : entities) {
            writeNullableString(out, e.id());
            writeNullableString(out, e.name());
            out.writeByte(e.type() == null ? -1 : e.type().ordinal());
        }
    }

    static List<EntityRef> readEntities(DataInputView in) throws IOException {
        int n = readVarInt(in);
        if (n == 0) {
            return CombinationState.NO_ENTITIES;
        }
        EntityRef[] entities = new EntityRef[n];
        for (int i = 0; i < n; i++) {
            String id = readNullableString(in);
            String name = readNullableString(in);
            int type = in.readByte();
            entities[i] = new EntityRef(id, name, type < 0 ? null : TYPES[type]);
        }
        return List.of(entities); // immutable, as the counter makes them: copies share it
    }

    /** Bucket starts as steps from {@code anchor} (format 2: {@link #readTime}; format 1: signed varints). */
    private static void readBuckets(DataInputView in, CombinationState s, long anchor, boolean format2)
            throws IOException {
        int buckets = readVarInt(in);
        s.bucketStarts = new long[buckets];
        s.bucketCounts = new long[buckets];
        long previous = anchor;
        for (int i = 0; i < buckets; i++) {
            previous += format2 ? readTime(in) : readSignedVarLong(in);
            s.bucketStarts[i] = previous;
            s.bucketCounts[i] = readVarLong(in);
        }
    }

    static List<SampleArticle> readSamples(DataInputView in, long anchor, boolean format2) throws IOException {
        int n = readVarInt(in);
        if (n == 0) {
            return CombinationState.NO_SAMPLES;
        }
        List<SampleArticle> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ArticleRef r = new ArticleRef(
                    readNullableString(in), readNullableString(in), readNullableString(in), readNullableString(in));
            out.add(new SampleArticle(r, anchor - (format2 ? readTime(in) : readSignedVarLong(in))));
        }
        return out;
    }

    static void writeTimeMap(DataOutputView out, Map<String, Long> map) throws IOException {
        writeVarInt(out, map.size());
        for (Map.Entry<String, Long> e : map.entrySet()) {
            writeNullableString(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    static Map<String, Long> readTimeMap(DataInputView in) throws IOException {
        int n = readVarInt(in);
        Map<String, Long> map = new HashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readNullableString(in), in.readLong());
        }
        return map;
    }

    /**
     * A time or time difference in ms, in whole minutes or seconds when it is one (bucket boundaries
     * and most event times are), so it takes a byte or two fewer: zig-zag, then two bits for the unit.
     */
    static void writeTime(DataOutputView out, long ms) throws IOException {
        if (ms % 60_000 == 0) {
            writeVarLong(out, zigZag(ms / 60_000) << 2 | 2);
        } else if (ms % 1_000 == 0) {
            writeVarLong(out, zigZag(ms / 1_000) << 2 | 1);
        } else {
            writeVarLong(out, zigZag(ms) << 2);
        }
    }

    static long readTime(DataInputView in) throws IOException {
        long v = readVarLong(in);
        long n = unZigZag(v >>> 2);
        return switch ((int) (v & 3)) {
            case 2 -> n * 60_000;
            case 1 -> n * 1_000;
            default -> n;
        };
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unZigZag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    /** Flink's own string format: any length, null allowed, ASCII one byte a character. */
    /**
     * Exactly the bytes of Flink's {@code StringValue.writeString} (length + 1, then each char, as 7-bit
     * groups with a continuation bit; 0 for null), which {@link #readNullableString} reads back, but built in
     * one array and written at once: Flink's writes a byte at a time, and a checkpoint writes every source
     * and sample of every combination.
     */
    static void writeNullableString(DataOutputView out, String s) throws IOException {
        if (s == null) {
            out.write(0);
            return;
        }
        int n = s.length();
        byte[] bytes = new byte[5 + 3 * n]; // a char takes at most 3 groups of 7 bits, the length at most 5
        int at = 0;
        int length = n + 1;
        while (length >= 0x80) {
            bytes[at++] = (byte) (length | 0x80);
            length >>>= 7;
        }
        bytes[at++] = (byte) length;
        for (int i = 0; i < n; i++) {
            int c = s.charAt(i);
            while (c >= 0x80) {
                bytes[at++] = (byte) (c | 0x80);
                c >>>= 7;
            }
            bytes[at++] = (byte) c;
        }
        out.write(bytes, 0, at);
    }

    static String readNullableString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /** Zig-zag, so small negative deltas are small too. */
    static void writeSignedVarLong(DataOutputView out, long v) throws IOException {
        writeVarLong(out, (v << 1) ^ (v >> 63));
    }

    static long readSignedVarLong(DataInputView in) throws IOException {
        long z = readVarLong(in);
        return (z >>> 1) ^ -(z & 1);
    }
}
