package io.comention.model;

import java.time.Instant;
import java.util.List;

/**
 * An alert on a combination: the value of {@code news.alerts}. {@code alertId} is a pure function of
 * (kind, rule, combination, window), so replaying the same input produces the same ids. {@code count}
 * is the articles in the window so far, {@code baseline} what the combination's history predicts for it,
 * {@code sources} the distinct sources among them, {@code lift} how many times more often the entities
 * were named together than their own frequencies predict ({@code null} until it is known).
 * {@code triggeredBy} and {@code triggeredAt} name the article whose arrival decided the alert and its
 * event time; {@code covers} lists the other combinations of the same rule that fired with it and are
 * reported here instead of in alerts of their own.
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
        String triggeredBy,
        Instant triggeredAt,
        List<CoveredCombination> covers,
        Instant emittedAt) {

    /** The kinds of alert. */
    public enum AlertKind {
        WATCH,
        BURST,
        FIRST_SEEN
    }

    /** The same alert with its lift filled in and its explanation extended. */
    public Alert withLift(Double newLift, String newExplanation) {
        return new Alert(
                alertId,
                kind,
                rule,
                key,
                entities,
                windowStart,
                windowEnd,
                count,
                baseline,
                score,
                sources,
                newLift,
                newExplanation,
                articles,
                triggeredBy,
                triggeredAt,
                covers,
                emittedAt);
    }

    /** The same alert reporting {@code covered} inside it, with its explanation extended. */
    public Alert withCovers(List<CoveredCombination> covered, String newExplanation) {
        return new Alert(
                alertId,
                kind,
                rule,
                key,
                entities,
                windowStart,
                windowEnd,
                count,
                baseline,
                score,
                sources,
                lift,
                newExplanation,
                articles,
                triggeredBy,
                triggeredAt,
                List.copyOf(covered),
                emittedAt);
    }
}
