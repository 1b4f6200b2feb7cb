package io.comention.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.model.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one YAML section with exact error messages: every read names its dotted path, unknown keys are
 * refused with the list of known ones, and wrong types say what was expected.
 */
final class ConfigReader {

    private final String file;
    private final String path;
    private final JsonNode node;
    private final Set<String> known = new TreeSet<>();

    ConfigReader(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (node != null && !node.isNull() && !node.isObject()) {
            throw fail(path, "must be a mapping of keys to values");
        }
    }

    ConfigException fail(String field, String problem) {
        return new ConfigException(file + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
    }

    private String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private JsonNode get(String key) {
        known.add(key);
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    ConfigReader section(String key) {
        return new ConfigReader(file, at(key), get(key));
    }

    String string(String key, String dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isValueNode() || v.isContainerNode()) {
            throw fail(at(key), "must be a text value, was " + kind(v));
        }
        return v.asText();
    }

    String requiredString(String key) {
        String s = string(key, null);
        if (s == null || s.isBlank()) {
            throw fail(at(key), "is required");
        }
        return s;
    }

    int integer(String key, int dflt, int min, int max) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber()) {
            throw fail(at(key), "must be a whole number, was " + kind(v) + " '" + v.asText() + "'");
        }
        long n = v.asLong();
        if (n < min || n > max) {
            throw fail(at(key), "must be between " + min + " and " + max + ", was " + n);
        }
        return (int) n;
    }

    double decimal(String key, double dflt, double min, double max) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw fail(at(key), "must be a number, was " + kind(v) + " '" + v.asText() + "'");
        }
        double d = v.asDouble();
        if (d < min || d > max) {
            throw fail(at(key), "must be between " + min + " and " + max + ", was " + d);
        }
        return d;
    }

    boolean bool(String key, boolean dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw fail(at(key), "must be true or false, was '" + v.asText() + "'");
        }
        return v.asBoolean();
    }

    Duration duration(String key, String dflt) {
        return duration(key, dflt, false);
    }

    /** A duration where zero is meaningful (e.g. no warm-up): {@code 0s} is accepted. */
    Duration durationOrZero(String key, String dflt) {
        return duration(key, dflt, true);
    }

    private Duration duration(String key, String dflt, boolean zeroAllowed) {
        JsonNode v = get(key);
        String text = v == null ? dflt : v.asText();
        if (v != null && !v.isTextual()) {
            throw fail(at(key), "must be a duration such as 30s, 15m, 1h or 7d, was " + kind(v) + " '" + v.asText() + "'");
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isZero() && !zeroAllowed) {
                throw fail(at(key), "must be longer than zero");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw fail(at(key), e.getMessage());
        }
    }

    List<Duration> durations(String key, List<String> dflt) {
        JsonNode v = get(key);
        List<Duration> out = new ArrayList<>();
        if (v == null) {
            dflt.forEach(s -> out.add(Durations.parse(s)));
            return out;
        }
        if (!v.isArray() || v.isEmpty()) {
            throw fail(at(key), "must be a non-empty list of durations such as [15m, 1h, 24h]");
        }
        for (int i = 0; i < v.size(); i++) {
            try {
                out.add(Durations.parse(v.get(i).asText()));
            } catch (IllegalArgumentException e) {
                throw fail(at(key) + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    List<String> strings(String key) {
        JsonNode v = get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw fail(at(key), "must be a list, was " + kind(v));
        }
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    Map<String, String> stringMap(String key) {
        JsonNode v = get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw fail(at(key), "must be a mapping of names to values, was " + kind(v));
        }
        v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    List<ConfigReader> list(String key) {
        JsonNode v = get(key);
        List<ConfigReader> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw fail(at(key), "must be a list, was " + kind(v));
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigReader(file, at(key) + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    String path() {
        return path;
    }

    /** Call after reading a section: refuses keys that nothing read (usually a typo). */
    void refuseUnknownKeys() {
        if (node == null || !node.isObject()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw fail(at(name), "unknown key; known keys here: " + String.join(", ", known));
            }
        }
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase();
    }
}
