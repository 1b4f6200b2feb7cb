package io.comention.analytics;

import java.util.Arrays;

/**
 * Small sets of epoch-ms times kept as ascending {@code long[]} without duplicates: a combination's
 * pending bucket closes. A few longs per combination instead of a timer each in Flink's timer queue.
 */
public final class SortedTimes {

    /** No times: one array for all, as an empty one cannot change. */
    static final long[] NONE = new long[0];

    private SortedTimes() {}

    /** {@code times} with every value of {@code add} (in any order) in it, ascending, each once. */
    public static long[] union(long[] times, long[] add) {
        if (allIn(times, add)) {
            return times; // the usual case: an article in a bucket whose exits are already pending
        }
        long[] extra = add;
        if (!ascending(add)) {
            extra = add.clone();
            Arrays.sort(extra);
        }
        long[] out = new long[times.length + extra.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < times.length || j < extra.length) {
            long next = j == extra.length || (i < times.length && times[i] <= extra[j]) ? times[i++] : extra[j++];
            if (n == 0 || out[n - 1] != next) {
                out[n++] = next;
            }
        }
        return n == times.length ? times : Arrays.copyOf(out, n);
    }

    private static boolean allIn(long[] times, long[] values) {
        long last = times.length == 0 ? Long.MIN_VALUE : times[times.length - 1];
        for (long v : values) {
            if (v > last || Arrays.binarySearch(times, v) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascending(long[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i - 1] > values[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code times} without the values up to and including {@code upTo}. */
    public static long[] dropUpTo(long[] times, long upTo) {
        int keep = 0;
        while (keep < times.length && times[keep] <= upTo) {
            keep++;
        }
        if (keep == 0) {
            return times;
        }
        return keep == times.length ? NONE : Arrays.copyOfRange(times, keep, times.length);
    }
}
