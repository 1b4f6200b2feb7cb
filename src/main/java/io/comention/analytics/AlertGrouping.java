package io.comention.analytics;

import io.comention.model.Alert;
import io.comention.model.Alert.AlertKind;
import io.comention.model.CoveredCombination;
import io.comention.model.EntityRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One alert per story: the alerts one article raised, folded so that subscribers get one alert per
 * (kind, rule) for the largest combination that fired, listing in {@code covers} the others it stands for.
 * <ul>
 *   <li>WATCH and BURST: a combination inside a larger one that fired with it is folded into the larger
 *       one's alert; combinations that share no such superset keep alerts of their own.
 *   <li>FIRST_SEEN: one alert per watchlist, naming every new combination.
 * </ul>
 * The alert kept is the largest combination, then the highest count, then the first key, so the same
 * alerts always give the same result (and the same alert ids), whatever order they came in.
 */
public final class AlertGrouping {

    private static final Comparator<Alert> LARGEST_FIRST = Comparator.comparingInt(
                    (Alert a) -> a.entities().size())
            .reversed()
            .thenComparing(Comparator.comparingLong(Alert::count).reversed())
            .thenComparing(Alert::key);

    private AlertGrouping() {}

    public static List<Alert> group(List<Alert> alerts) {
        if (alerts.size() <= 1) {
            return alerts;
        }
        Map<String, List<Alert>> byRule = new LinkedHashMap<>();
        alerts.stream()
                .sorted(Comparator.comparing(Alert::kind).thenComparing(Alert::rule))
                .forEach(a -> byRule.computeIfAbsent(a.kind() + ":" + a.rule(), k -> new ArrayList<>())
                        .add(a));
        List<Alert> out = new ArrayList<>();
        for (List<Alert> sameRule : byRule.values()) {
            List<Alert> remaining = new ArrayList<>(sameRule);
            remaining.sort(LARGEST_FIRST);
            while (!remaining.isEmpty()) {
                Alert primary = remaining.remove(0);
                Set<String> ids = ids(primary.entities());
                List<Alert> smaller = new ArrayList<>();
                List<Alert> others = new ArrayList<>();
                for (Alert a : remaining) {
                    if (ids.containsAll(ids(a.entities()))) {
                        smaller.add(a);
                    } else if (primary.kind() == AlertKind.FIRST_SEEN) {
                        others.add(a);
                    }
                }
                remaining.removeAll(smaller);
                remaining.removeAll(others);
                out.add(smaller.isEmpty() && others.isEmpty() ? primary : fold(primary, smaller, others));
            }
        }
        return out;
    }

    private static Alert fold(Alert primary, List<Alert> smaller, List<Alert> others) {
        List<CoveredCombination> covered = new ArrayList<>();
        for (Alert a : smaller) {
            covered.add(new CoveredCombination(a.key(), a.entities(), a.count()));
        }
        for (Alert a : others) {
            covered.add(new CoveredCombination(a.key(), a.entities(), a.count()));
        }
        String explanation = primary.explanation()
                + Explanations.covering(
                        smaller.stream().map(Alert::entities).toList(),
                        others.stream().map(Alert::entities).toList());
        return primary.withCovers(covered, explanation);
    }

    private static Set<String> ids(List<EntityRef> entities) {
        Set<String> ids = new HashSet<>();
        for (EntityRef e : entities) {
            ids.add(e.id());
        }
        return ids;
    }
}
