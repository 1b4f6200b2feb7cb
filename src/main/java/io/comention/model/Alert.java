package io.comention.model;

import java.time.Instant;
import java.util.List;

/**
 * An alert on a combination: the value of {@code news.alerts}. {@code alertId} is a pure function of
 * (kind, rule, combination, window), so replaying the same input produces the same ids.
 */
public record Alert(
        String alertId,
        AlertKind kind,
        String rule,
        String key,
        List<EntityRef> entities,
        Instant windowStart,
        Instant windowEnd,
        long count,
        double baseline,
        double score,
        String explanation,
        List<ArticleRef> articles,
        Instant emittedAt) {

    /** The kinds of alert. */
    public enum AlertKind {
        WATCH,
        BURST,
        FIRST_SEEN
    }
}
