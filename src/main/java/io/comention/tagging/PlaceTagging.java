package io.comention.tagging;

import io.comention.model.EntityType;
import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import io.comention.tagging.EntityTagger.Acc;
import io.comention.tagging.EntityTagger.Found;
import java.util.ArrayList;
import java.util.List;

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

        private String name; // decoded once

        PlaceAcc(Gazetteer gaz, int place) {
            this.gaz = gaz;
            this.place = place;
        }

        String name() {
            if (name == null) {
                name = gaz.name(place);
            }
            return name;
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
                    name(),
                    spans.size(),
                    salience,
                    List.copyOf(spans),
                    gaz.countryCode(gaz.country(place)),
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
        PlaceResolver r = PlaceResolver.forThread(kb);
        try {
            if (found.placeMatches != null) {
                for (PlaceResolver.Mention m : found.placeMatches) {
                    r.addPlace(m);
                }
            }
            for (Acc a : found.order) {
                if (a.removed || kb.ref(a.entity).type() != EntityType.COUNTRY) {
                    continue;
                }
                r.namedDirectly(a.entity, true);
                for (Span s : a.spans) {
                    r.addCountry(s, a.entity, EntityTagger.weightOf(s));
                }
            }
            r.resolve(title, body);
            if (r.resolvedCount() == 0) {
                return List.of();
            }
            List<PlaceAcc> byPlace = new ArrayList<>(Math.min(r.resolvedCount(), 8)); // in order of first mention
            for (int i = 0; i < r.resolvedCount(); i++) {
                int m = r.resolvedMention(i);
                Span span = r.span(m);
                int from = r.countryEntity(m);
                if (from >= 0) { // a capital taken over by a qualifier ("Paris, Texas")
                    Acc acc = found.get(from);
                    if (acc == null || !acc.spans.remove(span)) {
                        continue;
                    }
                    acc.weight -= r.weight(m);
                    if (acc.spans.isEmpty()) {
                        acc.removed = true;
                        found.size--;
                        r.namedDirectly(from, false); // lost its last direct mention
                    }
                }
                PlaceAcc p = accOf(byPlace, gaz, r.resolvedPlace(i));
                p.weight += r.weight(m);
                p.spans.add(span);
            }
            for (PlaceAcc p : byPlace) {
                int c = kb.entityOfPlaceCountry(gaz.country(p.place));
                if (c < 0) {
                    continue;
                }
                if (r.namedDirectly(c)) {
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
                    String name = p.name();
                    if (!acc.via.contains(name)) {
                        acc.via.add(name);
                    }
                }
            }
            return byPlace;
        } finally {
            r.finish();
        }
    }

    /** The place's accumulator, added at the end when new (an article names few distinct places). */
    private static PlaceAcc accOf(List<PlaceAcc> byPlace, Gazetteer gaz, int place) {
        for (int i = 0; i < byPlace.size(); i++) {
            if (byPlace.get(i).place == place) {
                return byPlace.get(i);
            }
        }
        PlaceAcc p = new PlaceAcc(gaz, place);
        byPlace.add(p);
        return p;
    }
}
