package io.comention.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.comention.analytics.Horizon;
import io.comention.model.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML configuration into records with Jackson: snake_case keys, durations in the short form of
 * {@link Durations}, unknown keys refused, and a user's file laid over the bundled one so every default
 * is written once, in the bundled file. Every mistake becomes one {@link ConfigException} line naming the
 * file, the dotted path of the field and what it must be.
 */
final class ConfigReader {

    private ConfigReader() {}

    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .addModule(new SimpleModule("comention-config")
                    .addDeserializer(Duration.class, new DurationDeserializer())
                    .addDeserializer(Horizon.class, new HorizonDeserializer()))
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // numbers and booleans are not read from text ("two" is no whole number); text takes any scalar
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Boolean,
                    c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();

    /** The YAML text as a tree; empty text is an empty mapping. */
    static ObjectNode readTree(String yaml, String file) {
        JsonNode node;
        try {
            node = MAPPER.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigException(file + ": not valid YAML" + yamlProblem(e));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw fail(file, "", "must be a mapping of keys to values, was " + describe(node));
        }
        return (ObjectNode) node;
    }

    /** SnakeYAML's several-line explanation as one line: where, what, and in which construct. */
    private static String yamlProblem(JacksonException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            Mark at = m.getProblemMark();
            Mark from = m.getContextMark();
            return " at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": " + m.getProblem()
                    + (m.getContext() == null
                            ? ""
                            : " (" + m.getContext()
                                    + (from == null
                                            ? ""
                                            : " from line " + (from.getLine() + 1) + ", column "
                                                    + (from.getColumn() + 1))
                                    + ")");
        }
        var at = e.getLocation();
        return (at != null ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "") + ": "
                + e.getOriginalMessage().lines().findFirst().orElse("");
    }

    /**
     * Lays {@code user} over {@code base}: mappings merge key by key, anything else (a value, a list)
     * replaces; a key left empty keeps the base's value.
     */
    static void mergeOnto(ObjectNode base, ObjectNode user) {
        user.properties().forEach(e -> {
            JsonNode mine = e.getValue();
            JsonNode theirs = base.get(e.getKey());
            if (mine.isNull()) {
                return;
            }
            if (mine.isObject() && theirs != null && theirs.isObject()) {
                mergeOnto((ObjectNode) theirs, (ObjectNode) mine);
            } else {
                base.set(e.getKey(), mine);
            }
        });
    }

    /**
     * Binds {@code tree}, read from {@code file}, to {@code type}.
     *
     * @param complete whether every key must be present: true for a tree laid over the bundled file, which
     *     has them all (so a key missing from the bundled file fails every test)
     */
    static <T> T bind(JsonNode tree, Class<T> type, String file, boolean complete) {
        ObjectReader reader = MAPPER.readerFor(type);
        reader = complete
                ? reader.with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                : reader.without(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
        try {
            return reader.readValue(tree);
        } catch (JsonMappingException e) {
            throw explain(e, tree, file);
        } catch (JacksonException e) {
            throw fail(file, "", e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a tree in memory has no I/O to fail
        }
    }

    static ConfigException fail(String file, String path, String problem) {
        return new ConfigException(file + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** Jackson's exception as one line: the dotted path, and what the value must be. */
    private static ConfigException explain(JsonMappingException e, JsonNode tree, String file) {
        StringBuilder path = new StringBuilder();
        JsonPointer pointer = JsonPointer.empty();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
                pointer = pointer.appendIndex(r.getIndex());
            } else if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
                pointer = pointer.appendProperty(r.getFieldName());
            }
        }
        String at = path.toString();
        if (e instanceof UnrecognizedPropertyException u) {
            return fail(file, at, "unknown key; known keys here: " + sorted(u.getKnownPropertyIds()));
        }
        if (e instanceof MismatchedInputException m) {
            JsonNode value = tree.at(pointer);
            Class<?> target = m.getTargetType();
            if (value.isMissingNode()) {
                return fail(file, at, "is required");
            }
            if (target == Duration.class || target == Horizon.class) {
                return fail(file, at, m.getOriginalMessage());
            }
            if (target != null) {
                return fail(file, at, "must be " + expected(target) + ", was " + describe(value));
            }
        }
        return fail(file, at, e.getOriginalMessage());
    }

    private static String expected(Class<?> target) {
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
            return "a whole number";
        }
        if (target == double.class || target == Double.class) {
            return "a number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "a text value";
        }
        if (Collection.class.isAssignableFrom(target)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(target)) {
            return "a mapping of names to values";
        }
        return "a mapping of keys to values";
    }

    /** How a value reads in a message: its kind, and a scalar's text. */
    static String describe(JsonNode value) {
        return value.isValueNode() ? kind(value) + " '" + value.asText() + "'" : kind(value);
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String sorted(Collection<Object> keys) {
        return keys.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    /** The one reader of durations in configuration: {@link Durations#parse}, with its message on a mistake. */
    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            if (!node.isTextual()) {
                throw InvalidFormatException.from(
                        p,
                        "must be a duration such as 30s, 15m, 1h or 7d, was " + describe(node),
                        node.asText(),
                        Duration.class);
            }
            try {
                return Durations.parse(node.asText());
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), node.asText(), Duration.class);
            }
        }
    }

    /** A counted horizon, written as its duration ({@code 15m}) and labelled the way the counts topic shows it. */
    private static final class HorizonDeserializer extends JsonDeserializer<Horizon> {
        @Override
        public Horizon deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Horizon.of(ctxt.readValue(p, Duration.class));
        }
    }
}
