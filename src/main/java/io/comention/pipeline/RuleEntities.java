package io.comention.pipeline;

import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import io.comention.config.ComentionConfig;
import io.comention.config.ConfigException;
import io.comention.tagging.EntityDefinition;
import io.comention.tagging.KnowledgeBase;
import java.nio.file.Path;
import java.util.List;

/**
 * Start-up check that every entity id the configured watch rules and watchlists name is in the knowledge
 * base the job tags with. A rule naming an unknown id (a typo such as {@code PAK}, or a name instead of an
 * id) could never fire, and nobody would notice; refusing it at start-up says so at once.
 */
public final class RuleEntities {

    private RuleEntities() {}

    /** The knowledge base the job tags with: the configured directory, else the bundled files. */
    public static KnowledgeBase knowledgeBase(ComentionConfig config) {
        String dir = config.tagging().entitiesDir();
        return dir == null ? KnowledgeBase.loadDefault() : KnowledgeBase.loadDirectory(Path.of(dir));
    }

    /** Throws a {@link ConfigException} naming the first rule and id that the knowledge base lacks. */
    public static void requireKnown(ComentionConfig config) {
        requireKnown(config, knowledgeBase(config));
    }

    static void requireKnown(ComentionConfig config, KnowledgeBase kb) {
        for (WatchRule r : config.rules()) {
            check(kb, config, "watch rule '" + r.id() + "'", r.entities());
        }
        for (Watchlist w : config.watchlists()) {
            check(kb, config, "watchlist '" + w.id() + "'", w.entities());
        }
    }

    private static void check(KnowledgeBase kb, ComentionConfig config, String what, List<String> ids) {
        for (String id : ids) {
            if (kb.definitions().stream().anyMatch(d -> d.id().equals(id))) {
                continue;
            }
            String where = config.tagging().entitiesDir() == null
                    ? "the bundled knowledge base"
                    : "the knowledge base in " + config.tagging().entitiesDir();
            String hint = kb.definitions().stream()
                    .filter(d -> d.id().equalsIgnoreCase(id)
                            || d.name().equalsIgnoreCase(id)
                            || d.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(id)))
                    .map(EntityDefinition::id)
                    .findFirst()
                    .map(known -> "; did you mean '" + known + "'?")
                    .orElse(
                            "; use an entity id (ISO code such as PK, or a slug such as org:taliban) or add the entity to an entities file");
            throw new ConfigException(
                    "rules_file: " + what + " names entity '" + id + "', which is not in " + where + hint);
        }
    }
}
