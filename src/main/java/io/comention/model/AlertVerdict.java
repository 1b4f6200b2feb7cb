package io.comention.model;

import java.util.List;

/**
 * What counting one combination event decided: the alerts it raised (usually none), for the article
 * {@code articleId}, which made {@code parts} combination events in all. The alert grouping collects
 * all {@code parts} verdicts of an article and publishes its alerts as one per story.
 */
public record AlertVerdict(String articleId, int parts, List<Alert> alerts) {}
