package io.comention.pipeline;

import io.comention.config.ComentionConfig;
import io.comention.model.Article;
import io.comention.model.ControlMessage;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import io.comention.tagging.EntityDefinition;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import io.comention.tagging.PlaceOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tags the entities each article names, with the bundled knowledge base or the configured directory,
 * plus the entity changes from {@code news.control} (broadcast state). A change rebuilds the matcher
 * once, before the next article is tagged.
 */
public final class TagEntities extends BroadcastProcessFunction<Article, ControlMessage, TaggedArticle> {

    private static final long serialVersionUID = 3L;

    /** A directory of knowledge-base files, or {@code null} for the bundled ones. */
    private final String entitiesDir;
    /** Places below the country (configuration tagging.places). */
    private final PlaceOptions places;

    private transient KnowledgeBase configured;
    private transient EntityTagger tagger;
    private transient Counter tagged;
    private transient Counter entitiesFound;

    public TagEntities(String entitiesDir) {
        this(entitiesDir, PlaceOptions.OFF);
    }

    /** The tagger's place options from the configuration's {@code tagging.places}. */
    public static PlaceOptions places(ComentionConfig.Places p) {
        return p == null ? PlaceOptions.OFF : new PlaceOptions(p.enabled(), p.minPopulation(), p.countVia());
    }

    public TagEntities(String entitiesDir, PlaceOptions places) {
        this.entitiesDir = entitiesDir;
        this.places = places;
    }

    @Override
    public void open(OpenContext openContext) {
        configured = entitiesDir == null
                ? KnowledgeBase.loadDefault(places)
                : KnowledgeBase.loadDirectory(Path.of(entitiesDir), places);
        tagged = getRuntimeContext().getMetricGroup().counter(Metrics.ARTICLES_TAGGED);
        entitiesFound = getRuntimeContext().getMetricGroup().counter(Metrics.ENTITIES_FOUND);
    }

    @Override
    public void processElement(Article article, ReadOnlyContext ctx, Collector<TaggedArticle> out) throws Exception {
        if (tagger == null) {
            tagger = new EntityTagger(withChanges(configured, ctx.getBroadcastState(ControlState.DESCRIPTOR)));
        }
        List<TaggedEntity> entities = tagger.tag(article.title(), article.body());
        tagged.inc();
        entitiesFound.inc(entities.size());
        out.collect(new TaggedArticle(article, entities, null));
    }

    @Override
    public void processBroadcastElement(ControlMessage message, Context ctx, Collector<TaggedArticle> out)
            throws Exception {
        if (!message.isEntityChange()) {
            return;
        }
        ctx.getBroadcastState(ControlState.DESCRIPTOR).put(message.stateKey(), message);
        tagger = null;
    }

    /** The configured knowledge base with every entity upsert and delete applied. */
    static KnowledgeBase withChanges(KnowledgeBase base, ReadOnlyBroadcastState<String, ControlMessage> control)
            throws Exception {
        Map<String, EntityDefinition> byId = new LinkedHashMap<>();
        base.definitions().forEach(d -> byId.put(d.id(), d));
        boolean changed = false;
        for (Map.Entry<String, ControlMessage> e : control.immutableEntries()) {
            ControlMessage m = e.getValue();
            if (m.action() == ControlMessage.Action.DELETE_ENTITY) {
                changed |= byId.remove(m.id()) != null;
            } else if (m.action() == ControlMessage.Action.UPSERT_ENTITY) {
                byId.put(
                        m.id(),
                        new EntityDefinition(
                                m.id(),
                                m.entityType(),
                                m.name(),
                                m.aliases(),
                                null,
                                m.caseSensitiveAliases(),
                                null,
                                null,
                                null,
                                "news.control " + m.stateKey()));
                changed = true;
            }
        }
        return changed ? base.withDefinitions(new ArrayList<>(byId.values())) : base; // keeps the places
    }
}
