package io.comention.pipeline;

import io.comention.model.TaggedArticle;
import org.apache.flink.api.common.functions.FilterFunction;

/** Keeps the articles that are not near-copies of an earlier one: syndicated copies are published but counted once. */
public final class SkipNearDuplicates implements FilterFunction<TaggedArticle> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(TaggedArticle tagged) {
        return tagged.duplicateOf() == null;
    }
}
