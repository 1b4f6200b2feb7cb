package io.comention.analytics;

import java.util.Arrays;

/**
 * Small sets of epoch-ms times kept as ascending {@code long[]} without duplicates: a combination's
 * pending bucket closes. A few longs per combination instead of a timer each in Flink's timer queue.
 */
public final class SortedTimes {

    private SortedTimes() {}

    /** {@code times} with every value of {@code add} in it, ascending, each once. */
    public static long[] union(long[] times, long[] add) {
        long[] out = times;
        for (long t : add) {
            int at = Arrays.binarySearch(out, t);
            if (at < 0) {
                int insert = -at - 1;
                long[] grown = new long[out.length + 1];
                System.arraycopy(out, 0, grown, 0, insert);
                grown[insert] = t;
                System.arraycopy(out, insert, grown, insert + 1, out.length - insert);
                out = grown;
            }
        }
        return out;
    }

    /** {@code times} without the values up to and including {@code upTo}. */
    public static long[] dropUpTo(long[] times, long upTo) {
        int keep = 0;
        while (keep < times.length && times[keep] <= upTo) {
            keep++;
        }
        return keep == 0 ? times : Arrays.copyOfRange(times, keep, times.length);
    }
}
