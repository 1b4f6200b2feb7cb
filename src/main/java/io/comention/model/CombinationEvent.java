package io.comention.model;

import java.time.Instant;
import java.util.List;

/**
 * One article naming one combination of distinct entities. {@code key} is the sorted entity ids joined
 * with {@code +} (e.g. {@code AF+PK+US}); {@code entities} follow the same order. {@code parts} is how
 * many combination events the article made in all: the alert grouping waits for that many verdicts
 * before it publishes the article's alerts as one per story.
 */
public record CombinationEvent(String key, List<EntityRef> entities, ArticleRef article, Instant eventTime, int parts) {

    /** An article that names only this one combination. */
    public CombinationEvent(String key, List<EntityRef> entities, ArticleRef article, Instant eventTime) {
        this(key, entities, article, eventTime, 1);
    }
}
