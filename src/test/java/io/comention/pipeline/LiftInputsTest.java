package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Alert;
import io.comention.model.Article;
import io.comention.model.EntityMention;
import io.comention.model.EntityType;
import io.comention.model.FrequencyQuestion;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

/** What the lift's two keyed steps are fed: mentions of counted articles, and the alerts' questions. */
class LiftInputsTest {

    static final Instant T0 = AddLiftTest.T0;

    @Test
    void anArticleMentionsEachOfItsEntitiesAndCountsOnceInAll() {
        Article article = new Article("a1", null, "wire", T0, "en", "t", "b", T0);
        TaggedArticle tagged = new TaggedArticle(
                article,
                List.of(
                        new TaggedEntity("AF", EntityType.COUNTRY, "Afghanistan", 2, 0.8, List.of()),
                        new TaggedEntity("PK", EntityType.COUNTRY, "Pakistan", 1, 0.4, List.of())),
                null);
        List<EntityMention> out = new ArrayList<>();
        new ToEntityMentions().flatMap(tagged, new ListCollector<>(out));
        assertThat(out)
                .containsExactly(
                        new EntityMention(EntityMention.ALL_ARTICLES, T0),
                        new EntityMention("AF", T0),
                        new EntityMention("PK", T0));
    }

    @Test
    void anAlertAsksForEachOfItsEntitiesAndForAllArticlesInItsWindow() {
        Alert alert = AddLiftTest.alert(3, T0, T0.plus(Duration.ofHours(1)));
        List<FrequencyQuestion> out = new ArrayList<>();
        new ToFrequencyQuestions().flatMap(alert, new ListCollector<>(out));
        assertThat(out).extracting(FrequencyQuestion::entityId).containsExactly(EntityMention.ALL_ARTICLES, "AF", "PK");
        assertThat(out).allSatisfy(q -> {
            assertThat(q.alertId()).isEqualTo(alert.alertId());
            assertThat(q.windowStart()).isEqualTo(alert.windowStart());
            assertThat(q.windowEnd()).isEqualTo(alert.windowEnd());
        });
    }

    @Test
    void nearCopiesAreSkippedForCounting() {
        Article article = new Article("a2", null, "wire", T0, "en", "t", "b", T0);
        assertThat(new SkipNearDuplicates().filter(new TaggedArticle(article, List.of(), null)))
                .isTrue();
        assertThat(new SkipNearDuplicates().filter(new TaggedArticle(article, List.of(), "a1")))
                .isFalse();
    }
}
