package io.comention.model;

import java.time.Instant;
import java.util.List;

/**
 * An alert on a combination: the value of {@code news.alerts}. {@code alertId} is a pure function of
 * (kind, rule, combination, window), so replaying the same input produces the same ids. {@code count}
 * is the articles in the window, {@code baseline} what the combination's history predicts for it,
 * {@code sources} the distinct sources among them, {@code lift} how many times more often the entities
 * were named together than their own frequencies predict ({@code null} until it is known).
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
        long sources,
        Double lift,
        String explanation,
        List<ArticleRef> articles,
        Instant emittedAt) {

    /** The kinds of alert. */
    public enum AlertKind {
        WATCH,
        BURST,
        FIRST_SEEN
    }

    /** The same alert with its lift filled in and its explanation extended. */
    public Alert withLift(Double newLift, String newExplanation) {
        return new Alert(alertId, kind, rule, key, entities, windowStart, windowEnd, count, baseline, score,
                sources, newLift, newExplanation, articles, emittedAt);
    }
}
