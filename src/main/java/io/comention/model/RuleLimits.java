package io.comention.model;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * What a watch rule or a watchlist may say, and the one check of it. A rule reaches the job three ways,
 * from {@code rules.yaml}, from {@code news.control} and from {@code comention rule add}; all three ask
 * this class, so they accept the same rules and refuse the others with the same reason. Each names the
 * field its own way ({@code watch[0].entities}, {@code rule.entities}, {@code --entities}).
 *
 * @param minEntities the fewest entities a watch rule names: the smallest of {@code counts.sizes}
 * @param maxEntities the most: the largest of {@code counts.sizes}, since larger combinations are not counted
 * @param horizons the counted horizons ({@code counts.horizons}); a watch rule's horizon is one of them
 * @param longestLookback how far back counts remember a meeting ({@code counts.retention} plus the longest
 *     horizon); a watchlist cannot look further
 */
public record RuleLimits(int minEntities, int maxEntities, List<Duration> horizons, Duration longestLookback)
        implements Serializable {

    public static final int MAX_THRESHOLD = 1_000_000;

    public RuleLimits {
        horizons = List.copyOf(horizons);
    }

    /** What is wrong with a rule: the field (as the rule files name it: id, entities, horizon, ...) and why. */
    public record Problem(String field, String reason) {}

    /** A watch rule's problem, if it has one; a missing field is passed as null. */
    public Optional<Problem> checkWatchRule(String id, List<String> entities, Duration horizon, Integer threshold) {
        if (id == null || id.isBlank()) {
            return problem("id", "is required");
        }
        if (!distinctIds(entities) || entities.size() < minEntities || entities.size() > maxEntities) {
            String range = minEntities == maxEntities ? "" + minEntities : minEntities + " to " + maxEntities;
            return problem("entities", "must name " + range + " distinct entity ids, was " + shown(entities));
        }
        if (horizon == null) {
            return problem("horizon", "is required");
        }
        if (!horizons.contains(horizon)) {
            return problem(
                    "horizon",
                    Durations.format(horizon) + " is not one of counts.horizons "
                            + horizons.stream().map(Durations::format).toList());
        }
        if (threshold == null) {
            return problem("threshold", "is required");
        }
        if (threshold < 1 || threshold > MAX_THRESHOLD) {
            return problem("threshold", "must be between 1 and " + MAX_THRESHOLD + ", was " + threshold);
        }
        return Optional.empty();
    }

    /** A watchlist's problem, if it has one; a missing field is passed as null. */
    public Optional<Problem> checkWatchlist(String id, List<String> entities, Duration lookback) {
        if (id == null || id.isBlank()) {
            return problem("id", "is required");
        }
        if (!distinctIds(entities) || entities.size() < 2) {
            return problem("entities", "must name at least 2 distinct entity ids, was " + shown(entities));
        }
        if (lookback == null) {
            return problem("lookback", "is required");
        }
        if (lookback.isZero() || lookback.isNegative()) {
            return problem("lookback", "must be longer than zero");
        }
        if (lookback.compareTo(longestLookback) > 0) {
            return problem(
                    "lookback",
                    "must not exceed counts.retention plus the longest horizon (" + Durations.format(longestLookback)
                            + "): older meetings are forgotten");
        }
        return Optional.empty();
    }

    private static boolean distinctIds(List<String> entities) {
        return entities != null
                && entities.stream().noneMatch(e -> e == null || e.isBlank())
                && new HashSet<>(entities).size() == entities.size();
    }

    private static String shown(List<String> entities) {
        return String.valueOf(entities == null ? List.of() : entities);
    }

    private static Optional<Problem> problem(String field, String reason) {
        return Optional.of(new Problem(field, reason));
    }
}
