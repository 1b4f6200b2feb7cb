package io.comention.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code places:} section of a knowledge-base file (format: {@code config/entities/README.md},
 * "Places"): where the gazetteer is and how much evidence a place needs before it links.
 *
 * @param source              the file the section came from (the gazetteer path is relative to it)
 * @param gazetteer           the gazetteer file name
 * @param evidenceBelow       places with fewer people need evidence (regions, seats and capitals never do)
 * @param strongEvidenceBelow places with fewer people need strong evidence
 * @param evidenceAfter       words right before a place that are evidence ("in", "near", "at")
 * @param commonNames         place names that are also people's names: they need evidence like common words
 * @param aliases             extra names by GeoNames id
 * @param ignore              place names never linked
 * @param context             context rules for every place
 * @param commonContext       context rules for the places whose name needs evidence
 */
record PlaceRules(
        String source,
        String gazetteer,
        long evidenceBelow,
        long strongEvidenceBelow,
        List<String> evidenceAfter,
        List<String> commonNames,
        Map<Long, List<String>> aliases,
        List<String> ignore,
        List<ContextRule> context,
        List<ContextRule> commonContext) {

    static final Set<String> FIELDS = Set.of(
            "gazetteer",
            "evidence_below",
            "strong_evidence_below",
            "evidence_after",
            "common_names",
            "aliases",
            "ignore",
            "context",
            "common_context");

    static PlaceRules parse(String source, JsonNode node, List<String> warnings) {
        String label = "places";
        if (!node.isObject()) {
            throw new KnowledgeBaseException(source + ": field 'places' must be a mapping with a 'gazetteer:' file"
                    + " name (format: config/entities/README.md, Places).");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new KnowledgeBaseException(source + ": places: unknown field '" + f + "'; allowed fields are "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ".");
            }
        }
        JsonNode g = node.get("gazetteer");
        if (g == null || !g.isTextual() || g.asText().isBlank()) {
            throw new KnowledgeBaseException(source + ": places: field 'gazetteer' is missing; name the gazetteer"
                    + " file next to this one, e.g. gazetteer: geonames-places.tsv.gz.");
        }
        Map<Long, List<String>> aliases = new HashMap<>();
        JsonNode a = node.get("aliases");
        if (a != null && !a.isNull()) {
            if (!a.isObject()) {
                throw new KnowledgeBaseException(source + ": places: field 'aliases' must map GeoNames ids to"
                        + " lists of names, e.g. \"703448\": [\"Kiev\"].");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                long id;
                try {
                    id = Long.parseLong(e.getKey().trim());
                } catch (NumberFormatException ex) {
                    throw new KnowledgeBaseException(
                            source + ": places: aliases: key '" + e.getKey() + "' is not a GeoNames id (a number).");
                }
                aliases.put(
                        id, KnowledgeBaseFiles.strings(source, label, "aliases " + e.getKey(), e.getValue(), warnings));
            }
        }
        return new PlaceRules(
                source,
                g.asText().trim(),
                number(source, node, "evidence_below", 100_000),
                number(source, node, "strong_evidence_below", 15_000),
                KnowledgeBaseFiles.strings(source, label, "evidence_after", node.get("evidence_after"), warnings),
                KnowledgeBaseFiles.strings(source, label, "common_names", node.get("common_names"), warnings),
                Map.copyOf(aliases),
                KnowledgeBaseFiles.strings(source, label, "ignore", node.get("ignore"), warnings),
                rules(source, node, "context", warnings),
                rules(source, node, "common_context", warnings));
    }

    private static long number(String source, JsonNode node, String field, long fallback) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.canConvertToLong() || n.asLong() < 0) {
            throw new KnowledgeBaseException(
                    source + ": places: field '" + field + "' must be a whole number of people, 0 or more.");
        }
        return n.asLong();
    }

    private static List<ContextRule> rules(String source, JsonNode node, String field, List<String> warnings) {
        JsonNode list = node.get(field);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new KnowledgeBaseException(
                    source + ": places: field '" + field + "' must be a list of context rules (without forms).");
        }
        List<ContextRule> out = new ArrayList<>();
        int n = 0;
        for (JsonNode r : list) {
            String ruleLabel = "places: " + field + " rule " + (++n);
            if (!r.isObject() || r.has("forms")) {
                throw new KnowledgeBaseException(source + ": " + ruleLabel + ": must be a mapping with the fields"
                        + " of a context rule other than forms.");
            }
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!KnowledgeBaseFiles.CONTEXT_FIELDS.contains(f)) {
                    throw new KnowledgeBaseException(source + ": " + ruleLabel + ": unknown field '" + f
                            + "'; allowed fields are " + String.join(", ", KnowledgeBaseFiles.CONTEXT_FIELDS) + ".");
                }
            }
            out.add(KnowledgeBaseFiles.rule(source, ruleLabel, r, List.of(), warnings));
        }
        return out;
    }
}
