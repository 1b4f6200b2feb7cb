package io.comention.tools.simulation;

import io.comention.model.Alert;
import io.comention.model.CombinationEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores BURST alerts against the surges injected by {@link TrafficSimulator}, in event time. A surge
 * counts as detected when a BURST alert for its combination was decided on an article within the surge's
 * hour. For each detected surge:
 * <ul>
 *   <li>{@code delaysMinutes}: from the surge's first article to the article the alert was decided on;
 *   <li>{@code paceMinutes}: from the surge's first article to its {@code minCount}-th, the earliest any
 *       detector needing that many articles could fire (what the surge's own pace allows);
 *   <li>{@code decisionLagsMinutes}: from the article that met the alert's conditions to the alert,
 *       in event time (0 when the alert is decided on that article's arrival).
 * </ul>
 * Every other BURST alert, outside any surge's hour, is a false alert.
 */
public record DetectionReport(
        int surges,
        int detected,
        int falseAlerts,
        double combinationDays,
        List<Double> delaysMinutes,
        List<Double> paceMinutes,
        List<Double> decisionLagsMinutes) {

    public static DetectionReport score(TrafficSimulator.Traffic traffic, List<Alert> alerts, int minCount) {
        List<Alert> bursts =
                alerts.stream().filter(a -> a.kind() == Alert.AlertKind.BURST).toList();
        Map<String, Long> eventTimeById = new HashMap<>();
        Map<Integer, List<Long>> surgeArticles = new HashMap<>();
        for (CombinationEvent e : traffic.events()) {
            eventTimeById.put(e.article().id(), e.eventTime().toEpochMilli());
            String id = e.article().id();
            if (id.startsWith("surge")) {
                int k = Integer.parseInt(id.substring(5, id.indexOf('-')));
                surgeArticles
                        .computeIfAbsent(k, x -> new ArrayList<>())
                        .add(e.eventTime().toEpochMilli());
            }
        }
        long surgeLength = TrafficSimulator.SURGE_LENGTH.toMillis();
        List<Double> delays = new ArrayList<>();
        List<Double> pace = new ArrayList<>();
        List<Double> lags = new ArrayList<>();
        for (int k = 0; k < traffic.surges().size(); k++) {
            TrafficSimulator.Surge s = traffic.surges().get(k);
            List<Long> own =
                    surgeArticles.getOrDefault(k, List.of()).stream().sorted().toList();
            if (own.isEmpty()) {
                continue;
            }
            long first = own.get(0);
            long start = s.start().toEpochMilli();
            bursts.stream()
                    .filter(a -> a.key().equals(s.key()))
                    .filter(a -> decidedAt(a) >= start && decidedAt(a) <= start + surgeLength)
                    .min(Comparator.comparingLong(DetectionReport::decidedAt))
                    .ifPresent(a -> {
                        delays.add(minutes(decidedAt(a) - first));
                        pace.add(minutes(own.get(Math.min(minCount, own.size()) - 1) - first));
                        Long trigger = eventTimeById.get(a.triggeredBy());
                        lags.add(trigger == null ? Double.NaN : minutes(decidedAt(a) - trigger));
                    });
        }
        int falseAlerts = 0;
        for (Alert a : bursts) {
            long at = decidedAt(a);
            boolean inSurge = traffic.surges().stream()
                    .anyMatch(s -> s.key().equals(a.key())
                            && at >= s.start().toEpochMilli()
                            && at <= s.start().toEpochMilli() + surgeLength);
            if (!inSurge) {
                falseAlerts++;
            }
        }
        double combinationDays = traffic.combinations() * traffic.hours() / 24.0;
        return new DetectionReport(
                traffic.surges().size(), delays.size(), falseAlerts, combinationDays, delays, pace, lags);
    }

    /** The event time of the article the alert was decided on. */
    private static long decidedAt(Alert a) {
        return a.triggeredAt().toEpochMilli();
    }

    private static double minutes(long millis) {
        return millis / 60_000.0;
    }

    public double medianDelayMinutes() {
        return median(delaysMinutes);
    }

    public double medianPaceMinutes() {
        return median(paceMinutes);
    }

    public double maxDecisionLagMinutes() {
        return decisionLagsMinutes.stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(Double.NaN);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double falseAlertsPerThousandCombinationDays() {
        return falseAlerts * 1000.0 / combinationDays;
    }

    /** The line the simulate command ends with. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "detected %d/%d surges, false alerts %d, median delay %.1f min (the surges' own pace allows %.1f), "
                        + "decided %.1f min after the article that met the conditions",
                detected,
                surges,
                falseAlerts,
                medianDelayMinutes(),
                medianPaceMinutes(),
                maxDecisionLagMinutes());
    }
}
