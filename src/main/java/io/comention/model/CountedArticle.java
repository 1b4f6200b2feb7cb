package io.comention.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the combination step needs of a counted article: the reference quoted in alerts, its event time
 * and its entities with their salience, without the body or the mention spans. It crosses the network
 * to the operator that also reads {@code news.control}, so it is kept small.
 */
public record CountedArticle(ArticleRef article, Instant eventTime, List<TaggedEntity> entities) {

    public static CountedArticle of(TaggedArticle tagged) {
        List<TaggedEntity> slim = new ArrayList<>(tagged.entities().size());
        for (TaggedEntity e : tagged.entities()) {
            if (e.type() == EntityType.PLACE) {
                continue; // a place counts through its country (marked via), not in combinations of its own
            }
            slim.add(new TaggedEntity(e.id(), e.type(), e.name(), e.mentions(), e.salience(), List.of()));
        }
        return new CountedArticle(
                ArticleRef.of(tagged.article()), tagged.article().eventTime(), slim);
    }
}
