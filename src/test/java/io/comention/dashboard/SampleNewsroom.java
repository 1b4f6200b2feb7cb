package io.comention.dashboard;

import io.comention.analytics.AlertGrouping;
import io.comention.analytics.AlertRules;
import io.comention.analytics.CoMentionCounter;
import io.comention.analytics.CombinationState;
import io.comention.analytics.Combinations;
import io.comention.config.ComentionConfig;
import io.comention.model.Alert;
import io.comention.model.Article;
import io.comention.model.ArticleParser;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.CountUpdate;
import io.comention.model.EntityRef;
import io.comention.model.Json;
import io.comention.model.RawRecord;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test data that looks like a real newsroom: the bundled demo articles run through the real parser,
 * tagger and co-mention counter (pure Java, no Flink), giving the tagged articles, counts updates and
 * WATCH alerts the job would write, in the job's JSON.
 */
final class SampleNewsroom {

    final List<byte[]> raw = new ArrayList<>();
    final List<byte[]> tagged = new ArrayList<>();
    final List<byte[]> counts = new ArrayList<>();
    final List<byte[]> alerts = new ArrayList<>();
    final List<String> countKeys = new ArrayList<>();
    private Instant latestArticleTime = Instant.MIN;

    /** The newest event time among the tagged articles. */
    Instant latestArticleTime() {
        return latestArticleTime;
    }

    static SampleNewsroom fromBundledFeed() throws IOException {
        ComentionConfig config = ComentionConfig.bundled();
        SampleNewsroom out = new SampleNewsroom();
        List<String> lines;
        try (InputStream in = SampleNewsroom.class.getClassLoader().getResourceAsStream("demo/articles.jsonl")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        }
        ArticleParser parser = new ArticleParser(1 << 20);
        EntityTagger tagger = new EntityTagger(KnowledgeBase.loadDefault());
        List<TaggedArticle> articles = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.raw.add(lines.get(i).getBytes(StandardCharsets.UTF_8));
            Article a = parser.parse(new RawRecord(
                            "news.raw",
                            0,
                            i,
                            System.currentTimeMillis(),
                            null,
                            lines.get(i).getBytes(StandardCharsets.UTF_8)))
                    .article();
            if (a != null) {
                articles.add(new TaggedArticle(a, tagger.tag(a.title(), a.body()), null));
            }
        }
        articles.sort(Comparator.comparing(t -> t.article().eventTime()));
        var c = config.counts();
        CoMentionCounter counter = new CoMentionCounter(c.bucket(), c.horizons(), c.retention());
        AlertRules rules = config.alertRules();
        long observedSince =
                articles.isEmpty() ? 0 : articles.get(0).article().eventTime().toEpochMilli();
        Map<String, CombinationState> states = new HashMap<>();
        for (TaggedArticle t : articles) {
            out.tagged.add(Json.tagged(t));
            if (t.article().eventTime().isAfter(out.latestArticleTime)) {
                out.latestArticleTime = t.article().eventTime();
            }
            List<TaggedEntity> entities = t.entities();
            List<Alert> raised = new ArrayList<>();
            // as the job does: each combination counted on arrival, its counts published, the article's
            // alerts grouped one per story
            for (List<EntityRef> combo : Combinations.of(
                    entities,
                    config.tagging().maxEntitiesPerArticle(),
                    c.maxEntitiesInLarger(),
                    c.minSize(),
                    c.maxSize(),
                    rules::watches)) {
                String key = Combinations.key(combo);
                CombinationState s = states.computeIfAbsent(key, k -> new CombinationState());
                var arrival = counter.add(
                        key,
                        s,
                        new CombinationEvent(
                                key,
                                combo,
                                ArticleRef.of(t.article()),
                                t.article().eventTime()),
                        rules,
                        observedSince,
                        t.article().eventTime());
                raised.addAll(arrival.alerts());
                CountUpdate u = counter.snapshot(
                        key,
                        s,
                        counter.countsAsOf(s),
                        observedSince,
                        t.article().eventTime());
                out.counts.add(Json.countUpdate(u));
                out.countKeys.add(u.key());
            }
            for (Alert a : AlertGrouping.group(raised)) {
                out.alerts.add(Json.alert(a));
            }
        }
        return out;
    }
}
