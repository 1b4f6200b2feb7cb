package io.comention.model;

/** The kinds of entity the knowledge base knows. */
public enum EntityType {
    COUNTRY,
    ORGANIZATION,
    PERSON,
    /** A city or first-level region from the gazetteer; its {@link TaggedEntity#country()} says whose. */
    PLACE
}
