package io.comention.pipeline;

import io.comention.model.CountedArticle;
import io.comention.model.TaggedArticle;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

/**
 * The part of a tagged article that counting needs ({@link CountedArticle#of}). It names its own output
 * type, so the edge to the combination step uses the record's compact serializer.
 */
public final class ToCountedArticle
        implements MapFunction<TaggedArticle, CountedArticle>, ResultTypeQueryable<CountedArticle> {

    private static final long serialVersionUID = 1L;

    @Override
    public CountedArticle map(TaggedArticle tagged) {
        return CountedArticle.of(tagged);
    }

    @Override
    public TypeInformation<CountedArticle> getProducedType() {
        return RecordTypes.COUNTED_ARTICLE;
    }
}
