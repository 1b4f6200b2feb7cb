package io.comention.model;

import java.util.List;

/**
 * An entity found in one article: how often it is mentioned, how central it is to the article
 * (salience, 0..1, title and lead weigh more) and where each mention sits.
 *
 * <p>{@code country} is set on a {@code PLACE} only: the ISO code of the country it lies in. {@code via}
 * is set on a {@code COUNTRY} the article names only through places (a story datelined Quetta that never
 * writes "Pakistan"): the names of those places as written; its spans are then the places' spans. Both
 * are {@code null} otherwise, and absent from the JSON of {@code news.tagged}.
 */
public record TaggedEntity(
        String id,
        EntityType type,
        String name,
        int mentions,
        double salience,
        List<Span> spans,
        String country,
        List<String> via) {

    /** An entity named directly (no place country, no via). */
    public TaggedEntity(String id, EntityType type, String name, int mentions, double salience, List<Span> spans) {
        this(id, type, name, mentions, salience, spans, null, null);
    }

    public EntityRef ref() {
        return new EntityRef(id, name, type);
    }

    /** Whether this is a country named only through places. */
    public boolean viaPlacesOnly() {
        return via != null && !via.isEmpty();
    }
}
