package io.comention.model;

import java.time.Instant;
import java.util.List;

/**
 * All the combinations one counted article names, on their way to the counter in one record: the
 * article and its event time once, then each combination's key and entities. The job sends it to every
 * counter subtask, and each counts the combinations whose key group is its own, so an article crosses
 * to the counter as one record per subtask instead of one per combination.
 *
 * <p>{@code parts} is how many verdicts the alert grouping receives for the article: {@link
 * #ONE_PER_COUNTER} (each counter subtask sends one) when the record goes to every subtask; a count of
 * its own when the combinations of one article arrive split over several records (a single combination
 * from {@link #of(CombinationEvent)}).
 */
public record ArticleCombinations(ArticleRef article, Instant eventTime, List<Combination> combinations, int parts) {

    /** {@link #parts} of a record sent to every counter subtask: one verdict comes from each. */
    public static final int ONE_PER_COUNTER = -1;

    /** One combination: its key (sorted ids joined with {@code +}) and its entities in the key's order. */
    public record Combination(String key, List<EntityRef> entities) {}

    /** A single combination event as a record of its own: its verdict is one of the event's {@code parts}. */
    public static ArticleCombinations of(CombinationEvent event) {
        return new ArticleCombinations(
                event.article(),
                event.eventTime(),
                List.of(new Combination(event.key(), event.entities())),
                event.parts());
    }
}
