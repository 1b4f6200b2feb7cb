package io.comention.tagging;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.comention.model.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads and validates knowledge-base YAML files (format: {@code config/entities/README.md}). */
final class KnowledgeBaseFiles {

    /** What one file contributes. */
    record Contents(
            List<EntityDefinition> entities,
            List<String> ignore,
            List<SharedRule> sharedRules,
            List<String> warnings,
            PlaceRules places) {}

    /**
     * A {@code shared_context} rule: applies to every entry of the given types, to the forms of the given
     * kinds (field names such as {@code capitals} or {@code surnames}; empty: all forms).
     */
    record SharedRule(String source, int position, Set<EntityType> types, List<String> kinds, ContextRule rule) {}

    static final Set<String> TOP_LEVEL_FIELDS = Set.of("entities", "ignore", "shared_context", "places");
    static final List<String> ENTRY_FIELDS = List.of(
            "id",
            "type",
            "name",
            "aliases",
            "capitalized_aliases",
            "case_sensitive_aliases",
            "demonyms",
            "capitals",
            "prefixes",
            "surnames",
            "context");
    static final List<String> CONTEXT_FIELDS = List.of(
            "forms",
            "not_after",
            "not_before",
            "not_next_to_name",
            "not_with",
            "unless_with",
            "not_in_name_after",
            "not_in_name_before",
            "in_capitals",
            "evidence_after");
    /** The fields of a shared rule: those of a context rule, without forms, plus types and kinds. */
    static final List<String> SHARED_FIELDS = List.of(
            "types",
            "kinds",
            "not_after",
            "not_before",
            "not_next_to_name",
            "not_with",
            "unless_with",
            "not_in_name_after",
            "not_in_name_before",
            "in_capitals",
            "evidence_after");
    /** The form fields a shared rule's {@code kinds} may name. */
    static final List<String> FORM_KINDS = List.of(
            "name",
            "aliases",
            "capitalized_aliases",
            "case_sensitive_aliases",
            "demonyms",
            "capitals",
            "prefixes",
            "surnames");
    /** ISO 3166-1 alpha-2 (PK), or ISO 3166-3 for a country that no longer exists (SUHH: the Soviet Union). */
    private static final Pattern COUNTRY_ID = Pattern.compile("[A-Z]{2}|[A-Z]{4}");

    private static final Pattern SLUG_ID = Pattern.compile("[a-z][a-z0-9]*:[a-z0-9][a-z0-9._-]*");
    private static final String TYPES = Arrays.stream(EntityType.values())
            .filter(t -> t != EntityType.PLACE) // places come from the gazetteer, not from entries
            .map(Enum::name)
            .collect(Collectors.joining(", "));

