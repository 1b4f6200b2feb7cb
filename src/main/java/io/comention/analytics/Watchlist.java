package io.comention.analytics;

import io.comention.model.EntityRef;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Entities to watch for new meetings: a FIRST_SEEN alert fires when a combination made only of these
 * entities is named for the first time within {@code lookback}.
 */
public record Watchlist(String id, List<String> entities, Duration lookback) implements Serializable {

    public Watchlist {
        entities = List.copyOf(entities.stream().sorted().toList());
    }

    /** True when every entity of the combination is on this list. */
    public boolean covers(List<EntityRef> combination) {
        for (EntityRef e : combination) {
            // entities is sorted (see the constructor)
            if (Collections.binarySearch(entities, e.id()) < 0) {
                return false;
            }
        }
        return true;
    }
}
