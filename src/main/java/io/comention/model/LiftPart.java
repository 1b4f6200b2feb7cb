package io.comention.model;

/**
 * A piece of an alert's lift calculation, keyed by alert id: either the alert itself ({@code alert} set)
 * or one frequency answer: how many articles named {@code entityId} ({@code *} for all articles) in
 * the alert's window.
 */
public record LiftPart(String alertId, Alert alert, String entityId, long count) {}
