package io.comention.pipeline;

import static io.comention.pipeline.CombinationStateSerializer.readAlerted;
import static io.comention.pipeline.CombinationStateSerializer.readEntities;
import static io.comention.pipeline.CombinationStateSerializer.readReal;
import static io.comention.pipeline.CombinationStateSerializer.readSamples;
import static io.comention.pipeline.CombinationStateSerializer.readSources;
import static io.comention.pipeline.CombinationStateSerializer.readTime;
import static io.comention.pipeline.CombinationStateSerializer.readTimeMap;
import static io.comention.pipeline.CombinationStateSerializer.writeAlerted;
import static io.comention.pipeline.CombinationStateSerializer.writeEntities;
import static io.comention.pipeline.CombinationStateSerializer.writeReal;
import static io.comention.pipeline.CombinationStateSerializer.writeSamples;
import static io.comention.pipeline.CombinationStateSerializer.writeSources;
import static io.comention.pipeline.CombinationStateSerializer.writeTime;
import static io.comention.pipeline.CombinationStateSerializer.writeTimeMap;
import static io.comention.pipeline.WireFormat.readVarInt;
import static io.comention.pipeline.WireFormat.readVarLong;
import static io.comention.pipeline.WireFormat.writeVarInt;
import static io.comention.pipeline.WireFormat.writeVarLong;

import io.comention.analytics.CombinationState;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Format 4 of {@link CombinationStateSerializer}: times in bucket steps from the newest article's bucket,
 * by a {@link CombinationStateLayout}. Most remembered combinations have settled (every horizon exit
 * played) and many were named once, so what such a state implies is left out:
 * <ul>
 *   <li>named once: one article, in the newest bucket, where the baseline starts (one flag);
 *   <li>settled: counts as of the newest bucket's last exit (one flag);
 *   <li>a baseline weight of whole buckets ({@code 1 − (1 − α)^n}): n instead of a float;
 *   <li>buckets: a step and a count packed in one byte for most buckets.
 * </ul>
 * The flags come first, shifted past the two low bits, which are never 0 in the earlier formats' first
 * byte (1, 2 or 3): one byte for a settled combination. A state that does not fit (a time off the bucket
 * grid, say, after the bucket size changed) is written in format 3 instead.
 */
final class SteppedStateFormat {

    // the flags a settled combination sets come first: with them the first byte holds every flag
    private static final int ONCE = 1;
    private static final int WEIGHT_STEPS = 1 << 1;
    private static final int SETTLED = 1 << 2;
    private static final int FOLDED = 1 << 3;
    private static final int MOMENTS = 1 << 4;
    private static final int WEIGHT = 1 << 5;
    private static final int COUNTS_AS_OF = 1 << 6;
    private static final int SOURCES = 1 << 7;
    private static final int SAMPLES = 1 << 8;
    private static final int CLOSES = 1 << 9;
    private static final int LAST_UPDATE = 1 << 10;
    private static final int UPDATE_DUE = 1 << 11;
    private static final int ALERTED = 1 << 12;
    private static final int LATE = 1 << 13;
    private static final int ENTITIES = 1 << 14;
    private static final int ARRIVED = 1 << 15;
    private static final int LEGACY_SOURCES = 1 << 16;
    private static final int DOUBLES = 1 << 17;

    /** A bucket's count up to this is packed into its step's byte; above it follows on its own. */
    private static final int PACKED_COUNTS = 3;

    private SteppedStateFormat() {}

