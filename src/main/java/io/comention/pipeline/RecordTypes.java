package io.comention.pipeline;

import io.comention.model.Alert;
import io.comention.model.AlertVerdict;
import io.comention.model.Article;
import io.comention.model.ArticleCombinations;
import io.comention.model.CombinationEvent;
import io.comention.model.CountUpdate;
import io.comention.model.CountedArticle;
import io.comention.model.EntityMention;
import io.comention.model.FingerprintedArticle;
import io.comention.model.FrequencyAnswer;
import io.comention.model.FrequencyQuestion;
import io.comention.model.TaggedArticle;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The type information of the records that travel between the job's operators, each with its own compact
 * serializer: the articles on their way through dedup, tagging and the near-duplicate bands, the events
 * once per combination or count update, and the lift's records. Declared where the job produces them
 * (the model package stays free of Flink, so the records cannot name their serializers themselves).
 * Edges only: state keeps the types it declared, so savepoints stay readable.
 */
public final class RecordTypes {

    public static final TypeInformation<CombinationEvent> COMBINATION_EVENT =
            new ImmutableRecordTypeInfo<>(CombinationEvent.class, CombinationEventSerializer.INSTANCE);

    public static final TypeInformation<ArticleCombinations> ARTICLE_COMBINATIONS =
            new ImmutableRecordTypeInfo<>(ArticleCombinations.class, ArticleCombinationsSerializer.INSTANCE);

    public static final TypeInformation<CountUpdate> COUNT_UPDATE =
            new ImmutableRecordTypeInfo<>(CountUpdate.class, CountUpdateSerializer.INSTANCE);

    public static final TypeInformation<AlertVerdict> ALERT_VERDICT =
            new ImmutableRecordTypeInfo<>(AlertVerdict.class, AlertVerdictSerializer.INSTANCE);

    public static final TypeInformation<Article> ARTICLE =
            new ImmutableRecordTypeInfo<>(Article.class, ArticleSerializer.INSTANCE);

    public static final TypeInformation<TaggedArticle> TAGGED_ARTICLE =
            new ImmutableRecordTypeInfo<>(TaggedArticle.class, TaggedArticleSerializer.INSTANCE);

    public static final TypeInformation<FingerprintedArticle> FINGERPRINTED_ARTICLE =
            new ImmutableRecordTypeInfo<>(FingerprintedArticle.class, FingerprintedArticleSerializer.INSTANCE);

    public static final TypeInformation<CountedArticle> COUNTED_ARTICLE =
            new ImmutableRecordTypeInfo<>(CountedArticle.class, CountedArticleSerializer.INSTANCE);

    public static final TypeInformation<EntityMention> ENTITY_MENTION =
            new ImmutableRecordTypeInfo<>(EntityMention.class, EntityMentionSerializer.INSTANCE);

    public static final TypeInformation<Alert> ALERT =
            new ImmutableRecordTypeInfo<>(Alert.class, AlertSerializer.INSTANCE);

    public static final TypeInformation<FrequencyQuestion> FREQUENCY_QUESTION =
            new ImmutableRecordTypeInfo<>(FrequencyQuestion.class, FrequencyQuestionSerializer.INSTANCE);

    public static final TypeInformation<FrequencyAnswer> FREQUENCY_ANSWER =
            new ImmutableRecordTypeInfo<>(FrequencyAnswer.class, FrequencyAnswerSerializer.INSTANCE);

    private RecordTypes() {}
}
