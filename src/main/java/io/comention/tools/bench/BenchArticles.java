package io.comention.tools.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comention.model.EntityType;
import io.comention.model.Json;
import io.comention.model.TaggedEntity;
import io.comention.tagging.EntityDefinition;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Generated news articles for the latency benchmark: each names exactly the entities asked for (by their
 * canonical knowledge-base names, in the title, the lead and once or twice more), the rest is random
 * sentences from an entity-free news vocabulary. Wire length (3–6 KB) by default; random word order
 * makes every article's 4-word shingles its own, so no two are near-copies of each other (a near-copy
 * would be published but not counted, and a scenario's count would never be reached).
 *
 * <p>Short articles (a headline, no body, under ten words) exist to check the harness on code that
 * holds longer articles back: they are too short to fingerprint.
 */
public final class BenchArticles {

    /** The entities background traffic names: busy countries, so their combinations are busy too. */
    public static final List<String> BACKGROUND =
            List.of("US", "GB", "FR", "DE", "CN", "RU", "IN", "PK", "AF", "JP", "BR", "UA");

    static final int MIN_BYTES = 3000;
    static final int MAX_BYTES = 6000;

    /** Lower-case news words that name no entity in the bundled knowledge base (checked by tests and at start-up). */
    static final List<String> VOCABULARY = List.of(
            ("the government said on monday tuesday wednesday thursday friday that talks would resume after a pause "
                            + "of several weeks while officials from both sides met in the capital to discuss border security "
                            + "trade and return refugees spokesman told reporters delegation had made progress but warned "
                            + "differences remained over timetable analysts agreement could open way for wider cooperation "
                            + "region although critics questioned cost opposition called inquiry into handling crisis markets "
                            + "rose news minister ministry statement visit meeting leaders economic aid loan investment "
                            + "energy project farmers prices inflation election vote campaign ruling police officers arrested "
                            + "protest crowd thousands gathered streets city province district village attack killed wounded "
                            + "soldiers troops operation ceasefire peace negotiations envoy diplomats embassy ambassador "
                            + "workers migrants exports imports tariffs budget deficit growth interest rates currency shares "
                            + "investors company contract deal signed plans expected next month year week report published data "
                            + "showed increase decrease percent million billion dollars rain floods drought harvest hospital "
                            + "health vaccine schools students teachers water electricity shortages fuel roads railway port "
                            + "airport flights cargo shipping framework committee joint panel experts review local residents "
                            + "earlier this later than before during under against between among across about nearly most "
                            + "many few new old first second third last final long short large small major minor key senior")
                    .split(" "));

