package io.comention.model;

import java.util.List;

/**
 * One operator update from {@code news.control}, flattened so Flink stores it as a POJO in broadcast
 * state. Which fields are set depends on {@code action}:
 * <ul>
 *   <li>UPSERT_RULE: id, entities, horizonMillis, threshold — a watch rule;
 *   <li>UPSERT_WATCHLIST: id, entities, lookbackMillis;
 *   <li>UPSERT_ENTITY: id, entityType, name, aliases, caseSensitiveAliases;
 *   <li>DELETE_RULE, DELETE_WATCHLIST, DELETE_ENTITY: id.
 * </ul>
 */
public record ControlMessage(
        Action action,
        String id,
        List<String> entities,
        long horizonMillis,
        int threshold,
        long lookbackMillis,
        EntityType entityType,
        String name,
        List<String> aliases,
        List<String> caseSensitiveAliases) {

    /** What a control message does. */
    public enum Action {
        UPSERT_RULE,
        DELETE_RULE,
        UPSERT_WATCHLIST,
        DELETE_WATCHLIST,
        UPSERT_ENTITY,
        DELETE_ENTITY;

        /** The broadcast-state key family: rule, watchlist or entity. */
        public String family() {
            return name().substring(name().indexOf('_') + 1).toLowerCase();
        }

        public boolean isDelete() {
            return name().startsWith("DELETE");
        }
    }

    /** The broadcast-state and Kafka key of the object this message changes, e.g. {@code rule:pak-afg-us}. */
    public String stateKey() {
        return action.family() + ":" + id;
    }

    public boolean isEntityChange() {
        return action == Action.UPSERT_ENTITY || action == Action.DELETE_ENTITY;
    }
}
