package io.comention.pipeline;

import io.comention.model.FingerprintedArticle;
import io.comention.model.TaggedArticle;
import org.apache.flink.api.common.functions.MapFunction;

/** The tagged article again, once the near-duplicate bands have judged it. */
public final class DropFingerprint implements MapFunction<FingerprintedArticle, TaggedArticle> {

    private static final long serialVersionUID = 1L;

    @Override
    public TaggedArticle map(FingerprintedArticle fingerprinted) {
        return fingerprinted.tagged();
    }
}
