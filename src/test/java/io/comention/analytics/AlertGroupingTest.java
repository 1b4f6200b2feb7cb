package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Alert;
import io.comention.model.Alert.AlertKind;
import io.comention.model.CoveredCombination;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

public class AlertGroupingTest {

    static final Map<String, String> NAMES = Map.of(
            "CN", "China", "IR", "Iran", "RU", "Russia", "US", "United States", "AF", "Afghanistan", "PK", "Pakistan");
    static final Instant T0 = Instant.parse("2011-10-19T07:35:00Z");

    public static Alert alert(AlertKind kind, String rule, long count, String... ids) {
        List<EntityRef> entities = Arrays.stream(ids)
                .sorted()
                .map(id -> new EntityRef(id, NAMES.get(id), EntityType.COUNTRY))
                .toList();
        String key = Combinations.key(entities);
        return new Alert(
                CoMentionCounter.alertId(kind, rule, key, 0, 1),
                kind,
                rule,
                key,
                entities,
                T0,
                T0.plusSeconds(300),
                count,
                0,
                0,
                1,
                null,
                Explanations.names(entities) + " fired.",
                List.of(),
                "a1",
                T0,
                List.of(),
                T0);
    }

    @Test
    void firstSeenBecomesOneAlertPerWatchlistForTheLargestNamingEveryNewCombination() {
        List<Alert> raised = List.of(
                alert(AlertKind.FIRST_SEEN, "gulf", 1, "CN", "IR"),
                alert(AlertKind.FIRST_SEEN, "gulf", 1, "CN", "IR", "RU"),
                alert(AlertKind.FIRST_SEEN, "gulf", 1, "RU", "US"),
                alert(AlertKind.FIRST_SEEN, "gulf", 1, "IR", "RU"),
                alert(AlertKind.FIRST_SEEN, "other", 1, "AF", "PK"));
        List<Alert> grouped = AlertGrouping.group(raised);
        assertThat(grouped).extracting(Alert::rule).containsExactly("gulf", "other");
        Alert gulf = grouped.get(0);
        assertThat(gulf.key()).isEqualTo("CN+IR+RU");
        assertThat(gulf.alertId()).isEqualTo(raised.get(1).alertId());
        assertThat(gulf.covers())
                .extracting(CoveredCombination::key)
                .containsExactlyInAnyOrder("CN+IR", "IR+RU", "RU+US");
        assertThat(gulf.explanation())
                .isEqualTo("China, Iran and Russia fired. It covers 2 smaller combinations of them, "
                        + "which fired with it. Russia and United States were new together too.");
        assertThat(grouped.get(1).covers()).isEmpty();
    }

    @Test
    void burstFoldsSubsetsIntoTheirSupersetAndKeepsUnrelatedCombinationsApart() {
        List<Alert> grouped = AlertGrouping.group(List.of(
                alert(AlertKind.BURST, "burst", 9, "AF", "PK"),
                alert(AlertKind.BURST, "burst", 7, "AF", "PK", "US"),
                alert(AlertKind.BURST, "burst", 8, "CN", "RU")));
        assertThat(grouped).extracting(Alert::key).containsExactly("AF+PK+US", "CN+RU");
        assertThat(grouped.get(0).covers())
                .extracting(CoveredCombination::key, CoveredCombination::count)
                .containsExactly(Tuple.tuple("AF+PK", 9L));
        assertThat(grouped.get(0).explanation()).endsWith("It covers Afghanistan and Pakistan, which fired with it.");
        assertThat(grouped.get(1).covers()).isEmpty();
    }

    @Test
    void kindsAndRulesAreNeverMixed() {
        List<Alert> grouped = AlertGrouping.group(List.of(
                alert(AlertKind.WATCH, "pak-afg-us", 3, "AF", "PK", "US"),
                alert(AlertKind.BURST, "burst", 6, "AF", "PK"),
                alert(AlertKind.WATCH, "pak-afg", 3, "AF", "PK")));
        assertThat(grouped).hasSize(3).allSatisfy(a -> assertThat(a.covers()).isEmpty());
    }

    @Test
    void theResultDoesNotDependOnTheOrderTheVerdictsCameIn() {
        List<Alert> raised = new ArrayList<>(List.of(
                alert(AlertKind.FIRST_SEEN, "gulf", 1, "CN", "IR"),
                alert(AlertKind.FIRST_SEEN, "gulf", 1, "IR", "RU", "US"),
                alert(AlertKind.FIRST_SEEN, "gulf", 1, "CN", "IR", "RU"),
                alert(AlertKind.BURST, "burst", 6, "CN", "IR"),
                alert(AlertKind.BURST, "burst", 6, "CN", "IR", "RU")));
        List<Alert> first = AlertGrouping.group(raised);
        for (long seed = 1; seed <= 5; seed++) {
            Collections.shuffle(raised, new Random(seed));
            List<Alert> again = AlertGrouping.group(raised);
            assertThat(again)
                    .extracting(Alert::alertId)
                    .containsExactlyElementsOf(
                            first.stream().map(Alert::alertId).toList());
            assertThat(again)
                    .extracting(a -> a.covers().stream()
                            .map(CoveredCombination::key)
                            .sorted()
                            .toList())
                    .containsExactlyElementsOf(first.stream()
                            .map(a -> a.covers().stream()
                                    .map(CoveredCombination::key)
                                    .sorted()
                                    .toList())
                            .toList());
        }
        // equal size and count: the first key wins
        assertThat(first.get(1).key()).isEqualTo("CN+IR+RU");
    }
}
