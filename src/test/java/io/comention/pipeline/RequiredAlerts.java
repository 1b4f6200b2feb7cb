package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import io.comention.config.ComentionConfig;
import io.comention.model.Json;
import io.comention.model.TaggedEntity;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import io.comention.tools.simulation.SyntheticArticles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Test helper: the alerts a run over a {@link SyntheticArticles} feed must raise, whatever order the
 * articles reached the counting operator in, derived from the feed's own text (tagged here with the
 * bundled knowledge base) and the job's rules:
 *
 * <ul>
 *   <li><b>WATCH</b>: for every watch rule whose entities the feed names together often enough to reach
 *       its threshold within its horizon, an alert of that rule whose window overlaps the horizon around
 *       the first time it does (later ones depend on re-arming and cooldowns, which a job may tune);
 *   <li><b>BURST</b>: for every quarter-hour (the BURST horizon) after the warm-up in which most articles
 *       name one pair and nothing else (a surge far above that pair's usual count), an alert naming both
 *       entities whose window overlaps the quarter;
 *   <li><b>FIRST_SEEN</b>: for every counted combination whose entities all belong to a watchlist, an
 *       alert of that watchlist naming (at least) those entities, itself or among the combinations it
 *       {@code covers}: one alert per story reports an article's other new combinations inside it.
 * </ul>
 *
 * It asks for no exact number of alerts and no alert id: those depend on cooldowns and on how alerts are
 * grouped and windowed, which a correct job may change; these alerts must be there in every run.
 */
public final class RequiredAlerts {

    /** One alert that must fire: its kind, rule, entities it must name, and a window it must overlap. */
    public record Required(String kind, String rule, Set<String> entities, Instant from, Instant to) {
        @Override
        public String toString() {
            return kind + " " + rule + " naming " + entities + " overlapping [" + from + ", " + to + ")";
        }
    }

    private final List<Required> timed;
    private final List<Watchlist> watchlists;

    private RequiredAlerts(List<Required> timed, List<Watchlist> watchlists) {
        this.timed = timed;
        this.watchlists = watchlists;
    }

    /** The alerts articles {@code 0 .. articles-1} of {@code feed} must raise under {@code config}'s rules. */
    public static RequiredAlerts of(SyntheticArticles feed, int articles, ComentionConfig config) {
        EntityTagger tagger = new EntityTagger(KnowledgeBase.loadDefault());
        Map<Long, List<Set<String>>> byQuarter = new TreeMap<>();
        long quarter = config.alerts().burst().horizon().toMillis();
        Instant first = feed.eventTime(0);
        Instant last = feed.eventTime(articles - 1);
        List<Set<String>> namedBy = new ArrayList<>();
        for (int i = 0; i < articles; i++) {
            // a syndicated copy is published but not counted
            Set<String> named = SyntheticArticles.isCopy(i) ? Set.of() : entities(tagger, feed.json(i));
            namedBy.add(named);
            if (named.isEmpty()) {
                continue;
            }
            long t = feed.eventTime(i).toEpochMilli();
            byQuarter
                    .computeIfAbsent(Math.floorDiv(t, quarter) * quarter, k -> new ArrayList<>())
                    .add(named);
        }

        List<Required> required = new ArrayList<>();
        long bucket = config.counts().bucket().toMillis();
        for (WatchRule rule : config.rules()) {
            Instant crossed = firstCrossing(rule, namedBy, feed, bucket);
            if (crossed != null) {
                required.add(new Required(
                        "WATCH",
                        rule.id(),
                        Set.copyOf(rule.entities()),
                        crossed.minus(rule.horizon()),
                        crossed.plus(rule.horizon()).plusMillis(bucket)));
            }
        }
        Instant warm = first.plus(config.alerts().burst().warmUp());
        byQuarter.forEach((start, named) -> {
            if (!complete(start, quarter, first, last)
                    || Instant.ofEpochMilli(start).isBefore(warm)) {
                return;
            }
            Map<Set<String>, Integer> pairs = new HashMap<>();
            named.stream().filter(n -> n.size() == 2).forEach(n -> pairs.merge(n, 1, Integer::sum));
            pairs.forEach((pair, n) -> {
                if (2 * n > named.size()) {
                    required.add(new Required(
                            "BURST",
                            "burst",
                            pair,
                            Instant.ofEpochMilli(start),
                            Instant.ofEpochMilli(start + quarter)));
                }
            });
        });
        return new RequiredAlerts(required, config.watchlists());
    }

    /** The WATCH and BURST alerts derived from the feed (FIRST_SEEN ones follow from a run's counts). */
    public List<Required> timed() {
        return timed;
    }

    /** Fails unless {@code run} raised every required alert. */
    public void assertRaisedIn(CommittedOutputs run, String which) {
        List<JsonNode> alerts = new ArrayList<>();
        run.alertsById().values().forEach(a -> alerts.add(parse(a)));
        List<Required> missing = new ArrayList<>();
        for (Required r : timed) {
            if (alerts.stream().noneMatch(a -> matches(a, r))) {
                missing.add(r);
            }
        }
        for (String key : new TreeSet<>(run.countUpdatesByKey().keySet())) {
            Set<String> combination = Set.of(key.split("\\+"));
            for (Watchlist list : watchlists) {
                if (list.entities().containsAll(combination)) {
                    Required r = new Required("FIRST_SEEN", list.id(), combination, Instant.MIN, Instant.MAX);
                    if (alerts.stream().noneMatch(a -> matches(a, r))) {
                        missing.add(r);
                    }
                }
            }
        }
        assertThat(missing)
                .as("alerts the input must raise, missing in the %s", which)
                .isEmpty();
    }

    private static boolean matches(JsonNode alert, Required r) {
        if (!alert.path("kind").asText().equals(r.kind())
                || !alert.path("rule").asText().equals(r.rule())) {
            return false;
        }
        // the alert's own combination, or one it covers (one alert per story reports the others inside it)
        List<JsonNode> combinations = new ArrayList<>();
        combinations.add(alert.path("entities"));
        alert.path("covers").forEach(c -> combinations.add(c.path("entities")));
        boolean named = combinations.stream().anyMatch(entities -> {
            Set<String> ids = new HashSet<>();
            entities.forEach(e -> ids.add(e.path("id").asText()));
            return ids.containsAll(r.entities());
        });
        if (!named) {
            return false;
        }
        Instant start = Instant.parse(alert.path("window_start").asText());
        Instant end = Instant.parse(alert.path("window_end").asText());
        return start.isBefore(r.to()) && end.isAfter(r.from());
    }

    /**
     * When the articles naming all of {@code rule}'s entities first reach its threshold within its horizon
     * shortened by one bucket (so that counting in whole buckets, however aligned, sees them too), or null.
     */
    private static Instant firstCrossing(
            WatchRule rule, List<Set<String>> namedBy, SyntheticArticles feed, long bucket) {
        ArrayDeque<Instant> within = new ArrayDeque<>();
        Duration window = rule.horizon().minusMillis(bucket);
        for (int i = 0; i < namedBy.size(); i++) {
            if (!namedBy.get(i).containsAll(rule.entities())) {
                continue;
            }
            Instant t = feed.eventTime(i);
            within.addLast(t);
            while (within.peekFirst().isBefore(t.minus(window))) {
                within.removeFirst();
            }
            if (within.size() >= rule.threshold()) {
                return t;
            }
        }
        return null;
    }

    /** Whether the feed's articles span the whole interval {@code [start, start + length)}. */
    private static boolean complete(long start, long length, Instant first, Instant last) {
        return start >= first.toEpochMilli() && start + length <= last.toEpochMilli();
    }

    private static Set<String> entities(EntityTagger tagger, String json) {
        JsonNode article = parse(json);
        Set<String> ids = new HashSet<>();
        for (TaggedEntity e :
                tagger.tag(article.path("title").asText(), article.path("body").asText())) {
            ids.add(e.id());
        }
        return ids;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
