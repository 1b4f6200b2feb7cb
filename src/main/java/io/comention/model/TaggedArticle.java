package io.comention.model;

import java.util.List;

/**
 * An article with the entities it names, most salient first: the value of {@code news.tagged}.
 * {@code duplicateOf} names the earlier article this one is a near-copy of (a syndicated wire story
 * under another id), or is {@code null}; near-copies are published but not counted again.
 */
public record TaggedArticle(Article article, List<TaggedEntity> entities, String duplicateOf) {}
