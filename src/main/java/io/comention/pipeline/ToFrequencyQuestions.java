package io.comention.pipeline;

import io.comention.model.Alert;
import io.comention.model.EntityMention;
import io.comention.model.EntityRef;
import io.comention.model.FrequencyQuestion;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The questions an alert's lift needs answered: how many articles in its window named each of its
 * entities, and how many articles there were in all.
 */
public final class ToFrequencyQuestions implements FlatMapFunction<Alert, FrequencyQuestion> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Alert alert, Collector<FrequencyQuestion> out) {
        out.collect(question(alert, EntityMention.ALL_ARTICLES));
        for (EntityRef e : alert.entities()) {
            out.collect(question(alert, e.id()));
        }
    }

    private static FrequencyQuestion question(Alert alert, String entityId) {
        return new FrequencyQuestion(alert.alertId(), entityId, alert.windowStart(), alert.windowEnd());
    }
}
