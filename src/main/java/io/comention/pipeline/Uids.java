package io.comention.pipeline;

/**
 * The stable uid of every operator. Savepoints map state to operators by these ids: changing one is a
 * deliberate break that loses that operator's state on upgrade, so treat them as part of the contract.
 */
public final class Uids {
    public static final String RAW_SOURCE = "news-raw-source";
    public static final String PARSE = "parse-articles";
    public static final String EVENT_TIME = "event-time";
    public static final String DEDUP = "drop-duplicate-articles";
    public static final String TAG = "tag-entities";
    public static final String COMBINATIONS = "combinations";
    public static final String COUNT = "count-combinations";
    public static final String TAGGED_SINK = "news-tagged-sink";
    public static final String COUNTS_SINK = "news-counts-sink";
    public static final String ALERTS_SINK = "news-alerts-sink";
    public static final String DEADLETTER_SINK = "news-deadletter-sink";

    private Uids() {}
}
