package io.comention.analytics;

import io.comention.model.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores BURST alerts against the surges injected by {@link TrafficSimulator}. A surge counts as
 * detected when a BURST alert for its combination has a window ending no later than one bucket after
 * the end of the bucket the surge began in (the first or second bucket close after it began); its delay
 * is that window's end minus the surge's start. Every other BURST alert, outside any surge's hour, is a
 * false alert.
 */
public record DetectionReport(int surges, int detected, int falseAlerts, double combinationDays, List<Double> delaysMinutes) {

    public static DetectionReport score(TrafficSimulator.Traffic traffic, List<Alert> alerts, Duration bucket) {
        long b = bucket.toMillis();
        List<Alert> bursts = alerts.stream().filter(a -> a.kind() == Alert.AlertKind.BURST).toList();
        int detected = 0;
        List<Double> delays = new ArrayList<>();
        for (TrafficSimulator.Surge s : traffic.surges()) {
            long start = s.start().toEpochMilli();
            long deadline = Math.floorDiv(start, b) * b + 2 * b;
            bursts.stream()
                    .filter(a -> a.key().equals(s.key()))
                    .mapToLong(a -> a.windowEnd().toEpochMilli())
                    .filter(end -> end > start && end <= deadline)
                    .min()
                    .ifPresent(end -> delays.add((end - start) / 60_000.0));
        }
        detected = delays.size();
        long surgeLength = TrafficSimulator.SURGE_LENGTH.toMillis();
        int falseAlerts = 0;
        for (Alert a : bursts) {
            long end = a.windowEnd().toEpochMilli();
            boolean inSurge = traffic.surges().stream().anyMatch(s -> s.key().equals(a.key())
                    && end > s.start().toEpochMilli() && end <= s.start().toEpochMilli() + surgeLength + 2 * b);
            if (!inSurge) {
                falseAlerts++;
            }
        }
        double combinationDays = traffic.combinations() * traffic.hours() / 24.0;
        return new DetectionReport(traffic.surges().size(), detected, falseAlerts, combinationDays, delays);
    }

    public double medianDelayMinutes() {
        if (delaysMinutes.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = delaysMinutes.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double falseAlertsPerThousandCombinationDays() {
        return falseAlerts * 1000.0 / combinationDays;
    }

    /** The line the simulate command ends with. */
    public String summary() {
        return String.format(Locale.ROOT, "detected %d/%d surges, false alerts %d, median delay %.1f min",
                detected, surges, falseAlerts, medianDelayMinutes());
    }
}
