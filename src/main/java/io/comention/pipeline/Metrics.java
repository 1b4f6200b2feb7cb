package io.comention.pipeline;

/** Names of the job's own metrics (registered on each operator's metric group). */
public final class Metrics {
    public static final String ARTICLES_READ = "articlesRead";
    public static final String ARTICLES_INVALID = "articlesInvalid";
    public static final String ARTICLES_DUPLICATE = "articlesDuplicate";
    public static final String ARTICLES_TAGGED = "articlesTagged";
    public static final String ENTITIES_FOUND = "entitiesFound";
    public static final String ARTICLES_LATE = "combinationArticlesLate";
    public static final String ALERTS_WATCH = "alertsWatch";
    public static final String ALERTS_BURST = "alertsBurst";
    public static final String ALERTS_FIRST_SEEN = "alertsFirstSeen";
    public static final String ARTICLES_NEAR_DUPLICATE = "articlesNearDuplicate";
    public static final String CONTROL_APPLIED = "controlUpdatesApplied";
    public static final String CONTROL_INVALID = "controlUpdatesInvalid";

    private Metrics() {}
}
