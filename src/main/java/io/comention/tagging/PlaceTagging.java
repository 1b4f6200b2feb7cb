package io.comention.tagging;

import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import io.comention.tagging.EntityTagger.Acc;
import io.comention.tagging.EntityTagger.Found;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tagger's place step, run once an article is scanned: {@link PlaceResolver} decides the place-name
 * matches, each place becomes a {@code PLACE} entity, and its country gets the place's mention weight
 * (salience). A country the article names only through places is added, marked {@code via} with the
 * places' names and carrying their spans, unless the knowledge base was loaded with
 * {@code countVia = false}.
 */
final class PlaceTagging {

    /** One place of an article and its mentions. */
    static final class PlaceAcc {
        final Gazetteer gaz;
        final int place;
        double weight;
        final List<Span> spans = new ArrayList<>(2);

        PlaceAcc(Gazetteer gaz, int place) {
            this.gaz = gaz;
            this.place = place;
        }

        TaggedEntity entity(double salience) {
            spans.sort((a, b) -> {
                boolean aTitle = a.field().equals("title");
                if (aTitle != b.field().equals("title")) {
                    return aTitle ? -1 : 1;
                }
                return Integer.compare(a.start(), b.start());
            });
            return new TaggedEntity(
                    gaz.id(place),
                    EntityType.PLACE,
                    gaz.name[place],
                    spans.size(),
                    salience,
                    List.copyOf(spans),
                    gaz.country[place],
                    null);
        }
    }

    private PlaceTagging() {}

    /** Whether some country mention is followed by a comma (cheap test before the qualifier rule). */
    private static boolean qualifiedCountry(KnowledgeBase kb, Found found, String title, String body) {
        for (Acc a : found.order) {
            if (a.removed || kb.ref(a.entity).type() != EntityType.COUNTRY) {
                continue;
            }
            for (Span s : a.spans) {
                String text = s.field().equals("title") ? title : body;
                if (s.end() < text.length() && text.charAt(s.end()) == ',') {
                    return true;
                }
            }
        }
        return false;
    }

    static List<PlaceAcc> resolve(EntityTagger tagger, Found found, String title, String body) {
        KnowledgeBase kb = tagger.knowledgeBase();
        Gazetteer gaz = kb.gazetteer();
        if (found.placeMatches == null && !qualifiedCountry(kb, found, title, body)) {
            return List.of(); // no place names, and no capital that a qualifier could take over ("Paris, Texas")
        }
        List<PlaceResolver.Mention> countries = new ArrayList<>();
        Set<Integer> named = new HashSet<>();
        for (Acc a : found.order) {
            EntityRef ref = kb.ref(a.entity);
            if (a.removed || ref.type() != EntityType.COUNTRY) {
                continue;
            }
            named.add(a.entity);
            for (Span s : a.spans) {
                countries.add(new PlaceResolver.Mention(s, -1, ref.id(), false, EntityTagger.weightOf(s)));
            }
        }
        List<PlaceResolver.Resolved> resolved = PlaceResolver.resolve(
                gaz, found.placeMatches == null ? List.of() : found.placeMatches, countries, title, body);
        if (resolved.isEmpty()) {
            return List.of();
        }
        Map<Integer, PlaceAcc> byPlace = new LinkedHashMap<>();
        for (PlaceResolver.Resolved r : resolved) {
            PlaceResolver.Mention m = r.from();
            if (m.country() != null) { // a capital taken over by a qualifier ("Paris, Texas")
                Acc from = found.get(kb.index(m.country()));
                if (from == null || !from.spans.remove(m.span())) {
                    continue;
                }
                from.weight -= m.weight();
                if (from.spans.isEmpty()) {
                    from.removed = true;
                    found.size--;
                    named.remove(from.entity);
                }
            }
            PlaceAcc p = byPlace.computeIfAbsent(r.place(), x -> new PlaceAcc(gaz, x));
            p.weight += m.weight();
            p.spans.add(m.span());
        }
        for (PlaceAcc p : byPlace.values()) {
            int c = kb.index(gaz.country[p.place]);
            if (c < 0 || kb.ref(c).type() != EntityType.COUNTRY) {
                continue;
            }
            if (named.contains(c)) {
                found.get(c).weight += p.weight; // named directly too: the place adds to its salience
            } else if (kb.countsVia()) {
                Acc acc = found.getOrAdd(c);
                if (acc.removed) { // all its own mentions went elsewhere (to a person, to another place)
                    acc.removed = false;
                    found.size++;
                }
                if (acc.via == null) {
                    acc.via = new ArrayList<>(2);
                }
                acc.weight += p.weight;
                acc.spans.addAll(p.spans);
                acc.unsorted = true;
                if (!acc.via.contains(gaz.name[p.place])) {
                    acc.via.add(gaz.name[p.place]);
                }
            }
        }
        return new ArrayList<>(byPlace.values());
    }
}
