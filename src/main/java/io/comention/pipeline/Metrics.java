package io.comention.pipeline;

import io.comention.model.Alert.AlertKind;

/**
 * Names of the job's own metrics, registered on each operator's metric group (so a reporter shows them
 * under the operator's name, e.g. {@code …Parse_and_validate_articles.articlesRead}). docs/operations.md
 * says what each one means.
 */
public final class Metrics {
    /** Records read from the input topic (parse). */
    public static final String ARTICLES_READ = "articlesRead";
    /** Records that were not valid articles (parse); each one is also a dead letter. */
    public static final String ARTICLES_INVALID = "articlesInvalid";
    /** Records sent to the dead-letter topic (parse). */
    public static final String DEAD_LETTERS = "deadLetters";
    /** Articles dropped because their id was seen within the dedup retention (dedup). */
    public static final String ARTICLES_DUPLICATE = "articlesDuplicate";
    /** Articles tagged and written to the tagged topic (tag). */
    public static final String ARTICLES_TAGGED = "articlesTagged";
    /** Entities found, summed over tagged articles (tag). */
    public static final String ENTITIES_FOUND = "entitiesFound";
    /** Combination events too old for any horizon: counted in the running total only (count). */
    public static final String ARTICLES_LATE = "combinationArticlesLate";
    /** Alerts raised (count), one counter per kind, see {@link #alerts}. */
    public static final String ALERTS_WATCH = "alertsWatch";

    public static final String ALERTS_BURST = "alertsBurst";
    public static final String ALERTS_FIRST_SEEN = "alertsFirstSeen";
    /** Articles published as near-copies of an earlier one and not counted again (near-duplicates). */
    public static final String ARTICLES_NEAR_DUPLICATE = "articlesNearDuplicate";
    /** Rule and watchlist changes from the control topic applied (count). */
    public static final String CONTROL_APPLIED = "controlUpdatesApplied";
    /** Control records that were not valid control messages; each one is also a dead letter. */
    public static final String CONTROL_INVALID = "controlUpdatesInvalid";
    /** Gauge: wall-clock milliseconds minus the watermark at the counting operator; -1 before the first one. */
    public static final String EVENT_TIME_LAG = "eventTimeLagMs";

    private Metrics() {}

    /** The counter name for alerts of {@code kind}. */
    public static String alerts(AlertKind kind) {
        return switch (kind) {
            case WATCH -> ALERTS_WATCH;
            case BURST -> ALERTS_BURST;
            case FIRST_SEEN -> ALERTS_FIRST_SEEN;
        };
    }
}
