package io.comention.pipeline;

import io.comention.analytics.Fingerprint;
import io.comention.model.FingerprintedArticle;
import io.comention.model.TaggedArticle;
import org.apache.flink.api.common.functions.MapFunction;

/** Adds the fingerprint of an article's title and body, which the near-duplicate bands compare. */
public final class FingerprintArticles implements MapFunction<TaggedArticle, FingerprintedArticle> {

    private static final long serialVersionUID = 1L;

    @Override
    public FingerprintedArticle map(TaggedArticle tagged) {
        return new FingerprintedArticle(
                tagged,
                Fingerprint.of(tagged.article().title(), tagged.article().body()));
    }
}
