package io.comention.pipeline;

import io.comention.analytics.AlertRules;
import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import io.comention.model.ControlMessage;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The broadcast state that {@code news.control} fills: the latest control message per object
 * ({@code rule:x}, {@code watchlist:y}, {@code entity:z}), deletions included, so the configured
 * defaults can be overridden and removed. Checkpointed like all other state.
 */
public final class ControlState {

    public static final MapStateDescriptor<String, ControlMessage> DESCRIPTOR =
            new MapStateDescriptor<>("control", Types.STRING, TypeInformation.of(ControlMessage.class));

    private ControlState() {}

    /**
     * Keeps a rule or watchlist change (not an entity change) in an operator's broadcast state.
     *
     * @return whether it was kept, i.e. the operator's rules must be rebuilt
     */
    public static boolean keepRuleChange(ControlMessage message, BroadcastState<String, ControlMessage> state)
            throws Exception {
        if (message.isEntityChange()) {
            return false;
        }
        state.put(message.stateKey(), message);
        return true;
    }

    /** The configured rules with every rule and watchlist change applied (one entry per object, so order is free). */
    public static AlertRules apply(AlertRules configured, Iterable<Map.Entry<String, ControlMessage>> changes) {
        AlertRules rules = configured;
        for (Map.Entry<String, ControlMessage> e : changes) {
            ControlMessage m = e.getValue();
            rules = switch (m.action()) {
                case UPSERT_RULE ->
                    rules.withWatchRule(
                            new WatchRule(m.id(), m.entities(), Duration.ofMillis(m.horizonMillis()), m.threshold()));
                case DELETE_RULE -> rules.withoutWatchRule(m.id());
                case UPSERT_WATCHLIST ->
                    rules.withWatchlist(new Watchlist(m.id(), m.entities(), Duration.ofMillis(m.lookbackMillis())));
                case DELETE_WATCHLIST -> rules.withoutWatchlist(m.id());
                default -> rules;
            };
        }
        return rules;
    }
}
