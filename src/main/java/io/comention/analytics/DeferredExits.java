package io.comention.analytics;

/**
 * The horizon exits of a combination named by one article so far, published by the counting operator
 * from here instead of from its keyed state: such a combination's counts at each exit follow from the
 * state its one article left, so an exit needs neither a state lookup nor a write. All but the last exit
 * are published this way; the last goes to the operator's exit index as usual, and the state catches up
 * with the exits published from here (silently) the next time it is read. Lives only in memory, linked
 * from the state object ({@link CombinationState#deferredExits}); a restore rebuilds nothing of it.
 */
public final class DeferredExits {

    /** The combination. */
    public final String key;

    /** The state as its article left it: nobody changes it while this is {@link #live}. */
    public final CombinationState state;

    /** False once the state has been read again (a second article, its last exit): the state takes over. */
    public boolean live = true;

    /** The latest exit (epoch ms) published from here; MIN_VALUE: none yet. */
    public long publishedUpTo = Long.MIN_VALUE;

    /** The exit (epoch ms) the exit index holds the combination at since it took over; MIN_VALUE: not yet. */
    public long handedOverAt = Long.MIN_VALUE;

    public DeferredExits(String key, CombinationState state) {
        this.key = key;
        this.state = state;
    }
}
