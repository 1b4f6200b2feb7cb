package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The counting operator hands each combination one instance per source name, so a combination usually
 * finds a source by reference. Restored state (and anything else) holds other instances of the same
 * names: those must still match by content, and what a combination remembers must not depend on which
 * instances it was given.
 */
class SourceInstancesTest {

    private static final long MINUTE = 60_000;

    @Test
    void sharedAndFreshInstancesOfTheSameNamesAreRememberedAlike() {
        Random random = new Random(11);
        Map<String, String> shared = new HashMap<>();
        for (int round = 0; round < 50; round++) {
            CombinationState fresh = new CombinationState();
            CombinationState mixed = new CombinationState();
            int pool = 1 + random.nextInt(CoMentionCounter.MAX_SOURCES * 2); // beyond the cap too
            long t = 1_000_000 * MINUTE;
            for (int i = 0; i < 400; i++) {
                t += random.nextInt(3) * MINUTE;
                String name = "source-" + random.nextInt(pool) + ".com";
                long at = t - (random.nextInt(10) == 0 ? random.nextInt(600) * MINUTE : 0);
                CoMentionCounter.rememberSource(fresh, new String(name), at);
                // the operator's instance, or now and then another one (as after a restore)
                String given = random.nextInt(8) == 0 ? new String(name) : shared.computeIfAbsent(name, n -> n);
                CoMentionCounter.rememberSource(mixed, given, at);
                assertThat(mixed.sources).containsExactly(fresh.sources);
                assertThat(mixed.sourceSeen).containsExactly(fresh.sourceSeen);
            }
        }
    }

    @Test
    void aNameFoundByContentIsKeptAsTheInstanceGiven() {
        CombinationState state = new CombinationState();
        String restored = new String("reuters.com");
        CoMentionCounter.rememberSource(state, restored, 5 * MINUTE);
        String operators = new String("reuters.com");

        CoMentionCounter.rememberSource(state, operators, 7 * MINUTE);

        assertThat(state.sources).hasSize(1);
        assertThat(state.sources[0]).isSameAs(operators);
        assertThat(state.sourceSeen).containsExactly(7 * MINUTE);
    }
}
