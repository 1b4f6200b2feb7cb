package io.comention.tools.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic feed of synthetic news articles as {@code news.raw} JSON, for fault tests and the soak
 * run. Article {@code i} depends only on the seed and {@code i}: it names 2 or 3 entities from a fixed
 * pool of bundled countries and organisations (watch-rule and watchlist members among them, so WATCH,
 * FIRST_SEEN and BURST alerts really occur) amid 30–50 made-up filler words, so every body is
 * different and no near-duplicate is flagged by accident. Event times advance by {@code spacing} per
 * article from {@code start}.
 *
 * <p>On top: in every fifth hour most articles name Afghanistan, Pakistan and the United States together
 * (the {@code pak-afg-us} rule's triple); after the 6-hour BURST warm-up, one 15-minute window in every
 * four hours has most articles naming one pair (a surge); every {@link #COPY_EVERY}-th article is a
 * syndicated copy (same text, new id) of the article two places before it.
 */
public final class SyntheticArticles {

    /** Every this-many-th article repeats the text of article {@code i - 2} under its own id. */
    public static final int COPY_EVERY = 487;

    /** Surface forms the bundled knowledge base tags unambiguously, most often named first. */
    static final List<String> ENTITIES = List.of(
            "Pakistan",
            "Afghanistan",
            "the United States",
            "Iran",
            "Saudi Arabia",
            "Israel",
            "Russia",
            "China",
            "India",
            "Germany",
            "France",
            "Greece",
            "Egypt",
            "the Taliban",
            "the Haqqani network",
            "Inter-Services Intelligence");

    private static final String[] SYLLABLES = {
        "kab", "lod", "mir", "ten", "vus", "bel", "dor", "fip", "gal", "hem", "jor", "kel", "mun", "nop", "pel", "quo",
        "ros", "sul", "tem", "vax", "wen", "yor", "zan", "bri"
    };
    private static final String[] SOURCES = {
        "wire-a.example",
        "wire-b.example",
        "daily-c.example",
        "herald-d.example",
        "post-e.example",
        "times-f.example",
        "news-g.example",
        "radio-h.example"
    };

    private final long seed;
    private final Instant start;
    private final Duration spacing;
    private final String idPrefix;

    public SyntheticArticles(long seed, Instant start, Duration spacing, String idPrefix) {
        this.seed = seed;
        this.start = start;
        this.spacing = spacing;
        this.idPrefix = idPrefix;
    }

    public String id(long i) {
        return idPrefix + "-" + i;
    }

    public Instant eventTime(long i) {
        return start.plus(spacing.multipliedBy(i));
    }

    /** Article {@code i} as one line of JSON. */
    public String json(long i) {
        long textOf = i >= 2 && i % COPY_EVERY == 0 ? i - 2 : i;
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + textOf);
        List<String> named = entitiesFor(textOf, random);
        String title = String.join(" and ", named) + " " + words(random, 3);
        List<String> body = new ArrayList<>();
        int length = 30 + random.nextInt(21);
        for (int w = 0; w < length; w++) {
            body.add(word(random));
        }
        for (String name : named) {
            body.add(random.nextInt(body.size() + 1), name);
        }
        String source = SOURCES[random.nextInt(SOURCES.length)];
        String id = id(i);
        return "{\"id\":\"" + id + "\",\"url\":\"https://news.example/" + id + "\",\"source\":\"" + source
                + "\",\"published_at\":\"" + eventTime(i) + "\",\"language\":\"en\",\"title\":\"" + title
                + "\",\"body\":\"" + String.join(" ", body) + ".\"}";
    }

    /** Whether article {@code i} repeats an earlier article's text (published, not counted). */
    public static boolean isCopy(long i) {
        return i >= 2 && i % COPY_EVERY == 0;
    }

    private List<String> entitiesFor(long i, SplittableRandom random) {
        long minute = Duration.between(start, eventTime(i)).toMinutes();
        long hour = minute / 60;
        Set<String> named = new LinkedHashSet<>();
        if (hour % 5 == 2 && random.nextInt(10) < 6) {
            named.addAll(List.of("Afghanistan", "Pakistan", "the United States"));
        } else if (hour >= 7 && hour % 4 == 3 && minute % 60 < 15 && random.nextInt(10) < 7) {
            int pair = (int) (hour / 4) % (ENTITIES.size() - 1);
            named.add(ENTITIES.get(pair));
            named.add(ENTITIES.get(pair + 1));
        } else {
            int want = random.nextInt(10) < 7 ? 2 : 3;
            while (named.size() < want) {
                // skewed towards the front of the pool: a few busy combinations, many quiet ones
                double u = random.nextDouble();
                named.add(ENTITIES.get((int) (u * u * ENTITIES.size())));
            }
        }
        return new ArrayList<>(named);
    }

    private static String words(SplittableRandom random, int n) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(word(random));
        }
        return String.join(" ", out);
    }

    private static String word(SplittableRandom random) {
        int syllables = 2 + random.nextInt(2);
        StringBuilder w = new StringBuilder();
        for (int s = 0; s < syllables; s++) {
            w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return w.toString();
    }
}
