package io.comention.analytics;

import io.comention.model.EntityRef;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The alert rules in force: watch rules (indexed by the combination they watch), watchlists, the BURST
 * scoring, the cooldown that applies to every (rule, combination) and how long FIRST_SEEN holds back
 * after the job began watching. Immutable; a change builds a new one.
 */
public final class AlertRules implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, WatchRule> watchRules;
    private final Map<String, Watchlist> watchlists;
    private final Map<String, List<WatchRule>> watchByKey;
    /** Every entity some watch rule or watchlist names: a combination with another entity is not watched. */
    private final Set<String> watchedIds;

    private final BurstSettings burst;
    private final Duration cooldown;
    private final Duration firstSeenWarmUp;

    /** Rules whose FIRST_SEEN alerts start with the first article the job sees. */
    public AlertRules(
            Collection<WatchRule> watchRules,
            Collection<Watchlist> watchlists,
            BurstSettings burst,
            Duration cooldown) {
        this(watchRules, watchlists, burst, cooldown, Duration.ZERO);
    }

    /**
     * @param firstSeenWarmUp no FIRST_SEEN alert for articles this soon after the job began watching (in
     *     event time): every combination is new then
     */
    public AlertRules(
            Collection<WatchRule> watchRules,
            Collection<Watchlist> watchlists,
            BurstSettings burst,
            Duration cooldown,
            Duration firstSeenWarmUp) {
        this.watchRules =
                new TreeMap<>(watchRules.stream().collect(Collectors.toMap(WatchRule::id, r -> r, (a, b) -> b)));
        this.watchlists =
                new TreeMap<>(watchlists.stream().collect(Collectors.toMap(Watchlist::id, w -> w, (a, b) -> b)));
        this.watchByKey = this.watchRules.values().stream().collect(Collectors.groupingBy(WatchRule::key));
        this.watchedIds = new HashSet<>();
        this.watchRules.values().forEach(r -> watchedIds.addAll(r.entities()));
        this.watchlists.values().forEach(w -> watchedIds.addAll(w.entities()));
        this.burst = burst;
        this.cooldown = cooldown;
        this.firstSeenWarmUp = firstSeenWarmUp;
    }

    public List<WatchRule> watchRulesFor(String combinationKey) {
        return watchByKey.getOrDefault(combinationKey, List.of());
    }

    /** Whether a watch rule or a watchlist is interested in this combination (entities sorted by id). */
    public boolean watches(List<EntityRef> combination) {
        for (EntityRef e : combination) {
            if (!watchedIds.contains(e.id())) {
                return false;
            }
        }
        if (!watchByKey.isEmpty() && watchByKey.containsKey(Combinations.key(combination))) {
            return true;
        }
        for (Watchlist list : watchlists.values()) {
            if (list.covers(combination)) {
                return true;
            }
        }
        return false;
    }

    public Collection<WatchRule> watchRules() {
        return watchRules.values();
    }

    public Collection<Watchlist> watchlists() {
        return watchlists.values();
    }

    public BurstSettings burst() {
        return burst;
    }

    public Duration cooldown() {
        return cooldown;
    }

    public Duration firstSeenWarmUp() {
        return firstSeenWarmUp;
    }

    /** These rules with one watch rule added or replaced. */
    public AlertRules withWatchRule(WatchRule rule) {
        Map<String, WatchRule> next = new TreeMap<>(watchRules);
        next.put(rule.id(), rule);
        return new AlertRules(next.values(), watchlists.values(), burst, cooldown, firstSeenWarmUp);
    }

    public AlertRules withoutWatchRule(String id) {
        Map<String, WatchRule> next = new TreeMap<>(watchRules);
        next.remove(id);
        return new AlertRules(next.values(), watchlists.values(), burst, cooldown, firstSeenWarmUp);
    }

    public AlertRules withWatchlist(Watchlist list) {
        Map<String, Watchlist> next = new TreeMap<>(watchlists);
        next.put(list.id(), list);
        return new AlertRules(watchRules.values(), next.values(), burst, cooldown, firstSeenWarmUp);
    }

    public AlertRules withoutWatchlist(String id) {
        Map<String, Watchlist> next = new TreeMap<>(watchlists);
        next.remove(id);
        return new AlertRules(watchRules.values(), next.values(), burst, cooldown, firstSeenWarmUp);
    }
}
