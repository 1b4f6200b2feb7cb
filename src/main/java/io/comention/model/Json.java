package io.comention.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON codecs for every record on the wire: snake_case names, ISO-8601 UTC times, a {@code schema}
 * version on every output record. One shared, thread-safe mapper; nothing is built per record.
 */
public final class Json {

    /** The version written into the {@code schema} field of every output record. */
    public static final int SCHEMA_VERSION = 1;

    /** Articles nest nothing; deeper input is refused early rather than parsed. */
    static final int MAX_NESTING_DEPTH = 64;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build());
    }

    private Json() {}

    public static byte[] tagged(TaggedArticle tagged) {
        Article a = tagged.article();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schema", SCHEMA_VERSION);
        node.put("id", a.id());
        putIfPresent(node, "url", a.url());
        putIfPresent(node, "source", a.source());
        if (a.publishedAt() != null) {
            node.put("published_at", a.publishedAt().toString());
        }
        node.put("event_time", a.eventTime().toString());
        putIfPresent(node, "language", a.language());
        putIfPresent(node, "title", a.title());
        putIfPresent(node, "body", a.body());
        // a near-copy names the article it repeats (README: news.tagged); the field is absent otherwise
        putIfPresent(node, "duplicate_of", tagged.duplicateOf());
        ArrayNode entities = node.putArray("entities");
        for (TaggedEntity e : tagged.entities()) {
            entities.add(MAPPER.valueToTree(e));
        }
        return bytes(node);
    }

    public static byte[] countUpdate(CountUpdate update) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schema", SCHEMA_VERSION);
        node.setAll((ObjectNode) MAPPER.valueToTree(update));
        return bytes(node);
    }

    public static byte[] alert(Alert alert) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schema", SCHEMA_VERSION);
        node.setAll((ObjectNode) MAPPER.valueToTree(alert));
        return bytes(node);
    }

    public static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