    private static final YAMLMapper MAPPER = YAMLMapper.builder(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private KnowledgeBaseFiles() {}

    static Contents parse(String source, InputStream in) {
        JsonNode root;
        try (in) {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc != null && loc.getLineNr() > 0
                    ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()
                    : "";
            throw new KnowledgeBaseException(
                    source + ": YAML syntax error" + where + ": "
                            + e.getOriginalMessage()
                                    .replace(" in 'reader'", "")
                                    .replaceAll("\\s+", " ")
                                    .trim()
                            + ". Check indentation and quote values that contain ':', '#', '[' or start with '*', '&', '!'.",
                    e);
        } catch (IOException e) {
            throw new KnowledgeBaseException(
                    source + ": cannot read file (" + e + "). Check that it exists and is readable.", e);
        }
        List<String> warnings = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            warnings.add(source + ": file is empty; it defines no entities");
            return new Contents(List.of(), List.of(), List.of(), warnings, null);
        }
        if (!root.isObject()) {
            throw new KnowledgeBaseException(source + ": the top level must be a mapping with an 'entities:' list"
                    + " (found " + kind(root) + ").");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_LEVEL_FIELDS.contains(f)) {
                throw new KnowledgeBaseException(source + ": unknown top-level field '" + f
                        + "'; allowed are 'entities', 'ignore', 'shared_context' and 'places'.");
            }
        }
        List<EntityDefinition> entities = new ArrayList<>();
        JsonNode list = root.get("entities");
        if ((list == null || list.isNull())
                && !root.has("ignore")
                && !root.has("shared_context")
                && !root.has("places")) {
            warnings.add(source + ": no 'entities:' list; the file defines no entities");
        } else if (list == null || list.isNull()) {
            // a file of ignore phrases and shared rules only
        } else if (!list.isArray()) {
            throw new KnowledgeBaseException(source + ": field 'entities' must be a list of entries (each starting"
                    + " with '- id: ...'), found " + kind(list) + ".");
        } else {
            int position = 0;
            for (JsonNode entry : list) {
                position++;
                entities.add(entry(source, position, entry, warnings));
            }
        }
        List<String> ignore =
                root.has("ignore") ? strings(source, "top level", "ignore", root.get("ignore"), warnings) : List.of();
        List<SharedRule> shared = new ArrayList<>();
        JsonNode sharedNode = root.get("shared_context");
        if (sharedNode != null && !sharedNode.isNull()) {
            if (!sharedNode.isArray()) {
                throw new KnowledgeBaseException(source + ": field 'shared_context' must be a list of rules (each"
                        + " starting with '- types: [...]'), found " + kind(sharedNode) + ".");
            }
            int n = 0;
            for (JsonNode r : sharedNode) {
                shared.add(sharedRule(source, ++n, r, warnings));
            }
        }
        JsonNode places = root.get("places");
        PlaceRules placeRules = places == null || places.isNull() ? null : PlaceRules.parse(source, places, warnings);
        return new Contents(entities, ignore, shared, warnings, placeRules);
    }

    private static SharedRule sharedRule(String source, int n, JsonNode r, List<String> warnings) {
        String label = "shared_context rule " + n;
        if (!r.isObject()) {
            throw new KnowledgeBaseException(source + ": " + label + ": must be a mapping with fields "
                    + String.join(", ", SHARED_FIELDS) + " (found " + kind(r) + ").");
        }
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!SHARED_FIELDS.contains(f)) {
                throw new KnowledgeBaseException(source + ": " + label + ": unknown field '" + f
                        + "'; allowed fields are " + String.join(", ", SHARED_FIELDS) + ".");
            }
        }
        List<String> typeNames = strings(source, label, "types", r.get("types"), warnings);
        if (typeNames.isEmpty()) {
            throw new KnowledgeBaseException(source + ": " + label + ": field 'types' is missing; list the entity"
                    + " types the rule applies to, e.g. types: [COUNTRY] (one or more of " + TYPES + ").");
        }
        Set<EntityType> types = EnumSet.noneOf(EntityType.class);
        for (String t : typeNames) {
            try {
                EntityType type = EntityType.valueOf(t.trim().toUpperCase(Locale.ROOT));
                if (type == EntityType.PLACE) {
                    throw new IllegalArgumentException("rules for places go in the places: section");
                }
                types.add(type);
            } catch (IllegalArgumentException e) {
                throw new KnowledgeBaseException(source + ": " + label + ": field 'types' names '" + t
                        + "', which is not one of " + TYPES + ".");
            }
        }
        List<String> kinds = strings(source, label, "kinds", r.get("kinds"), warnings);
        for (String k : kinds) {
            if (!FORM_KINDS.contains(k)) {
                throw new KnowledgeBaseException(source + ": " + label + ": field 'kinds' names '" + k
                        + "'; allowed kinds are " + String.join(", ", FORM_KINDS) + ".");
            }
        }
        ContextRule rule = rule(source, label, r, List.of(), warnings);
        return new SharedRule(source, n, types, kinds, rule);
    }

    /** The rule fields of a context or shared rule (forms are given by the caller). */
    static ContextRule rule(String source, String ruleLabel, JsonNode r, List<String> forms, List<String> warnings) {
        boolean nextToName = bool(source, ruleLabel, "not_next_to_name", r.get("not_next_to_name"));
        boolean inCapitals = bool(source, ruleLabel, "in_capitals", r.get("in_capitals"));
        ContextRule rule = new ContextRule(
                forms,
                strings(source, ruleLabel, "not_after", r.get("not_after"), warnings),
                strings(source, ruleLabel, "not_before", r.get("not_before"), warnings),
                nextToName,
                strings(source, ruleLabel, "not_with", r.get("not_with"), warnings),
                strings(source, ruleLabel, "unless_with", r.get("unless_with"), warnings),
                strings(source, ruleLabel, "not_in_name_after", r.get("not_in_name_after"), warnings),
                strings(source, ruleLabel, "not_in_name_before", r.get("not_in_name_before"), warnings),
                inCapitals,
                strings(source, ruleLabel, "evidence_after", r.get("evidence_after"), warnings));
        if (!rule.hasLocalCondition()
                && rule.notWith().isEmpty()
                && rule.evidenceAfter().isEmpty()) {
            warnings.add(source + ": " + ruleLabel + ": has no condition (not_after, not_before,"
                    + " not_next_to_name, not_with, not_in_name_after, not_in_name_before or evidence_after)"
                    + " and never vetoes a match");
        }
        return rule;
    }

    private static boolean bool(String source, String ruleLabel, String field, JsonNode node) {
        if (node != null && !node.isBoolean()) {
            throw new KnowledgeBaseException(source + ": " + ruleLabel + ": field '" + field + "' must be"
                    + " true or false (was " + kind(node) + " '" + node.asText() + "').");
        }
        return node != null && node.booleanValue();
    }

    private static EntityDefinition entry(String source, int position, JsonNode entry, List<String> warnings) {
        String label = "entry #" + position;
        if (!entry.isObject()) {
            throw new KnowledgeBaseException(source + ": " + label + ": must be a mapping with id, type and name"
                    + " (found " + kind(entry) + ").");
        }
        JsonNode idNode = entry.get("id");
        String id = null;
        if (idNode != null && idNode.isTextual() && !idNode.asText().isBlank()) {
            id = idNode.asText().trim();
            label = "entry '" + id + "'";
        }
        String where = source + ": " + label + ": ";
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ENTRY_FIELDS.contains(f)) {
                throw new KnowledgeBaseException(where + "unknown field '" + f + "'; allowed fields are "
                        + String.join(", ", ENTRY_FIELDS) + ".");
            }
        }
        if (id == null) {
            if (idNode == null
                    || idNode.isNull()
                    || (idNode.isTextual() && idNode.asText().isBlank())) {
                throw new KnowledgeBaseException(where + "field 'id' is missing; add a unique id: the ISO 3166-1"
                        + " alpha-2 code for a country (e.g. PK), else a slug such as org:haqqani-network"
                        + " or person:hamid-karzai.");
            }
            throw new KnowledgeBaseException(where + "field 'id' must be text (was " + kind(idNode) + " '"
                    + idNode.asText() + "'); quote it, e.g. id: \"NO\".");
        }
        JsonNode typeNode = entry.get("type");
        if (typeNode == null || typeNode.isNull() || typeNode.asText().isBlank()) {
            throw new KnowledgeBaseException(where + "field 'type' is missing; set it to one of " + TYPES + ".");
        }
        EntityType type;
        try {
            type = EntityType.valueOf(typeNode.asText().trim().toUpperCase(Locale.ROOT));
            if (type == EntityType.PLACE) {
                throw new IllegalArgumentException("places come from the gazetteer");
            }
        } catch (IllegalArgumentException e) {
            throw new KnowledgeBaseException(
                    where + "field 'type' must be one of " + TYPES + " (was '" + typeNode.asText() + "')");
        }
        if (type == EntityType.COUNTRY && !COUNTRY_ID.matcher(id).matches()) {
            throw new KnowledgeBaseException(where + "field 'id' of a COUNTRY must be its ISO 3166-1 alpha-2 code"
                    + " in capitals, e.g. PK, or the four-letter ISO 3166-3 code of a country that no longer"
                    + " exists, e.g. SUHH (was '" + id + "').");
        }
        if (type != EntityType.COUNTRY && !SLUG_ID.matcher(id).matches()) {
            throw new KnowledgeBaseException(where + "field 'id' of an " + type + " must be a lower-case slug"
                    + " 'kind:name', e.g. org:haqqani-network or person:hamid-karzai (was '" + id + "').");
        }
        JsonNode nameNode = entry.get("name");
        if (nameNode == null
                || nameNode.isNull()
                || !nameNode.isValueNode()
                || nameNode.asText().isBlank()) {
            throw new KnowledgeBaseException(
                    where + "field 'name' is missing; give the canonical English name," + " e.g. name: \"Pakistan\".");
        }
        EntityDefinition d = new EntityDefinition(
                id,
                type,
                nameNode.asText().trim(),
                strings(source, label, "aliases", entry.get("aliases"), warnings),
                strings(source, label, "capitalized_aliases", entry.get("capitalized_aliases"), warnings),
                strings(source, label, "case_sensitive_aliases", entry.get("case_sensitive_aliases"), warnings),
                strings(source, label, "demonyms", entry.get("demonyms"), warnings),
                strings(source, label, "capitals", entry.get("capitals"), warnings),
                strings(source, label, "prefixes", entry.get("prefixes"), warnings),
                source,
                null,
                strings(source, label, "surnames", entry.get("surnames"), warnings));
        JsonNode context = entry.get("context");
        if (context == null || context.isNull()) {
            return d;
        }
        if (!context.isArray()) {
            throw new KnowledgeBaseException(where + "field 'context' must be a list of rules (each starting with"
                    + " '- forms: [...]'), found " + kind(context) + ".");
        }
        Set<String> forms =
                d.allForms().stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<ContextRule> rules = new ArrayList<>();
        int n = 0;
        for (JsonNode r : context) {
            n++;
            String ruleLabel = label + ": context rule " + n;
            if (!r.isObject()) {
                throw new KnowledgeBaseException(source + ": " + ruleLabel + ": must be a mapping with fields "
                        + String.join(", ", CONTEXT_FIELDS) + " (found " + kind(r) + ").");
            }
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!CONTEXT_FIELDS.contains(f)) {
                    throw new KnowledgeBaseException(source + ": " + ruleLabel + ": unknown field '" + f
                            + "'; allowed fields are " + String.join(", ", CONTEXT_FIELDS) + ".");
                }
            }
            List<String> ruleForms = strings(source, ruleLabel, "forms", r.get("forms"), warnings);
            for (String f : ruleForms) {
                if (!forms.contains(f.toLowerCase(Locale.ROOT))) {
                    throw new KnowledgeBaseException(source + ": " + ruleLabel + ": field 'forms' names '" + f
                            + "', which is not a name, alias, demonym, capital, prefix or surname of this entry; list"
                            + " only the entry's own forms.");
                }
            }
            ContextRule rule = rule(source, ruleLabel, r, ruleForms, warnings);
            rules.add(rule);
        }
        return d.withContextRules(rules);
    }

    static List<String> strings(String source, String label, String field, JsonNode node, List<String> warnings) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return node.asText().isBlank() ? List.of() : List.of(node.asText().trim());
        }
        if (!node.isArray()) {
            throw new KnowledgeBaseException(
                    source + ": " + label + ": field '" + field + "' must be a list of strings, e.g. " + field
                            + ": [\"...\", \"...\"] (found " + kind(node) + ").");
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : (ArrayNode) node) {
            i++;
            if (!item.isTextual()) {
                throw new KnowledgeBaseException(source + ": " + label + ": field '" + field + "' item " + i
                        + " must be a string (was " + kind(item) + " '" + item.asText()
                        + "'); quote it, e.g. \"" + item.asText() + "\".");
            }
            String s = item.asText().trim();
            if (s.isEmpty()) {
                warnings.add(source + ": " + label + ": field '" + field + "' item " + i + " is blank and was ignored");
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isNull()) {
            return "null";
        }
        return "text";
    }
}
