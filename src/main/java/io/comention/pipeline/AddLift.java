package io.comention.pipeline;

import io.comention.analytics.Explanations;
import io.comention.model.Alert;
import io.comention.model.EntityMention;
import io.comention.model.EntityRef;
import io.comention.model.FrequencyAnswer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by alert id: meets each alert (input 1) with the answers to its frequency questions (input 2),
 * the article counts of each of its entities and of all articles in its window, in whichever order they
 * come, and emits the alert with its lift: how many times more often the entities were named together
 * than their own frequencies predict, {@code (n_together / N) / Π (n_entity / N)}.
 *
 * <p>The alert is complete when an answer has come for every entity it names and for
 * {@link EntityMention#ALL_ARTICLES}; its state is then cleared. Both states have a TTL of a day, a guard
 * for an alert whose answers never come (they always do: each question is answered at once).
 */
public final class AddLift extends KeyedCoProcessFunction<String, Alert, FrequencyAnswer, Alert> {

    private static final long serialVersionUID = 1L;

    /** The key of input 1. */
    public static final KeySelector<Alert, String> ALERT_KEY = new AlertId();

    /** The key of input 2. */
    public static final KeySelector<FrequencyAnswer, String> ANSWER_KEY = new AnswerAlertId();

    /** Lifts from this value up are worth a sentence in the explanation. */
    static final double MENTION_LIFT_FROM = 2.0;

    /** How long an incomplete alert is kept. */
    static final Duration KEEP_INCOMPLETE = Duration.ofDays(1);

    private transient ValueState<Alert> alert;
    /** Articles counted per entity id in the alert's window, as answered so far. */
    private transient MapState<String, Long> answers;

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl =
                StateTtlConfig.newBuilder(KEEP_INCOMPLETE).cleanupFullSnapshot().build();
        ValueStateDescriptor<Alert> alertDescriptor =
                new ValueStateDescriptor<>("alert", TypeInformation.of(Alert.class));
        alertDescriptor.enableTimeToLive(ttl);
        alert = getRuntimeContext().getState(alertDescriptor);
        MapStateDescriptor<String, Long> answersDescriptor =
                new MapStateDescriptor<>("answers", Types.STRING, Types.LONG);
        answersDescriptor.enableTimeToLive(ttl);
        answers = getRuntimeContext().getMapState(answersDescriptor);
    }

    @Override
    public void processElement1(Alert incoming, Context ctx, Collector<Alert> out) throws Exception {
        alert.update(incoming);
        emitIfComplete(out);
    }

    @Override
    public void processElement2(FrequencyAnswer answer, Context ctx, Collector<Alert> out) throws Exception {
        answers.put(answer.entityId(), answer.count());
        emitIfComplete(out);
    }

    private void emitIfComplete(Collector<Alert> out) throws Exception {
        Alert waiting = alert.value();
        if (waiting == null || !answers.contains(EntityMention.ALL_ARTICLES)) {
            return;
        }
        Map<String, Long> counts = new HashMap<>();
        counts.put(EntityMention.ALL_ARTICLES, answers.get(EntityMention.ALL_ARTICLES));
        for (EntityRef e : waiting.entities()) {
            Long count = answers.get(e.id());
            if (count == null) {
                return;
            }
            counts.put(e.id(), count);
        }
        alert.clear();
        answers.clear();
        out.collect(withLift(waiting, counts));
    }

    /** {@code alert} with the lift that {@code counts} (articles per entity id, and in all) give it. */
    static Alert withLift(Alert alert, Map<String, Long> counts) {
        // the answers count the articles seen so far, and the mentions of the article that raised the
        // alert may still be on their way there: an entity was named at least as often as the combination
        double together = alert.count();
        double total = Math.max(counts.getOrDefault(EntityMention.ALL_ARTICLES, 0L), together);
        double expectedShare = 1.0;
        for (EntityRef e : alert.entities()) {
            double named = Math.min(Math.max(counts.getOrDefault(e.id(), 0L), together), total);
            expectedShare *= named / Math.max(total, 1);
        }
        if (total <= 0 || expectedShare <= 0) {
            return alert;
        }
        double lift = Math.round((alert.count() / total) / expectedShare * 10.0) / 10.0;
        // a lift near 1 says nothing a reader needs; the field still carries it
        String explanation =
                lift >= MENTION_LIFT_FROM ? alert.explanation() + Explanations.lift(lift) : alert.explanation();
        return alert.withLift(lift, explanation);
    }

    private static final class AlertId implements KeySelector<Alert, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Alert alert) {
            return alert.alertId();
        }
    }

    private static final class AnswerAlertId implements KeySelector<FrequencyAnswer, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(FrequencyAnswer answer) {
            return answer.alertId();
        }
    }
}
