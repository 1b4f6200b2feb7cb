package io.comention.analytics;

import io.comention.model.EntityRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything kept per combination: event-time buckets (bucket starts in epoch ms, ascending, with their
 * article counts, as two parallel arrays: a few longs instead of a boxed map per bucket), the running
 * total, the latest event time seen, the sources that named it, its BURST baseline, the alert
 * bookkeeping, a few recent articles to quote in alerts, and when its counts are next published. A mutable POJO so Flink stores it without
 * Kryo; {@link CoMentionCounter} holds the logic.
 */
public class CombinationState {
    // empty arrays have nothing to change: every new state starts with the same ones
    static final long[] NO_TIMES = SortedTimes.NONE;
    static final String[] NO_SOURCES = new String[0];
    /**
     * Shared empty collections, immutable, for the fields most combinations never fill (no alert, no held
     * back article) or have not filled yet: a new, copied or read state holds these instead of empty
     * collections of its own. Code that adds to a field first swaps them for a mutable one ({@link
     * #disarmedToChange} and the like); reading and removing from them (nothing to remove) work as on any
     * empty collection. Not List.of(): its remove throws even when there is nothing to remove.
     */
    public static final List<EntityRef> NO_ENTITIES = Collections.emptyList();

    public static final Map<String, Long> NO_ALERT_WINDOWS = Collections.emptyMap();
    public static final List<String> NO_RULES = Collections.emptyList();
    public static final List<SampleArticle> NO_SAMPLES = Collections.emptyList();

    /** The entities, never changed in place: a new list replaces the old (so copies share it). */
    public List<EntityRef> entities = NO_ENTITIES;
    /** Starts (epoch ms) of the buckets holding articles, ascending; {@link #bucketCounts} runs in parallel. */
    public long[] bucketStarts = NO_TIMES;

    public long[] bucketCounts = NO_TIMES;
    public long total;
    public long lateArticles;
    public long latestEventTime = Long.MIN_VALUE;
    /**
     * The sources that named this combination (at most MAX_SOURCES), with {@link #sourceSeen} in parallel:
     * the latest event time (epoch ms) each did. Two arrays instead of a hash map: a few bytes per source,
     * and counting the distinct sources in a window is a scan of longs.
     */
    public String[] sources = NO_SOURCES;

    public long[] sourceSeen = NO_TIMES;
    /**
     * The sources as savepoints before the arrays kept them (source → latest event time); moved into the
     * arrays at the combination's next article or count update. Always null in state this version writes.
     */
    public Map<String, Long> sourceLastSeen;

    /** BURST baseline: exponentially weighted mean and variance of the count per bucket (kept to float precision). */
    public double baselineMean;

    public double baselineVariance;
    /** Total weight of the folded buckets, 1 − (1 − α)^n: divides out the start-up pull towards zero. */
    public double baselineWeight;
    /** Buckets starting before this time (epoch ms) are folded into the baseline. */
    public long baselineFoldedUpTo = Long.MIN_VALUE;

    /** "kind:rule" → end (epoch ms) of the last window alerted on, for the cooldown. */
    public Map<String, Long> lastAlertWindowEnd = NO_ALERT_WINDOWS;
    /** "kind:rule" of rules that fired and have not yet fallen back below their trigger. */
    public List<String> disarmed = NO_RULES;
    /**
     * Articles a savepoint of an earlier version (which applied articles when their bucket closed) held
     * back; applied at the combination's next article. Always empty in state this version writes.
     */
    public List<SampleArticle> arrived = NO_SAMPLES;

    /** The most recent articles, newest first, at most {@link CoMentionCounter#MAX_SAMPLES}. */
    public List<SampleArticle> samples = NO_SAMPLES;

    /** Horizon exits (epoch ms, ascending) at which the combination's counts fall and are published again. */
    public long[] pendingCloses = NO_TIMES;
    /**
     * The event time (epoch ms) at which the operator's exit index holds this combination: its next exit
     * or expiry (none yet: MIN_VALUE). Derived, not stored: at rest it is always {@code nextTimer}.
     */
    public long pendingTimer = Long.MIN_VALUE;
    /** The latest horizon exit published (epoch ms): later updates are never as of an earlier time. */
    public long countsAsOf = Long.MIN_VALUE;
    /** Processing time (epoch ms) of the last count update published on arrival, for the update interval. */
    public long lastUpdateAt = Long.MIN_VALUE;
    /** The processing-time timer of a count update waiting for the update interval (none: MIN_VALUE). */
    public long updateDue = Long.MIN_VALUE;

    /**
     * Set on state read from a savepoint that carried the entities' names (format 1) until the operator
     * has taken the names into its table: until then the serializer writes them too. Not a POJO field.
     */
    public transient boolean namesNotInTable;

    /**
     * {@link #entities} when the serializer last found their ids all readable from the key (so it writes no
     * names): the entity list is never changed in place, so the same list needs no second look at its
     * entities, which a checkpoint would otherwise walk for every combination. Not a POJO field.
     */
    public transient List<EntityRef> entitiesNamedByKey;

    /**
     * Set while the counting operator publishes this combination's horizon exits without reading its state
     * ({@link DeferredExits}); the exits published so far are applied to the state when it is next read.
     * Carried by copies (a copy-on-write during a checkpoint must still find it). Not a POJO field.
     */
    public transient DeferredExits deferredExits;

    public CombinationState() {}

    /** {@link #lastAlertWindowEnd}, made a mutable map of this state's own first if it may be shared. */
    public Map<String, Long> lastAlertWindowEndToChange() {
        if (!(lastAlertWindowEnd instanceof HashMap)) {
            lastAlertWindowEnd = new HashMap<>(lastAlertWindowEnd);
        }
        return lastAlertWindowEnd;
    }

    /** {@link #disarmed}, made a mutable list of this state's own first if it may be shared. */
    public List<String> disarmedToChange() {
        if (!(disarmed instanceof ArrayList)) {
            disarmed = new ArrayList<>(disarmed);
        }
        return disarmed;
    }

    /** {@link #samples}, made a mutable list of this state's own first if it may be shared. */
    public List<SampleArticle> samplesToChange() {
        if (!(samples instanceof ArrayList)) {
            samples = new ArrayList<>(samples);
        }
        return samples;
    }
}
