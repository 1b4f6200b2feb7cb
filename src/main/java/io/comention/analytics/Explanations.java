package io.comention.analytics;

import io.comention.model.EntityRef;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The one-sentence explanations alerts carry, in plain newsroom English. */
public final class Explanations {

    private Explanations() {}

    /** "Afghanistan, Pakistan and United States were named together in 7 articles in the last hour (usually 1.6)." */
    public static String watch(List<EntityRef> entities, long count, Duration horizon, double baseline) {
        return names(entities) + " were named together in " + articles(count) + " in " + describe(horizon)
                + " (usually " + number(baseline) + ").";
    }

    /** "Greece and Germany were named together in 12 articles in the last 15 minutes, far above their usual 0.4." */
    public static String burst(List<EntityRef> entities, long count, Duration horizon, double expected) {
        String usual = expected < 0.05
                ? ", where they are usually not named together at all."
                : ", far above their usual " + number(expected) + ".";
        return names(entities) + " were named together in " + articles(count) + " in " + describe(horizon) + usual;
    }

    /** "Iran and Saudi Arabia were named together for the first time in 7 days (2 articles)." */
    public static String firstSeen(List<EntityRef> entities, long count, Duration lookback) {
        return names(entities) + " were named together for the first time in " + describeSpan(lookback)
                + " (" + articles(count) + ").";
    }

    /** " They were named together 14 times as often as their own frequencies predict." */
    public static String lift(double lift) {
        return " They were named together " + number(lift) + " times as often as their own frequencies predict.";
    }

    static String names(List<EntityRef> entities) {
        List<String> names = entities.stream().map(EntityRef::name).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    static String articles(long count) {
        return count + (count == 1 ? " article" : " articles");
    }

    static String describe(Duration horizon) {
        return "the last " + describeSpan(horizon).replaceFirst("^1 hour$", "hour");
    }

    static String describeSpan(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % 1440 == 0 && minutes > 1440) {
            return minutes / 1440 + " days";
        }
        if (minutes % 60 == 0) {
            return minutes == 60 ? "1 hour" : minutes / 60 + " hours";
        }
        return minutes + " minutes";
    }

    static String number(double v) {
        double r = Math.round(v * 10.0) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }
}
