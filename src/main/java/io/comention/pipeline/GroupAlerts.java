package io.comention.pipeline;

import io.comention.analytics.AlertGrouping;
import io.comention.model.Alert;
import io.comention.model.AlertVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by article id: collects the verdicts of all the article's combination events (each carries how
 * many there are) and then publishes its alerts one per story ({@link AlertGrouping}). Nothing waits
 * for time: the group is complete when its last verdict arrives, and an article whose verdicts hold no
 * alert publishes nothing. A group whose verdicts never all arrive (they always do; the TTL is a guard)
 * is dropped after a day.
 */
public final class GroupAlerts extends KeyedProcessFunction<String, AlertVerdict, Alert> {

    private static final long serialVersionUID = 1L;

    /** The key this function expects: the id of the article the verdicts are about. */
    public static final KeySelector<AlertVerdict, String> KEY = new VerdictArticleId();

    /** How long a group whose verdicts never all arrive is kept. */
    static final Duration KEEP_INCOMPLETE = Duration.ofDays(1);

    /** An article's verdicts so far: how many came and the alerts among them. */
    public static class Pending {
        public int received;
        public List<Alert> alerts = new ArrayList<>();

        public Pending() {}
    }

    private transient ValueState<Pending> pending;
    private transient Map<Alert.AlertKind, Counter> alertsByKind;

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Pending> descriptor =
                new ValueStateDescriptor<>("verdicts", TypeInformation.of(Pending.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(KEEP_INCOMPLETE).cleanupFullSnapshot().build());
        pending = getRuntimeContext().getState(descriptor);
        alertsByKind = new EnumMap<>(Alert.AlertKind.class);
        for (Alert.AlertKind kind : Alert.AlertKind.values()) {
            alertsByKind.put(kind, getRuntimeContext().getMetricGroup().counter(Metrics.alerts(kind)));
        }
    }

    @Override
    public void processElement(AlertVerdict verdict, Context ctx, Collector<Alert> out) throws Exception {
        Pending p = pending.value();
        if (p == null) {
            if (verdict.parts() <= 1) {
                publish(verdict.alerts(), out);
                return;
            }
            p = new Pending();
        }
        p.received++;
        p.alerts.addAll(verdict.alerts());
        if (p.received < verdict.parts()) {
            pending.update(p);
            return;
        }
        pending.clear();
        publish(p.alerts, out);
    }

    private void publish(List<Alert> alerts, Collector<Alert> out) {
        for (Alert alert : AlertGrouping.group(alerts)) {
            alertsByKind.get(alert.kind()).inc();
            out.collect(alert);
        }
    }

    private static final class VerdictArticleId implements KeySelector<AlertVerdict, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(AlertVerdict verdict) {
            return verdict.articleId();
        }
    }
}
