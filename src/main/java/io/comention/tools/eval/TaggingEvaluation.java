package io.comention.tools.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Scores the tagger against a gold file: precision, recall and F1 per entity type, over (passage,
 * entity id) pairs, and over exact mention spans where the gold gives them.
 *
 * <p>Gold format, one JSON object per line (blank lines and lines starting with {@code #} are skipped):
 * <pre>
 * {"id": "g001", "title": "…", "body": "…", "entities": ["PK", "AF", "org:isi"],
 *  "spans": [{"id": "PK", "field": "body", "start": 0, "end": 8}], "note": "what the passage tests"}
 * </pre>
 * {@code title} is optional; {@code text} may stand for {@code body}; {@code entities} lists every entity
 * the passage names (an empty list means: none); {@code spans} is optional and, when present, lists every
 * mention in the passage (UTF-16 offsets into the field, end exclusive). An entity's type is the
 * knowledge base's, else read from its id (two or four capitals: COUNTRY, {@code org:}: ORGANIZATION,
 * {@code person:}: PERSON).
 *
 * <p>A passage may also give {@code "places": {"Quetta": "PK"}}: every place it names, as written, with its
 * country ({@code {}}: none). Its {@code PLACE} entities are then scored as (place as written, country)
 * pairs in {@link Report#places()} (place → country precision and recall), never as entities; the
 * countries a passage names through places belong in its {@code entities}.
 */
public final class TaggingEvaluation {

    /** One gold passage. */
    public record Passage(
            int line,
            String id,
            String title,
            String body,
            Set<String> entities,
            Set<GoldSpan> spans,
            Map<String, String> places) {

        public Passage(int line, String id, String title, String body, Set<String> entities, Set<GoldSpan> spans) {
            this(line, id, title, body, entities, spans, null);
        }
    }

    /** A gold mention. */
    public record GoldSpan(String id, String field, int start, int end) {}

    /** Counts for one type (or for spans). */
    public static final class Score {
        int truePositives;
        int falsePositives;
        int falseNegatives;

        public int truePositives() {
            return truePositives;
        }

        public int falsePositives() {
            return falsePositives;
        }

        public int falseNegatives() {
            return falseNegatives;
        }

        public int expected() {
            return truePositives + falseNegatives;
        }

        public int found() {
            return truePositives + falsePositives;
        }

        /** Of what the tagger found, the share that is right (1 when it found nothing). */
        public double precision() {
            return found() == 0 ? 1.0 : (double) truePositives / found();
        }

        /** Of what the gold expects, the share the tagger found (1 when nothing is expected). */
        public double recall() {
            return expected() == 0 ? 1.0 : (double) truePositives / expected();
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        void add(Score o) {
            truePositives += o.truePositives;
            falsePositives += o.falsePositives;
            falseNegatives += o.falseNegatives;
        }
    }

    /** A passage the tagger got wrong. */
    public record Miss(String passage, Set<String> missed, Set<String> spurious) {}

    /** The outcome of a run. */
    public record Report(
            int passages,
            Map<EntityType, Score> byType,
            Score overall,
            int passagesWithSpans,
            Score spans,
            List<Miss> misses,
            int passagesWithPlaces,
            Score places) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COUNTRY_ID =
            Pattern.compile("[A-Z]{2}|[A-Z]{4}"); // ISO 3166-1 alpha-2, or ISO 3166-3 (former countries)

    private TaggingEvaluation() {}

    /** Reads a gold file; a bad line fails with its source, line number and what to fix. */
    public static List<Passage> read(String source, Reader reader) throws IOException {
        List<Passage> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        BufferedReader r = new BufferedReader(reader);
        int lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String where = source + ":" + lineNo + ": ";
            JsonNode n;
            try {
                n = JSON.readTree(trimmed);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + "not valid JSON (" + e.getOriginalMessage() + ")");
            }
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(
                        where + "each line must be a JSON object with \"body\" and \"entities\"");
            }
            String id = n.path("id").isTextual() ? n.get("id").asText() : "line-" + lineNo;
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + "passage id '" + id + "' is used twice");
            }
            String title = text(n, "title", where);
            String body = n.has("body") ? text(n, "body", where) : text(n, "text", where);
            if ((title == null || title.isBlank()) && (body == null || body.isBlank())) {
                throw new IllegalArgumentException(
                        where + "passage '" + id + "' has no text: give \"body\" (or \"text\")");
            }
            JsonNode ents = n.get("entities");
            if (ents == null || !ents.isArray()) {
                throw new IllegalArgumentException(where + "passage '" + id + "': \"entities\" must be a list of entity"
                        + " ids, e.g. [\"PK\", \"org:isi\"] ([] if the passage names none)");
            }
            Set<String> expected = new LinkedHashSet<>();
            for (JsonNode e : ents) {
                if (!e.isTextual() || e.asText().isBlank()) {
                    throw new IllegalArgumentException(where + "passage '" + id + "': \"entities\" must hold strings");
                }
                expected.add(e.asText());
            }
            Set<GoldSpan> spans = null;
            JsonNode sp = n.get("spans");
            if (sp != null && !sp.isNull()) {
                if (!sp.isArray()) {
                    throw new IllegalArgumentException(where + "passage '" + id + "': \"spans\" must be a list");
                }
                spans = new LinkedHashSet<>();
                for (JsonNode s : sp) {
                    String sid = s.path("id").asText("");
                    String field = s.path("field").asText("body");
                    if (sid.isEmpty()
                            || !s.path("start").isInt()
                            || !s.path("end").isInt()
                            || !(field.equals("title") || field.equals("body"))) {
                        throw new IllegalArgumentException(where + "passage '" + id + "': each span needs \"id\","
                                + " \"start\" and \"end\" (integers) and optionally \"field\" (title or body)");
                    }
                    String f = field.equals("title") ? title : body;
                    int start = s.get("start").asInt();
                    int end = s.get("end").asInt();
                    if (f == null || start < 0 || end <= start || end > f.length()) {
                        throw new IllegalArgumentException(where + "passage '" + id + "': span " + start + "-" + end
                                + " of '" + sid + "' lies outside the " + field);
                    }
                    spans.add(new GoldSpan(sid, field, start, end));
                }
            }
            Map<String, String> places = null;
            JsonNode pl = n.get("places");
            if (pl != null && !pl.isNull()) {
                if (!pl.isObject()) {
                    throw new IllegalArgumentException(where + "passage '" + id + "': \"places\" must map each place"
                            + " as written to its country, e.g. {\"Quetta\": \"PK\"} ({} if it names none)");
                }
                places = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = pl.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    places.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
                }
            }
            out.add(new Passage(lineNo, id, title, body, expected, spans, places));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(source + ": holds no passages");
        }
        return out;
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + "\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    /** Tags every passage and scores the result. */
    public static Report evaluate(EntityTagger tagger, List<Passage> passages) {
        KnowledgeBase kb = tagger.knowledgeBase();
        Map<EntityType, Score> byType = new EnumMap<>(EntityType.class);
        for (EntityType t : EntityType.values()) {
            byType.put(t, new Score());
        }
        Score spans = new Score();
        Score places = new Score();
        int withSpans = 0;
        int withPlaces = 0;
        List<Miss> misses = new ArrayList<>();
        for (Passage p : passages) {
            List<TaggedEntity> tagged = tagger.tag(p.title(), p.body());
            Set<String> found = new LinkedHashSet<>();
            Set<String> placePairs = new TreeSet<>(); // "place as written (lower case) -> country"
            for (TaggedEntity e : tagged) {
                if (e.type() == EntityType.PLACE) { // scored by the passage's "places", not its entities
                    for (Span s : e.spans()) {
                        placePairs.add(s.text().toLowerCase(Locale.ROOT) + " -> " + e.country());
                    }
                } else {
                    found.add(e.id());
                }
            }
            if (p.places() != null) {
                withPlaces++;
                Set<String> gold = new TreeSet<>();
                p.places().forEach((name, country) -> gold.add(name + " -> " + country));
                Set<String> missedPlaces = new TreeSet<>(gold);
                missedPlaces.removeAll(placePairs);
                Set<String> spuriousPlaces = new TreeSet<>(placePairs);
                spuriousPlaces.removeAll(gold);
                places.truePositives += gold.size() - missedPlaces.size();
                places.falseNegatives += missedPlaces.size();
                places.falsePositives += spuriousPlaces.size();
                if (!missedPlaces.isEmpty() || !spuriousPlaces.isEmpty()) {
                    misses.add(new Miss(p.id() + " (places)", missedPlaces, spuriousPlaces));
                }
            }
            Set<String> missed = new TreeSet<>(p.entities());
            missed.removeAll(found);
            Set<String> spurious = new TreeSet<>(found);
            spurious.removeAll(p.entities());
            for (String id : p.entities()) {
                Score s = byType.get(type(kb, id));
                if (found.contains(id)) {
                    s.truePositives++;
                } else {
                    s.falseNegatives++;
                }
            }
            for (String id : spurious) {
                byType.get(type(kb, id)).falsePositives++;
            }
            if (p.spans() != null) {
                withSpans++;
                Set<GoldSpan> predicted = new HashSet<>();
                for (TaggedEntity e : tagged) {
                    if (e.type() == EntityType.PLACE) {
                        continue;
                    }
                    for (Span s : e.spans()) {
                        predicted.add(new GoldSpan(e.id(), s.field(), s.start(), s.end()));
                    }
                }
                for (GoldSpan g : p.spans()) {
                    if (predicted.contains(g)) {
                        spans.truePositives++;
                    } else {
                        spans.falseNegatives++;
                    }
                }
                for (GoldSpan g : predicted) {
                    if (!p.spans().contains(g)) {
                        spans.falsePositives++;
                    }
                }
            }
            if (!missed.isEmpty() || !spurious.isEmpty()) {
                misses.add(new Miss(p.id(), missed, spurious));
            }
        }
        Score overall = new Score();
        byType.values().forEach(overall::add);
        return new Report(passages.size(), byType, overall, withSpans, spans, misses, withPlaces, places);
    }

    static EntityType type(KnowledgeBase kb, String id) {
        return kb.entity(id)
                .map(EntityRef::type)
                .orElseGet(() -> COUNTRY_ID.matcher(id).matches()
                        ? EntityType.COUNTRY
                        : id.startsWith("person:")
                                ? EntityType.PERSON
                                : id.startsWith("geonames:") ? EntityType.PLACE : EntityType.ORGANIZATION);
    }
}
