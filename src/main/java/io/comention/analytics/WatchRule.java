package io.comention.analytics;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Watch a combination: alert when its entities are named together in at least {@code threshold}
 * articles within {@code horizon}. {@code entities} are distinct entity ids, as many as a counted
 * combination has; {@link io.comention.model.RuleLimits} checks a rule wherever it comes from.
 */
public record WatchRule(String id, List<String> entities, Duration horizon, int threshold) implements Serializable {

    public WatchRule {
        entities = List.copyOf(entities.stream().sorted().toList());
    }

    /** The combination key this rule watches. */
    public String key() {
        return Combinations.keyOfIds(entities);
    }
}
