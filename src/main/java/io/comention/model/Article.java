package io.comention.model;

import java.time.Instant;

/**
 * A validated article from {@code news.raw}. {@code eventTime} is {@code publishedAt} when it is present
 * and plausible, else the Kafka record timestamp. Optional fields are {@code null} when absent.
 */
public record Article(
        String id,
        String url,
        String source,
        Instant publishedAt,
        String language,
        String title,
        String body,
        Instant eventTime) {}
