package io.comention.analytics;

import io.comention.model.EntityRef;
import io.comention.model.TaggedEntity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds the combinations an article contributes to: every set of {@code minSize}..{@code maxSize}
 * distinct entities among its {@code maxEntities} most salient ones. Set semantics: an entity named
 * ten times counts once; the combination's key is its sorted ids joined with {@code +}.
 */
public final class Combinations {

    public static final String KEY_SEPARATOR = "+";

    private Combinations() {}

    /**
     * @param entities the article's entities, in any order (ties in salience are broken by id)
     * @return each combination as its entities sorted by id
     */
    public static List<List<EntityRef>> of(List<TaggedEntity> entities, int maxEntities, int minSize, int maxSize) {
        return of(entities, maxEntities, maxEntities, minSize, maxSize);
    }

    /**
     * As {@link #of(List, int, int, int)}, with combinations of three or more entities drawn only from
     * the {@code maxEntitiesInLarger} most salient: an article naming eight entities gives 28 pairs
     * and, with 5 here, 10 triples instead of 56, most of which would join its least central names.
     */
    public static List<List<EntityRef>> of(
            List<TaggedEntity> entities, int maxEntities, int maxEntitiesInLarger, int minSize, int maxSize) {
        return of(entities, maxEntities, maxEntitiesInLarger, minSize, maxSize, combination -> false);
    }

    /**
     * As {@link #of(List, int, int, int, int)}, but a larger combination that {@code watched} accepts is
     * kept whenever all its entities are among the {@code maxEntities} most salient: an article naming
     * Pakistan, Afghanistan and the United States counts for a watch on that triple even when one of
     * them is only its seventh most central name.
     */
    public static List<List<EntityRef>> of(
            List<TaggedEntity> entities,
            int maxEntities,
            int maxEntitiesInLarger,
            int minSize,
            int maxSize,
            Predicate<List<EntityRef>> watched) {
        List<EntityRef> bySalience = bySalience(entities, maxEntities);
        List<EntityRef> chosen = byId(bySalience);
        List<List<EntityRef>> out = new ArrayList<>();
        Set<EntityRef> central = Set.copyOf(bySalience.subList(0, Math.min(maxEntitiesInLarger, bySalience.size())));
        for (int size = Math.max(2, minSize); size <= maxSize; size++) {
            if (size == 2 || maxEntitiesInLarger >= chosen.size()) {
                collect(chosen, size, 0, new ArrayList<>(size), out);
                continue;
            }
            List<List<EntityRef>> candidates = new ArrayList<>();
            collect(chosen, size, 0, new ArrayList<>(size), candidates);
            for (List<EntityRef> c : candidates) {
                if (central.containsAll(c) || watched.test(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The {@code limit} most salient distinct entities, most salient first (ties by id). */
    private static List<EntityRef> bySalience(List<TaggedEntity> entities, int limit) {
        return entities.stream()
                .sorted(Comparator.comparingDouble(TaggedEntity::salience)
                        .reversed()
                        .thenComparing(TaggedEntity::id))
                .map(TaggedEntity::ref)
                .distinct()
                .limit(limit)
                .toList();
    }

    private static List<EntityRef> byId(List<EntityRef> entities) {
        return entities.stream().sorted(Comparator.comparing(EntityRef::id)).toList();
    }

    private static void collect(
            List<EntityRef> pool, int size, int from, List<EntityRef> current, List<List<EntityRef>> out) {
        if (current.size() == size) {
            out.add(List.copyOf(current));
            return;
        }
        int needed = size - current.size();
        for (int i = from; i <= pool.size() - needed; i++) {
            current.add(pool.get(i));
            collect(pool, size, i + 1, current, out);
            current.remove(current.size() - 1);
        }
    }

    /** The key of a combination: its ids sorted and joined with {@code +}. */
    public static String key(List<EntityRef> entities) {
        StringBuilder key = new StringBuilder(entities.size() * 8);
        String previous = null;
        for (EntityRef e : entities) {
            if (previous != null && previous.compareTo(e.id()) > 0) {
                // not in id order (combinations from of() always are): sort first
                return String.join(
                        KEY_SEPARATOR,
                        entities.stream().map(EntityRef::id).sorted().toList());
            }
            if (previous != null) {
                key.append(KEY_SEPARATOR);
            }
            key.append(e.id());
            previous = e.id();
        }
        return key.toString();
    }

    /** The ids of a combination key, in key order (for ids without the separator; the counting state keeps any others). */
    public static String[] ids(String key) {
        return key.split("\\" + KEY_SEPARATOR);
    }

    /** The key of a set of ids in any order. */
    public static String keyOfIds(List<String> ids) {
        return String.join(KEY_SEPARATOR, ids.stream().sorted().toList());
    }
}
