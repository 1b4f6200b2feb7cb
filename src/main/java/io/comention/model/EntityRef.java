package io.comention.model;

/** An entity named by id, with its display name and type, as carried in counts and alerts. */
public record EntityRef(String id, String name, EntityType type) {}
