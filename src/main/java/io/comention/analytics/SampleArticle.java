package io.comention.analytics;

import io.comention.model.ArticleRef;

/** An article kept as a sample for alerts, with its event time in epoch ms. */
public record SampleArticle(ArticleRef article, long eventTime) {}
