package io.comention.tools.simulation;

import io.comention.analytics.Combinations;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic co-mention traffic for measuring detection: {@code combinations} pairs, each named at its own
 * steady rate (log-uniform between {@value #MIN_RATE} and {@value #MAX_RATE} articles an hour, so a
 * few are busy and most are quiet, as in real news), as Poisson processes over {@code hours} of event
 * time. On top, {@code surges} breaking stories: a random combination is suddenly named at
 * {@code max(30 × its rate, 120)} articles an hour for an hour, starting at a random time after a
 * {@value #WARM_UP_HOURS}-hour warm-up. Deterministic for a seed.
 */
public final class TrafficSimulator {

    public static final double MIN_RATE = 0.05;
    public static final double MAX_RATE = 6.0;
    public static final int WARM_UP_HOURS = 12;
    static final Duration SURGE_LENGTH = Duration.ofHours(1);
    public static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    /** One injected surge: which combination and when it began. */
    public record Surge(String key, Instant start) {}

    /** The traffic, in event-time order, and the surges injected into it. */
    public record Traffic(List<CombinationEvent> events, List<Surge> surges, int combinations, int hours) {}

    private TrafficSimulator() {}

    public static Traffic generate(int hours, int combinations, int surges, long seed) {
        if (hours <= WARM_UP_HOURS + 1) {
            throw new IllegalArgumentException("--hours must be above " + (WARM_UP_HOURS + 1) + " (a " + WARM_UP_HOURS
                    + "-hour warm-up comes first)");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<CombinationEvent> events = new ArrayList<>();
        double[] rates = new double[combinations];
        List<List<EntityRef>> pairs = new ArrayList<>();
        for (int c = 0; c < combinations; c++) {
            rates[c] = MIN_RATE * Math.pow(MAX_RATE / MIN_RATE, random.nextDouble());
            List<EntityRef> pair = List.of(entity(2 * c), entity(2 * c + 1));
            pairs.add(pair);
            poisson(events, pair, rates[c], START, Duration.ofHours(hours), random, "bg");
        }
        List<Surge> injected = new ArrayList<>();
        long surgeWindow = Duration.ofHours(hours - WARM_UP_HOURS - 1).toMillis();
        for (int k = 0; k < surges; k++) {
            int c = random.nextInt(combinations);
            Instant start =
                    START.plus(Duration.ofHours(WARM_UP_HOURS)).plusMillis((long) (random.nextDouble() * surgeWindow));
            double rate = Math.max(30 * rates[c], 120);
            poisson(events, pairs.get(c), rate, start, SURGE_LENGTH, random, "surge" + k);
            injected.add(new Surge(Combinations.key(pairs.get(c)), start));
        }
        events.sort(Comparator.comparing(CombinationEvent::eventTime));
        return new Traffic(events, injected, combinations, hours);
    }

    private static void poisson(
            List<CombinationEvent> out,
            List<EntityRef> pair,
            double perHour,
            Instant from,
            Duration length,
            SplittableRandom random,
            String tag) {
        double hours = length.toMillis() / 3_600_000.0;
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / perHour;
            if (t >= hours) {
                return;
            }
            Instant at = from.plusMillis((long) (t * 3_600_000));
            String id = tag + "-" + Combinations.key(pair) + "-" + at.toEpochMilli();
            String source = "source-" + random.nextInt(25) + ".example";
            out.add(new CombinationEvent(
                    Combinations.key(pair),
                    pair,
                    new ArticleRef(id, "Simulated story " + id, "https://" + source + "/" + id, source),
                    at));
        }
    }

    private static EntityRef entity(int i) {
        return new EntityRef(String.format("E%05d", i), "Entity " + i, EntityType.ORGANIZATION);
    }
}
