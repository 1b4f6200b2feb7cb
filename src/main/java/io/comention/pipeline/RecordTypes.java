package io.comention.pipeline;

import io.comention.model.AlertVerdict;
import io.comention.model.CombinationEvent;
import io.comention.model.CountUpdate;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The type information of the records that cross an edge once per combination or count update, each
 * with its own compact serializer. Declared where the job produces them (the model package stays free of
 * Flink, so the records cannot name their serializers themselves).
 */
public final class RecordTypes {

    public static final TypeInformation<CombinationEvent> COMBINATION_EVENT =
            new ImmutableRecordTypeInfo<>(CombinationEvent.class, CombinationEventSerializer.INSTANCE);

    public static final TypeInformation<CountUpdate> COUNT_UPDATE =
            new ImmutableRecordTypeInfo<>(CountUpdate.class, CountUpdateSerializer.INSTANCE);

    public static final TypeInformation<AlertVerdict> ALERT_VERDICT =
            new ImmutableRecordTypeInfo<>(AlertVerdict.class, AlertVerdictSerializer.INSTANCE);

    private RecordTypes() {}
}
