package io.comention.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The current counts of one combination: the value of the compacted {@code news.comention.counts}
 * topic. {@code counts} maps each horizon label (e.g. {@code 1h}) to the articles in that horizon;
 * {@code baseline} is the usual count per shortest horizon (see the counter for the formula);
 * {@code sources} the distinct sources that named the combination within the longest horizon.
 */
public record CountUpdate(
        String key,
        List<EntityRef> entities,
        int size,
        Map<String, Long> counts,
        long total,
        double baseline,
        long sources,
        Instant updatedAt) {}
