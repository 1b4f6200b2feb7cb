package io.comention.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comention.model.ControlMessage.Action;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and writes {@code news.control} messages. The wire form, one JSON object per record, keyed by
 * {@code <family>:<id>} so the compacted topic keeps the latest change per object:
 * <pre>
 * {"schema": 1, "action": "upsert_rule", "rule": {"id": "x", "entities": ["AF", "PK"], "horizon": "1h", "threshold": 3}}
 * {"schema": 1, "action": "upsert_watchlist", "watchlist": {"id": "gulf", "entities": ["IR", "SA", "US"], "lookback": "7d"}}
 * {"schema": 1, "action": "upsert_entity", "entity": {"id": "org:x", "type": "ORGANIZATION", "name": "X", "aliases": ["…"], "case_sensitive_aliases": ["…"]}}
 * {"schema": 1, "action": "delete_rule" | "delete_watchlist" | "delete_entity", "id": "x"}
 * </pre>
 */
public final class ControlParser {

    private ControlParser() {}

    /** A message that is not a valid control message; the text says which field and why. */
    public static final class InvalidControl extends RuntimeException {
        InvalidControl(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads one message; a rule or watchlist must keep {@code limits} (the job's {@code counts.sizes},
     * horizons and retention), exactly as in {@code rules.yaml}.
     */
    public static ControlMessage parse(byte[] value, RuleLimits limits) {
        if (value == null || value.length == 0) {
            throw new InvalidControl("control record has no value");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(new String(value, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new InvalidControl("invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidControl("expected a JSON object");
        }
        String actionText = node.path("action").asText("");
        Action action;
        try {
            action = Action.valueOf(actionText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidControl("field 'action' must be one of upsert_rule, delete_rule, upsert_watchlist, "
                    + "delete_watchlist, upsert_entity, delete_entity; was '" + actionText + "'");
        }
        if (action.isDelete()) {
            return new ControlMessage(
                    action, required(node, "id"), List.of(), 0, 0, 0, null, null, List.of(), List.of());
        }
        String family = action.family();
        JsonNode body = node.path(family);
        if (!body.isObject()) {
            throw new InvalidControl("field '" + family + "' must be an object for " + actionText);
        }
        return switch (action) {
            case UPSERT_RULE -> {
                String id = text(body, "id", family);
                List<String> entities = entities(body, family);
                Duration horizon = duration(body, "horizon", family);
                Integer threshold = wholeNumber(body, "threshold", family);
                refuse(family, limits.checkWatchRule(id, entities, horizon, threshold));
                yield new ControlMessage(
                        action,
                        id,
                        sorted(entities),
                        horizon.toMillis(),
                        threshold,
                        0,
                        null,
                        null,
                        List.of(),
                        List.of());
            }
            case UPSERT_WATCHLIST -> {
                String id = text(body, "id", family);
                List<String> entities = entities(body, family);
                Duration lookback = duration(body, "lookback", family);
                refuse(family, limits.checkWatchlist(id, entities, lookback));
                yield new ControlMessage(
                        action, id, sorted(entities), 0, 0, lookback.toMillis(), null, null, List.of(), List.of());
            }
            default -> {
                EntityType type;
                try {
                    type = EntityType.valueOf(required(body, "type").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new InvalidControl("entity.type must be COUNTRY, ORGANIZATION or PERSON");
                }
                yield new ControlMessage(
                        action,
                        required(body, "id"),
                        List.of(),
                        0,
                        0,
                        0,
                        type,
                        required(body, "name"),
                        strings(body, "aliases"),
                        strings(body, "case_sensitive_aliases"));
            }
        };
    }

    /** The JSON form of a message, as {@link #parse} reads it. */
    public static byte[] write(ControlMessage m) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("schema", Json.SCHEMA_VERSION);
        node.put("action", m.action().name().toLowerCase(Locale.ROOT));
        if (m.action().isDelete()) {
            node.put("id", m.id());
        } else {
            ObjectNode body = node.putObject(m.action().family());
            body.put("id", m.id());
            switch (m.action()) {
                case UPSERT_RULE -> {
                    putStrings(body, "entities", m.entities());
                    body.put("horizon", Durations.format(Duration.ofMillis(m.horizonMillis())));
                    body.put("threshold", m.threshold());
                }
                case UPSERT_WATCHLIST -> {
                    putStrings(body, "entities", m.entities());
                    body.put("lookback", Durations.format(Duration.ofMillis(m.lookbackMillis())));
                }
                default -> {
                    body.put("type", m.entityType().name());
                    body.put("name", m.name());
                    putStrings(body, "aliases", m.aliases());
                    putStrings(body, "case_sensitive_aliases", m.caseSensitiveAliases());
                }
            }
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void putStrings(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    private static String required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidControl("field '" + field + "' is required and must be text");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new InvalidControl("field '" + field + "' must be a list of text");
        }
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static void refuse(String family, Optional<RuleLimits.Problem> problem) {
        problem.ifPresent(p -> {
            throw new InvalidControl(family + "." + p.field() + ": " + p.reason());
        });
    }

    /** A text field, or null when it is missing (the rule check says whether that is allowed). */
    private static String text(JsonNode body, String field, String family) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new InvalidControl(family + "." + field + ": must be text");
        }
        return v.asText();
    }

    private static List<String> entities(JsonNode body, String family) {
        JsonNode v = body.get("entities");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new InvalidControl(family + ".entities: must be a list of entity ids");
        }
        List<String> ids = new ArrayList<>();
        v.forEach(e -> ids.add(e.isValueNode() && !e.isNull() ? e.asText() : null));
        return ids;
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static Duration duration(JsonNode body, String field, String family) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Durations.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidControl(family + "." + field + ": " + e.getMessage());
        }
    }

    private static Integer wholeNumber(JsonNode body, String field, String family) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidControl(family + "." + field + ": must be a whole number, was '" + v.asText() + "'");
        }
        return v.asInt();
    }
}
