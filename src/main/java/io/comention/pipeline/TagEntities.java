package io.comention.pipeline;

import io.comention.model.Article;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Tags the entities each article names, with the bundled knowledge base or the configured directory. */
public final class TagEntities extends RichMapFunction<Article, TaggedArticle> {

    private static final long serialVersionUID = 1L;

    /** A directory of knowledge-base files, or {@code null} for the bundled ones. */
    private final String entitiesDir;

    private transient EntityTagger tagger;
    private transient Counter tagged;
    private transient Counter entitiesFound;

    public TagEntities(String entitiesDir) {
        this.entitiesDir = entitiesDir;
    }

    @Override
    public void open(OpenContext openContext) {
        KnowledgeBase kb =
                entitiesDir == null ? KnowledgeBase.loadDefault() : KnowledgeBase.loadDirectory(Path.of(entitiesDir));
        tagger = new EntityTagger(kb);
        tagged = getRuntimeContext().getMetricGroup().counter(Metrics.ARTICLES_TAGGED);
        entitiesFound = getRuntimeContext().getMetricGroup().counter(Metrics.ENTITIES_FOUND);
    }

    @Override
    public TaggedArticle map(Article article) {
        List<TaggedEntity> entities = tagger.tag(article.title(), article.body());
        tagged.inc();
        entitiesFound.inc(entities.size());
        return new TaggedArticle(article, entities);
    }
}
