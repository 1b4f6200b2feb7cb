package io.comention.pipeline;

import io.comention.analytics.Combinations;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.EntityRef;
import io.comention.model.TaggedArticle;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** One event per combination of the article's most salient distinct entities. */
public final class ToCombinations implements FlatMapFunction<TaggedArticle, CombinationEvent> {

    private static final long serialVersionUID = 1L;

    private final int maxEntities;
    private final int maxEntitiesInLarger;
    private final int minSize;
    private final int maxSize;

    public ToCombinations(int maxEntities, int maxEntitiesInLarger, int minSize, int maxSize) {
        this.maxEntities = maxEntities;
        this.maxEntitiesInLarger = maxEntitiesInLarger;
        this.minSize = minSize;
        this.maxSize = maxSize;
    }

    @Override
    public void flatMap(TaggedArticle tagged, Collector<CombinationEvent> out) {
        ArticleRef ref = ArticleRef.of(tagged.article());
        for (List<EntityRef> combination :
                Combinations.of(tagged.entities(), maxEntities, maxEntitiesInLarger, minSize, maxSize)) {
            out.collect(
                    new CombinationEvent(
                            Combinations.key(combination), combination, ref, tagged.article().eventTime()));
        }
    }
}
