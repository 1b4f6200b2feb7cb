package io.comention.model;

/**
 * The answer to a {@link FrequencyQuestion}: {@code count} counted articles named {@code entityId} in
 * the window of alert {@code alertId}.
 */
public record FrequencyAnswer(String alertId, String entityId, long count) {}
