package io.comention.model;

import java.time.Instant;
import java.util.List;

/**
 * One article naming one combination of distinct entities. {@code key} is the sorted entity ids joined
 * with {@code +} (e.g. {@code AF+PK+US}); {@code entities} follow the same order.
 */
public record CombinationEvent(
        String key, List<EntityRef> entities, ArticleRef article, Instant eventTime) {}
