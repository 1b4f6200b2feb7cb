package io.comention.analytics;

import io.comention.model.Durations;
import java.io.Serializable;
import java.time.Duration;

/** A look-back over which a combination is counted, such as the last hour; {@code label} names it on the wire. */
public record Horizon(String label, Duration length) implements Serializable {

    /** Labels a duration the way the counts topic shows it: 15m, 1h, 24h, 7d. */
    public static Horizon of(Duration length) {
        return new Horizon(Durations.format(length), length);
    }
}
