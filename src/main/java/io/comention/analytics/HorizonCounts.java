package io.comention.analytics;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The counts of a {@link io.comention.model.CountUpdate}: horizon label → articles, in horizon order. An
 * immutable map over two arrays, the labels shared by every update of one counter: a count update then
 * costs one small array instead of a hash table of boxed entries. It equals, hashes, prints and iterates
 * like a {@link java.util.LinkedHashMap} filled in the same order; every change is refused.
 */
public final class HorizonCounts extends AbstractMap<String, Long> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] labels;
    private final long[] counts;

    /** Takes both arrays as they are: distinct labels, one count each, neither changed afterwards. */
    HorizonCounts(String[] labels, long[] counts) {
        if (labels.length != counts.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + counts.length + " counts");
        }
        this.labels = labels;
        this.counts = counts;
    }

    /**
     * The counts {@code labels[i]} → {@code counts[i]} in that order (both arrays copied); a repeated
     * label keeps its first place and its last count, as repeated puts into a LinkedHashMap do.
     */
    public static HorizonCounts of(String[] labels, long[] counts) {
        if (labels.length != counts.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + counts.length + " counts");
        }
        String[] l = new String[labels.length];
        long[] c = new long[labels.length];
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            int at = indexIn(l, n, label);
            if (at < 0) {
                l[n] = label;
                c[n++] = counts[i];
            } else {
                c[at] = counts[i];
            }
        }
        return n == labels.length
                ? new HorizonCounts(l, c)
                : new HorizonCounts(Arrays.copyOf(l, n), Arrays.copyOf(c, n));
    }

    private static int indexIn(String[] labels, int n, Object label) {
        for (int i = 0; i < n; i++) {
            if (Objects.equals(labels[i], label)) {
                return i;
            }
        }
        return -1;
    }

    /** The label at position {@code i} in horizon order. */
    public String label(int i) {
        return labels[i];
    }

    /** The count at position {@code i} in horizon order, unboxed. */
    public long count(int i) {
        return counts[i];
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public boolean isEmpty() {
        return labels.length == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexIn(labels, labels.length, key) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        if (!(value instanceof Long v)) {
            return false;
        }
        for (long c : counts) {
            if (c == v) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Long get(Object key) {
        int i = indexIn(labels, labels.length, key);
        return i < 0 ? null : counts[i];
    }

    @Override
    public Long getOrDefault(Object key, Long defaultValue) {
        int i = indexIn(labels, labels.length, key);
        return i < 0 ? defaultValue : counts[i];
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Long> action) {
        for (int i = 0; i < labels.length; i++) {
            action.accept(labels[i], counts[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, Long>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Long>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < labels.length;
                    }

                    @Override
                    public Map.Entry<String, Long> next() {
                        if (next >= labels.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(labels[i], counts[i]);
                    }
                };
            }

            @Override
            public int size() {
                return labels.length;
            }
        };
    }

    @Override
    public int hashCode() {
        // as AbstractMap: the sum of the entries' hashes, key hash XOR value hash
        int h = 0;
        for (int i = 0; i < labels.length; i++) {
            h += Objects.hashCode(labels[i]) ^ Long.hashCode(counts[i]);
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof HorizonCounts other) {
            if (other.labels.length != labels.length) {
                return false;
            }
            for (int i = 0; i < labels.length; i++) {
                int j = labels == other.labels ? i : indexIn(other.labels, other.labels.length, labels[i]);
                if (j < 0 || other.counts[j] != counts[i]) {
                    return false;
                }
            }
            return true;
        }
        return super.equals(o);
    }
}
