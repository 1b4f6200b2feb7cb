package io.comention.pipeline;

import io.comention.analytics.Explanations;
import io.comention.model.Alert;
import io.comention.model.EntityRef;
import io.comention.model.FrequencyEvent;
import io.comention.model.LiftPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by alert id: waits for the alert and the article counts of each of its entities and of all
 * articles in its window, then emits the alert with its lift: how many times more often the entities
 * were named together than their own frequencies predict,
 * {@code (n_together / N) / Π (n_entity / N)}. The parts are kept under a TTL in case one never comes.
 */
public final class AddLift extends KeyedProcessFunction<String, LiftPart, Alert> {

    private static final long serialVersionUID = 1L;

    /** Lifts from this value up are worth a sentence in the explanation. */
    static final double MENTION_LIFT_FROM = 2.0;

    private transient ListState<LiftPart> parts;

    @Override
    public void open(OpenContext openContext) {
        ListStateDescriptor<LiftPart> descriptor =
                new ListStateDescriptor<>("parts", TypeInformation.of(LiftPart.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(1)).build());
        parts = getRuntimeContext().getListState(descriptor);
    }

    @Override
    public void processElement(LiftPart part, Context ctx, Collector<Alert> out) throws Exception {
        parts.add(part);
        List<LiftPart> all = new ArrayList<>();
        parts.get().forEach(all::add);
        Alert alert = all.stream().map(LiftPart::alert).filter(a -> a != null).findFirst().orElse(null);
        if (alert == null || all.size() < alert.entities().size() + 2) {
            return;
        }
        parts.clear();
        out.collect(withLift(alert, all));
    }

    static Alert withLift(Alert alert, List<LiftPart> parts) {
        // the answers count the articles seen so far, and the mentions of the article that raised the
        // alert may still be on their way there: an entity was named at least as often as the combination
        double together = alert.count();
        double total = Math.max(count(parts, FrequencyEvent.ALL_ARTICLES), together);
        double expectedShare = 1.0;
        for (EntityRef e : alert.entities()) {
            double named = Math.min(Math.max(count(parts, e.id()), together), total);
            expectedShare *= named / Math.max(total, 1);
        }
        if (total <= 0 || expectedShare <= 0) {
            return alert;
        }
        double lift = Math.round((alert.count() / total) / expectedShare * 10.0) / 10.0;
        // a lift near 1 says nothing a reader needs; the field still carries it
        String explanation = lift >= MENTION_LIFT_FROM ? alert.explanation() + Explanations.lift(lift) : alert.explanation();
        return alert.withLift(lift, explanation);
    }

    private static double count(List<LiftPart> parts, String entityId) {
        return parts.stream().filter(p -> p.alert() == null && entityId.equals(p.entityId()))
                .mapToLong(LiftPart::count).findFirst().orElse(0);
    }
}
