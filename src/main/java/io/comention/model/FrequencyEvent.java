package io.comention.model;

/**
 * Either one article naming an entity ({@code alertId == null}; {@code *} stands for every article), or
 * a question from an alert: how many articles named the entity between {@code windowStart} and
 * {@code windowEnd} (epoch ms). Both are keyed by entity id, so one operator answers from its counts.
 */
public record FrequencyEvent(String entityId, long eventTime, String alertId, long windowStart, long windowEnd) {

    public static final String ALL_ARTICLES = "*";

    public static FrequencyEvent mention(String entityId, long eventTime) {
        return new FrequencyEvent(entityId, eventTime, null, 0, 0);
    }

    public static FrequencyEvent question(String entityId, Alert alert) {
        return new FrequencyEvent(entityId, alert.windowEnd().toEpochMilli(), alert.alertId(),
                alert.windowStart().toEpochMilli(), alert.windowEnd().toEpochMilli());
    }

    public boolean isQuestion() {
        return alertId != null;
    }
}
