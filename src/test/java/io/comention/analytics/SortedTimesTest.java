package io.comention.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SortedTimesTest {

    @Test
    void unionKeepsEachTimeOnceInOrder() {
        long[] times = {300, 900};
        assertThat(SortedTimes.union(times, new long[] {1200, 300, 600, 600})).containsExactly(300, 600, 900, 1200);
        assertThat(SortedTimes.union(new long[0], new long[] {5, 1})).containsExactly(1, 5);
        assertThat(SortedTimes.union(times, new long[] {900})).isSameAs(times);
    }

    @Test
    void dropUpToRemovesTheDueTimesOnly() {
        long[] times = {300, 600, 900};
        assertThat(SortedTimes.dropUpTo(times, 600)).containsExactly(900);
        assertThat(SortedTimes.dropUpTo(times, 100)).isSameAs(times);
        assertThat(SortedTimes.dropUpTo(times, 900)).isEmpty();
    }
}
