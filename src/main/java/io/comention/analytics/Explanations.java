package io.comention.analytics;

import io.comention.model.EntityRef;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The one-sentence explanations alerts carry, in plain newsroom English. */
public final class Explanations {

    private Explanations() {}

    /**
     * What the job knows of a combination's usual count per horizon: {@code perHorizon} measured over
     * {@code watched} of history, which is shorter than the look-back it is normally measured over when
     * {@code partial}. {@code null} where there is no history before the window yet.
     */
    public record Usual(double perHorizon, Duration watched, boolean partial) {}

    /**
     * "Afghanistan, Pakistan and United States were named together in 7 articles in the last hour
     * (usually 1.6)." Early on the sentence says how much history the usual level rests on, or that
     * there is none yet.
     */
    public static String watch(List<EntityRef> entities, long count, Duration horizon, Usual usual, Duration tracked) {
        String context;
        if (usual == null) {
            context = " (no usual level yet: tracking began " + describeElapsed(tracked) + " ago).";
        } else if (usual.partial()) {
            context = " (usually " + number(usual.perHorizon()) + " in the " + describeElapsed(usual.watched())
                    + " watched).";
        } else {
            context = " (usually " + number(usual.perHorizon()) + ").";
        }
        return names(entities) + " were named together in " + articles(count) + " in " + describe(horizon) + context;
    }

    /**
     * "Greece and Germany were named together in 12 articles in the last 15 minutes, far above their usual
     * 0.4." With less history than the baseline's half-life, the sentence says how much it rests on.
     */
    public static String burst(
            List<EntityRef> entities,
            long count,
            Duration horizon,
            double expected,
            Duration watched,
            boolean partial) {
        String over = partial ? " in the " + describeElapsed(watched) + " watched" : "";
        String usual = expected < 0.05
                ? ", where they were usually not named together at all" + over + "."
                : ", far above their usual " + number(expected) + over + ".";
        return names(entities) + " were named together in " + articles(count) + " in " + describe(horizon) + usual;
    }

    /**
     * "Iran and Saudi Arabia were named together for the first time in 7 days (1 article)." When the job
     * has watched less than the look-back, it claims only what it saw: "for the first time since tracking
     * began 4 minutes ago".
     */
    public static String firstSeen(List<EntityRef> entities, long count, Duration lookback, Duration tracked) {
        String since = tracked.compareTo(lookback) < 0
                ? "since tracking began " + describeElapsed(tracked) + " ago"
                : "in " + describeSpan(lookback);
        return names(entities) + " were named together for the first time " + since + " (" + articles(count) + ").";
    }

    /**
     * What a grouped alert adds about the combinations it covers: " It covers Afghanistan and Pakistan,
     * which fired with it." or " It covers 3 smaller combinations of them, which fired with it." for those
     * inside its own; " 12 more combinations of China, Iran, Russia, Saudi Arabia and United States were
     * new together too." for the others (FIRST_SEEN reports every new combination of its watchlist in one
     * alert; the alert's {@code covers} lists each).
     */
    public static String covering(List<List<EntityRef>> smaller, List<List<EntityRef>> others) {
        StringBuilder sb = new StringBuilder();
        if (smaller.size() == 1) {
            sb.append(" It covers ").append(names(smaller.get(0))).append(", which fired with it.");
        } else if (smaller.size() > 1) {
            sb.append(" It covers ")
                    .append(smaller.size())
                    .append(" smaller combinations of them, which fired with it.");
        }
        if (others.size() == 1) {
            sb.append(" ").append(names(others.get(0))).append(" were new together too.");
        } else if (others.size() > 1) {
            Map<String, EntityRef> union = new TreeMap<>();
            others.forEach(c -> c.forEach(e -> union.put(e.id(), e)));
            sb.append(" ")
                    .append(others.size())
                    .append(" more combinations of ")
                    .append(names(List.copyOf(union.values())))
                    .append(" were new together too.");
        }
        return sb.toString();
    }

    /** "less than a minute", "4 minutes", "1 hour 35 minutes", "7 hours", "3 days". */
    static String describeElapsed(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 1) {
            return "less than a minute";
        }
        if (minutes < 60) {
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        long hours = minutes / 60;
        if (hours < 3 && minutes % 60 != 0) {
            return (hours == 1 ? "1 hour " : hours + " hours ")
                    + (minutes % 60)
                    + (minutes % 60 == 1 ? " minute" : " minutes");
        }
        if (hours < 48) {
            return hours == 1 ? "1 hour" : hours + " hours";
        }
        return hours / 24 + " days";
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
