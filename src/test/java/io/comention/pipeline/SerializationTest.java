package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.analytics.CombinationState;
import io.comention.analytics.SampleArticle;
import io.comention.model.Alert;
import io.comention.model.AlertVerdict;
import io.comention.model.CoveredCombination;
import io.comention.model.Article;
import io.comention.model.ArticleRef;
import io.comention.model.CountedArticle;
import io.comention.model.CombinationEvent;
import io.comention.model.ControlMessage;
import io.comention.model.FingerprintedArticle;
import io.comention.model.FrequencyEvent;
import io.comention.model.LiftPart;
import io.comention.model.CountUpdate;
import io.comention.model.DeadLetter;
import io.comention.model.EntityRef;
import io.comention.model.RawRecord;
import io.comention.model.Span;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type that flows between operators or sits in state is a Flink POJO: no Kryo fallback. */
class SerializationTest {

    @ParameterizedTest
    @ValueSource(classes = {
        RawRecord.class, Article.class, DeadLetter.class, TaggedArticle.class, TaggedEntity.class, Span.class,
        EntityRef.class, ArticleRef.class, CombinationEvent.class, CountUpdate.class, Alert.class,
        CombinationState.class, SampleArticle.class, ControlMessage.class, FingerprintedArticle.class,
        FrequencyEvent.class, LiftPart.class, FlagNearDuplicates.Seen.class, CountedArticle.class,
        AlertVerdict.class, CoveredCombination.class, GroupAlerts.Pending.class
    })
    void isSerializedAsPojoWithoutKryo(Class<?> type) {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
    }
}
