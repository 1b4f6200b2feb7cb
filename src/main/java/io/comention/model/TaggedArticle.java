package io.comention.model;

import java.util.List;

/** An article with the entities it names, most salient first: the value of {@code news.tagged}. */
public record TaggedArticle(Article article, List<TaggedEntity> entities) {}
