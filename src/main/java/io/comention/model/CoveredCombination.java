package io.comention.model;

import java.util.List;

/**
 * A combination that fired together with an alert's own and is reported inside it instead of as an
 * alert of its own ("one alert per story"): its key, entities and the count it fired with.
 */
public record CoveredCombination(String key, List<EntityRef> entities, long count) {}
