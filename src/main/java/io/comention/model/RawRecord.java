package io.comention.model;

import java.io.Serializable;

/**
 * A Kafka record exactly as read: key and value bytes untouched (either may be {@code null}), with its
 * coordinates, so a record that cannot be processed can be dead-lettered byte for byte.
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value)
        implements Serializable {}