    private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Z][a-z]+( [A-Z][a-z]+){0,2}");

    private final Map<String, String> names;
    private final SplittableRandom random;
    private final boolean shortArticles;

    /** @param names entity id → the canonical name written into articles */
    public BenchArticles(Map<String, String> names, long seed, boolean shortArticles) {
        this.names = Map.copyOf(names);
        this.random = new SplittableRandom(seed);
        this.shortArticles = shortArticles;
    }

    /** An article's text. */
    public record Text(String title, String body) {}

    /** Title and body naming exactly {@code ids} (from the names given to the constructor). */
    public synchronized Text text(List<String> ids) {
        List<String> named = ids.stream().map(this::name).toList();
        String list = joinNames(named);
        if (shortArticles) {
            return new Text(list + " officials meet", null);
        }
        String title = list + " " + words(4 + random.nextInt(4), false);
        int target = MIN_BYTES + random.nextInt(MAX_BYTES - MIN_BYTES);
        StringBuilder body = new StringBuilder(target + 200);
        // the lead names every entity, as a wire story's first sentence does
        body.append(capitalise(words(3 + random.nextInt(4), false)))
                .append(' ')
                .append(list)
                .append(' ')
                .append(words(6 + random.nextInt(8), false))
                .append(". ");
        // one or two more mentions of each, spread over the story
        List<String> later = new ArrayList<>();
        for (String n : named) {
            for (int m = 1 + random.nextInt(2); m > 0; m--) {
                later.add(n);
            }
        }
        while (body.length() < target) {
            int n = 8 + random.nextInt(12);
            if (!later.isEmpty() && random.nextInt(3) == 0) {
                String name = later.remove(later.size() - 1);
                body.append(capitalise(words(2 + random.nextInt(n / 2), false)))
                        .append(' ')
                        .append(name)
                        .append(' ')
                        .append(words(n / 2, false));
            } else {
                body.append(capitalise(words(n, false)));
            }
            body.append(". ");
        }
        for (String name : later) {
            body.append("Officials in ")
                    .append(name)
                    .append(" said ")
                    .append(words(6, false))
                    .append(". ");
        }
        return new Text(title, body.toString().stripTrailing());
    }

    /** Background entities for one article: 3–6 of {@link #BACKGROUND} (2–3 for short articles). */
    public synchronized List<String> backgroundEntities() {
        int n = shortArticles ? 2 + random.nextInt(2) : 3 + random.nextInt(4);
        List<String> pool = new ArrayList<>(BACKGROUND);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(pool.remove(random.nextInt(pool.size())));
        }
        return out;
    }

    /** The article as the JSON line a producer writes to {@code news.raw}. */
    public static byte[] json(String id, Text text, Instant publishedAt) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("url", "https://latency.example/" + id);
        n.put("source", "latency.example");
        n.put("published_at", publishedAt.toString());
        n.put("language", "en");
        n.put("title", text.title());
        if (text.body() != null) {
            n.put("body", text.body());
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String name(String id) {
        String n = names.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no name for entity " + id);
        }
        return n;
    }

    private String words(int n, boolean capitaliseFirst) {
        StringBuilder sb = new StringBuilder(n * 8);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(VOCABULARY.get(random.nextInt(VOCABULARY.size())));
        }
        return capitaliseFirst ? capitalise(sb.toString()) : sb.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String joinNames(List<String> named) {
        if (named.size() == 1) {
            return named.get(0);
        }
        return String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.get(named.size() - 1);
    }

    /** Canonical names of the entities, from the knowledge base. */
    public static Map<String, String> namesOf(KnowledgeBase kb, Collection<String> ids) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (String id : ids) {
            out.put(
                    id,
                    kb.entity(id)
                            .orElseThrow(
                                    () -> new IllegalStateException("entity " + id + " is not in the knowledge base"))
                            .name());
        }
        return out;
    }

    /**
     * Countries whose plain canonical name (one to three capitalised words) tags as exactly that country
     * in a sentence, sorted by id, leaving out {@code exclude}: candidates for combinations that nothing
     * else names.
     */
    public static List<String> quietCountries(KnowledgeBase kb, EntityTagger tagger, Set<String> exclude) {
        List<String> out = new ArrayList<>();
        kb.definitions().stream()
                .filter(d -> d.type() == EntityType.COUNTRY)
                .sorted(Comparator.comparing(EntityDefinition::id))
                .forEach(d -> {
                    if (exclude.contains(d.id())
                            || !SIMPLE_NAME.matcher(d.name()).matches()) {
                        return;
                    }
                    List<TaggedEntity> found =
                            tagger.tag(null, "Officials from " + d.name() + " met reporters on monday.");
                    if (found.size() == 1 && found.get(0).id().equals(d.id())) {
                        out.add(d.id());
                    }
                });
        return out;
    }

    /** The entity ids the tagger finds in a generated article: what {@link #text} promised, if the vocabulary is clean. */
    public static Set<String> tagged(EntityTagger tagger, Text text) {
        Set<String> ids = new TreeSet<>();
        tagger.tag(text.title(), text.body()).forEach(e -> ids.add(e.id()));
        return ids;
    }
}
