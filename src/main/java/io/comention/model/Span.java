package io.comention.model;

/**
 * One mention of an entity: the article field it sits in ({@code title} or {@code body}) and its
 * character offsets in that field as UTF-16 code units, {@code start} inclusive, {@code end} exclusive
 * (so {@code field.substring(start, end)} equals {@code text}).
 */
public record Span(String field, int start, int end, String text) {}