    /**
     * Whether format 4 holds {@code s}: a newest article, and every time the format steps on the bucket grid,
     * the buckets (none after the newest article's, each with an article) and the exits strictly ascending,
     * as the counter keeps them, so every step it writes is a count of buckets from zero up.
     */
    static boolean fits(CombinationState s, CombinationStateLayout layout) {
        if (s.latestEventTime == Long.MIN_VALUE) {
            return false;
        }
        long newest = layout.bucketStart(s.latestEventTime);
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < s.bucketStarts.length; i++) {
            long start = s.bucketStarts[i];
            if (!layout.onGrid(start, newest) || start > newest || start <= previous || s.bucketCounts[i] < 1) {
                return false;
            }
            previous = start;
        }
        previous = Long.MIN_VALUE;
        for (long t : s.pendingCloses) {
            if (!layout.onGrid(t, newest) || t <= previous) {
                return false;
            }
            previous = t;
        }
        return onGridOrUnset(s.baselineFoldedUpTo, newest, layout) && onGridOrUnset(s.countsAsOf, newest, layout);
    }

    private static boolean onGridOrUnset(long t, long newest, CombinationStateLayout layout) {
        return t == Long.MIN_VALUE || layout.onGrid(t, newest);
    }

    /** The first varint of format 4: the flags above the two bits that tell the formats apart. */
    static boolean isFormat4(int firstVarInt) {
        return (firstVarInt & 3) == 0;
    }

    /** Writes {@code s}, which {@link #fits}. */
    static void write(
            CombinationState s, CombinationStateLayout layout, boolean floats, boolean fullEntities, DataOutputView out)
            throws IOException {
        long newest = layout.bucketStart(s.latestEventTime);
        long stepsOfWeight = floats ? layout.bucketsOfWeight(s.baselineWeight) : -1;
        boolean once = s.total == 1
                && s.lateArticles == 0
                && s.bucketStarts.length == 1
                && s.bucketStarts[0] == newest
                && s.bucketCounts[0] == 1
                && s.baselineFoldedUpTo == newest;
        boolean settled = s.countsAsOf == newest + layout.bucketMillis() + layout.longestHorizonMillis();
        int flags = 0;
        flags |= once ? ONCE : 0;
        flags |= stepsOfWeight > 0 ? WEIGHT_STEPS : 0;
        flags |= s.baselineWeight != 0 && stepsOfWeight <= 0 ? WEIGHT : 0;
        flags |= settled ? SETTLED : 0;
        flags |= !once && s.baselineFoldedUpTo != Long.MIN_VALUE ? FOLDED : 0;
        flags |= s.baselineMean != 0 || s.baselineVariance != 0 ? MOMENTS : 0;
        flags |= !settled && s.countsAsOf != Long.MIN_VALUE ? COUNTS_AS_OF : 0;
        flags |= s.sources.length > 0 ? SOURCES : 0;
        flags |= !s.samples.isEmpty() ? SAMPLES : 0;
        flags |= s.pendingCloses.length > 0 ? CLOSES : 0;
        flags |= s.lastUpdateAt != Long.MIN_VALUE ? LAST_UPDATE : 0;
        flags |= s.updateDue != Long.MIN_VALUE ? UPDATE_DUE : 0;
        flags |= !s.lastAlertWindowEnd.isEmpty() || !s.disarmed.isEmpty() ? ALERTED : 0;
        flags |= s.lateArticles != 0 ? LATE : 0;
        flags |= fullEntities ? ENTITIES : 0;
        flags |= !s.arrived.isEmpty() ? ARRIVED : 0;
        flags |= s.sourceLastSeen != null ? LEGACY_SOURCES : 0;
        flags |= floats ? 0 : DOUBLES;
        writeVarInt(out, flags << 2);

        writeTime(out, s.latestEventTime);
        if (!once) {
            writeVarLong(out, s.total);
            writeBuckets(out, s, newest, layout);
        }
        if ((flags & LATE) != 0) {
            writeVarLong(out, s.lateArticles);
        }
        if (fullEntities) {
            writeEntities(out, s.entities);
        }
        if ((flags & SOURCES) != 0) {
            writeSources(out, s, s.latestEventTime);
        }
        if ((flags & LEGACY_SOURCES) != 0) {
            writeTimeMap(out, s.sourceLastSeen);
        }
        if ((flags & MOMENTS) != 0) {
            writeReal(out, s.baselineMean, floats);
            writeReal(out, s.baselineVariance, floats);
        }
        if ((flags & WEIGHT_STEPS) != 0) {
            writeVarLong(out, stepsOfWeight);
        }
        if ((flags & WEIGHT) != 0) {
            writeReal(out, s.baselineWeight, floats);
        }
        if ((flags & FOLDED) != 0) {
            writeSignedSteps(out, s.baselineFoldedUpTo, newest, layout);
        }
        if ((flags & ALERTED) != 0) {
            writeAlerted(out, s);
        }
        if ((flags & ARRIVED) != 0) {
            writeSamples(out, s.arrived, s.latestEventTime, true);
        }
        if ((flags & SAMPLES) != 0) {
            writeSamples(out, s.samples, s.latestEventTime, true);
        }
        if ((flags & CLOSES) != 0) {
            writeVarInt(out, s.pendingCloses.length);
            writeSignedSteps(out, s.pendingCloses[0], newest, layout);
            for (int i = 1; i < s.pendingCloses.length; i++) {
                writeVarLong(out, layout.steps(s.pendingCloses[i], s.pendingCloses[i - 1]));
            }
        }
        if ((flags & COUNTS_AS_OF) != 0) {
            writeSignedSteps(out, s.countsAsOf, newest, layout);
        }
        if ((flags & LAST_UPDATE) != 0) {
            writeTime(out, s.lastUpdateAt);
        }
        if ((flags & UPDATE_DUE) != 0) {
            writeTime(out, s.updateDue);
        }
    }

    /**
     * The buckets newest first, each as one varint: its steps back from the bucket before it (the newest:
     * from the newest article's bucket), less one but for the newest, above two bits of its count less one;
     * counts beyond {@link #PACKED_COUNTS} + 1 follow in a varint of their own.
     */
    private static void writeBuckets(DataOutputView out, CombinationState s, long newest, CombinationStateLayout layout)
            throws IOException {
        int n = s.bucketStarts.length;
        writeVarInt(out, n);
        long after = newest;
        for (int i = n - 1; i >= 0; i--) {
            long back = layout.steps(after, s.bucketStarts[i]) - (i == n - 1 ? 0 : 1);
            long count = s.bucketCounts[i] - 1;
            writeVarLong(out, back << 2 | Math.min(count, PACKED_COUNTS));
            if (count >= PACKED_COUNTS) {
                writeVarLong(out, count - PACKED_COUNTS);
            }
            after = s.bucketStarts[i];
        }
    }

    private static void readBuckets(DataInputView in, CombinationState s, long newest, CombinationStateLayout layout)
            throws IOException {
        int n = readVarInt(in);
        s.bucketStarts = new long[n];
        s.bucketCounts = new long[n];
        long after = newest;
        for (int i = n - 1; i >= 0; i--) {
            long v = readVarLong(in);
            long count = v & 3;
            if (count == PACKED_COUNTS) {
                count += readVarLong(in);
            }
            long back = (v >>> 2) + (i == n - 1 ? 0 : 1);
            s.bucketStarts[i] = after - back * layout.bucketMillis();
            s.bucketCounts[i] = count + 1;
            after = s.bucketStarts[i];
        }
    }

    /** Reads a state format 4 wrote, its first varint ({@code flags} shifted) already read. */
    static CombinationState read(int firstVarInt, CombinationStateLayout layout, DataInputView in) throws IOException {
        if (layout == null) {
            throw new IOException("combination state format 4 needs the layout its serializer was configured with");
        }
        int flags = firstVarInt >>> 2;
        boolean floats = (flags & DOUBLES) == 0;
        CombinationState s = new CombinationState();
        s.latestEventTime = readTime(in);
        long newest = layout.bucketStart(s.latestEventTime);
        if ((flags & ONCE) != 0) {
            s.total = 1;
            s.bucketStarts = new long[] {newest};
            s.bucketCounts = new long[] {1};
            s.baselineFoldedUpTo = newest;
        } else {
            s.total = readVarLong(in);
            readBuckets(in, s, newest, layout);
        }
        if ((flags & LATE) != 0) {
            s.lateArticles = readVarLong(in);
        }
        if ((flags & ENTITIES) != 0) {
            s.entities = readEntities(in);
        }
        if ((flags & SOURCES) != 0) {
            readSources(in, s, s.latestEventTime);
        }
        if ((flags & LEGACY_SOURCES) != 0) {
            s.sourceLastSeen = readTimeMap(in);
        }
        if ((flags & MOMENTS) != 0) {
            s.baselineMean = readReal(in, floats);
            s.baselineVariance = readReal(in, floats);
        }
        if ((flags & WEIGHT_STEPS) != 0) {
            s.baselineWeight = layout.weightOf(readVarLong(in));
        }
        if ((flags & WEIGHT) != 0) {
            s.baselineWeight = readReal(in, floats);
        }
        if ((flags & FOLDED) != 0) {
            s.baselineFoldedUpTo = readSignedSteps(in, newest, layout);
        }
        if ((flags & ALERTED) != 0) {
            readAlerted(in, s);
        }
        if ((flags & ARRIVED) != 0) {
            s.arrived = readSamples(in, s.latestEventTime, true);
        }
        if ((flags & SAMPLES) != 0) {
            s.samples = readSamples(in, s.latestEventTime, true);
        }
        if ((flags & CLOSES) != 0) {
            int closes = readVarInt(in);
            s.pendingCloses = new long[closes];
            s.pendingCloses[0] = readSignedSteps(in, newest, layout);
            for (int i = 1; i < closes; i++) {
                s.pendingCloses[i] = s.pendingCloses[i - 1] + readVarLong(in) * layout.bucketMillis();
            }
        }
        if ((flags & SETTLED) != 0) {
            s.countsAsOf = newest + layout.bucketMillis() + layout.longestHorizonMillis();
        }
        if ((flags & COUNTS_AS_OF) != 0) {
            s.countsAsOf = readSignedSteps(in, newest, layout);
        }
        if ((flags & LAST_UPDATE) != 0) {
            s.lastUpdateAt = readTime(in);
        }
        if ((flags & UPDATE_DUE) != 0) {
            s.updateDue = readTime(in);
        }
        return s;
    }

    private static void writeSignedSteps(DataOutputView out, long t, long newest, CombinationStateLayout layout)
            throws IOException {
        long steps = layout.steps(t, newest);
        writeVarLong(out, (steps << 1) ^ (steps >> 63));
    }

    private static long readSignedSteps(DataInputView in, long newest, CombinationStateLayout layout)
            throws IOException {
        long z = readVarLong(in);
        return newest + ((z >>> 1) ^ -(z & 1)) * layout.bucketMillis();
    }
}
