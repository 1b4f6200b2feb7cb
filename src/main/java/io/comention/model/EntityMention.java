package io.comention.model;

import java.time.Instant;

/**
 * One counted article naming an entity, at the article's event time: what the entity-frequency operator
 * counts. Each article also counts once under {@link #ALL_ARTICLES}, the total the lift divides by.
 */
public record EntityMention(String entityId, Instant eventTime) {

    /** The entity id under which every counted article is counted once. */
    public static final String ALL_ARTICLES = "*";
}
