package io.comention.model;

/** The kinds of entity the knowledge base knows. */
public enum EntityType {
    COUNTRY,
    ORGANIZATION,
    PERSON
}
