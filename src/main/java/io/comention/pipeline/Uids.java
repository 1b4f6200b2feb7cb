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
    public static final String CONTROL_SOURCE = "news-control-source";
    public static final String PARSE_CONTROL = "parse-control";
    public static final String FINGERPRINT = "fingerprint";
    public static final String NEAR_DUPLICATES_1 = "near-duplicates-band-1";
    public static final String NEAR_DUPLICATES_2 = "near-duplicates-band-2";
    public static final String UNWRAP_FINGERPRINT = "unwrap-fingerprint";
    public static final String COUNTED_ARTICLES = "counted-articles";
    public static final String COUNTED_SLIM = "counted-entities";
    public static final String ENTITY_MENTIONS = "entity-mentions";
    public static final String LIFT_QUESTIONS = "lift-questions";
    // the lift's two-input operators took new uids when their state changed shape (docs/operations.md, Upgrade)
    public static final String ENTITY_FREQUENCIES = "entity-frequencies-v2";
    public static final String ADD_LIFT = "add-lift-v2";
    public static final String COMBINATIONS = "combinations";
    public static final String COUNT = "count-combinations";
    public static final String GROUP_ALERTS = "group-alerts";
    public static final String TAGGED_SINK = "news-tagged-sink";
    public static final String COUNTS_SINK = "news-counts-sink";
    public static final String ALERTS_SINK = "news-alerts-sink";
    public static final String DEADLETTER_SINK = "news-deadletter-sink";

    private Uids() {}
}
