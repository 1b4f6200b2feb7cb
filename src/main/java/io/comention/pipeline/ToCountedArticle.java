package io.comention.pipeline;

import io.comention.model.CountedArticle;
import io.comention.model.TaggedArticle;
import org.apache.flink.api.common.functions.MapFunction;

/** The part of a tagged article that counting needs ({@link CountedArticle#of}). */
public final class ToCountedArticle implements MapFunction<TaggedArticle, CountedArticle> {

    private static final long serialVersionUID = 1L;

    @Override
    public CountedArticle map(TaggedArticle tagged) {
        return CountedArticle.of(tagged);
    }
}
