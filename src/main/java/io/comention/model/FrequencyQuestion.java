package io.comention.model;

import java.time.Instant;

/**
 * An alert's question to the entity-frequency operator: how many counted articles named
 * {@code entityId} ({@link EntityMention#ALL_ARTICLES} for all articles) in the alert's window
 * {@code [windowStart, windowEnd)}.
 */
public record FrequencyQuestion(String alertId, String entityId, Instant windowStart, Instant windowEnd) {}
