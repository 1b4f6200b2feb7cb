package io.comention.pipeline;

import io.comention.model.EntityMention;
import io.comention.model.EntityType;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import java.time.Instant;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Each counted article as one mention of every entity it names, and one of {@link EntityMention#ALL_ARTICLES}. */
public final class ToEntityMentions implements FlatMapFunction<TaggedArticle, EntityMention> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(TaggedArticle tagged, Collector<EntityMention> out) {
        Instant time = tagged.article().eventTime();
        out.collect(new EntityMention(EntityMention.ALL_ARTICLES, time));
        for (TaggedEntity e : tagged.entities()) {
            if (e.type() != EntityType.PLACE) { // places are not counted (CountedArticle)
                out.collect(new EntityMention(e.id(), time));
            }
        }
    }
}
