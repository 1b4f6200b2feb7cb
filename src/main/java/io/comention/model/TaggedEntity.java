package io.comention.model;

import java.util.List;

/**
 * An entity found in one article: how often it is mentioned, how central it is to the article
 * (salience, 0..1, title and lead weigh more) and where each mention sits.
 */
public record TaggedEntity(String id, EntityType type, String name, int mentions, double salience, List<Span> spans) {

    public EntityRef ref() {
        return new EntityRef(id, name, type);
    }
}
