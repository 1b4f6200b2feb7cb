package io.comention.tagging;

import io.comention.model.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides which place, if any, each place-name match of one article stands for (rules:
 * {@code config/entities/README.md}, "Places"). First the place: a qualifier right after the name
 * ("Hyderabad, Pakistan", "Paris, Texas") picks among the places of that name; otherwise one in a
 * country the article names (directly, or through a place no other country shares), otherwise the most
 * populous. Then the evidence: a region, a national capital or a city of at least
 * {@code evidence_below} people links on a capitalised mention; a smaller one needs a word such as "in"
 * right before it, a dateline, a qualifier, or its country in the article; the smallest need a qualifier
 * or dateline, or the word together with their country. A name that is also a common word or name needs
 * the word, a dateline, a qualifier or, in body text and not at the start of a sentence, its country or
 * another of its places close by.
 */
final class PlaceResolver {

    /** How close (characters) another mention of the same country must be to count for a common-word name. */
    static final int NEARBY_CHARS = 150;

    /**
     * A match in one field: a place-name group ({@code group >= 0}) or a knowledge-base country mention
     * ({@code country != null}). {@code evidenceWord}: a word of evidence_after stands right before it.
     */
    record Mention(Span span, int group, String country, boolean evidenceWord, double weight) {}

    /** A place an article names, from a place-name match or from a country mention it takes over ("Paris, Texas"). */
    record Resolved(int place, Mention from) {}

    private PlaceResolver() {}

    static List<Resolved> resolve(
            Gazetteer gaz, List<Mention> places, List<Mention> countries, String title, String body) {
        List<Mention> all = new ArrayList<>(places.size() + countries.size());
        all.addAll(places);
        all.addAll(countries);
        all.sort(Comparator.comparing((Mention m) -> m.span().field())
                .thenComparingInt(m -> m.span().start()));

        // countries the article names directly (group -1), or through a place name no other country has
        Map<String, Set<Integer>> support = new HashMap<>();
        for (Mention c : countries) {
            support.computeIfAbsent(c.country(), k -> new HashSet<>()).add(-1);
        }
        for (Mention p : places) {
            String only = gaz.common[p.group()] ? null : onlyCountry(gaz, p.group());
            if (only != null) {
                support.computeIfAbsent(only, k -> new HashSet<>()).add(p.group());
            }
        }

        List<Resolved> out = new ArrayList<>();
        for (Mention m : places) {
            int place = decide(gaz, m, m.group(), all, support, title, body, false);
            if (place >= 0) {
                out.add(new Resolved(place, m));
            }
        }
        // a capital the knowledge base links to its country, qualified by somewhere else: "Paris, Texas"
        for (Mention c : countries) {
            if (qualifier(c, all, c.span().field().equals("title") ? title : body) == null) {
                continue; // only a qualified capital can be another place (saves folding every mention)
            }
            int group = gaz.shadowedGroup(
                    Gazetteer.key(KnowledgeBase.tokens(c.span().text())));
            if (group >= 0) {
                int place = decide(gaz, c, group, all, support, title, body, true);
                if (place >= 0 && !gaz.country[place].equals(c.country())) {
                    out.add(new Resolved(place, c));
                }
            }
        }
        return out;
    }

    private static String onlyCountry(Gazetteer gaz, int group) {
        String only = null;
        for (int i = gaz.groupStart[group]; i < gaz.groupStart[group + 1]; i++) {
            String c = gaz.country[gaz.groupMembers[i]];
            if (only != null && !only.equals(c)) {
                return null;
            }
            only = c;
        }
        return only;
    }

    /** The place a match stands for, or -1; {@code qualifiedOnly}: only with a qualifier. */
    private static int decide(
            Gazetteer gaz,
            Mention m,
            int group,
            List<Mention> all,
            Map<String, Set<Integer>> support,
            String title,
            String body,
            boolean qualifiedOnly) {
        String text = m.span().field().equals("title") ? title : body;
        Mention qualifier = qualifier(m, all, text);
        int from = gaz.groupStart[group];
        int to = gaz.groupStart[group + 1];
        if (qualifier != null) {
            for (int i = from; i < to; i++) {
                int p = gaz.groupMembers[i];
                if (qualifies(gaz, p, qualifier)) {
                    return p; // most populous first
                }
            }
        }
        if (qualifiedOnly) {
            return -1;
        }
        int chosen = gaz.groupMembers[from];
        boolean supported = false;
        for (int i = from; i < to; i++) {
            int p = gaz.groupMembers[i];
            Set<Integer> by = support.get(gaz.country[p]);
            if (by != null && (by.size() > 1 || !by.contains(group))) { // not only the name itself
                chosen = p;
                supported = true;
                break;
            }
        }
        if (dateline(m, text)) {
            return chosen;
        }
        if (gaz.common[group]) {
            return m.evidenceWord() || nearby(gaz.country[chosen], m, all, gaz, text) ? chosen : -1;
        }
        if (gaz.big(chosen)) {
            return chosen;
        }
        if (gaz.small(chosen)) {
            return m.evidenceWord() && supported ? chosen : -1;
        }
        return m.evidenceWord() || supported ? chosen : -1;
    }

    /** The mention that follows right after ", " ("Hyderabad, Pakistan"; "Paris, Texas"), or null. */
    private static Mention qualifier(Mention m, List<Mention> all, String text) {
        int i = m.span().end();
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != ',') {
            return null;
        }
        i++;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        for (Mention o : all) {
            if (o.span().field().equals(m.span().field()) && o.span().start() == i) {
                return o;
            }
        }
        return null;
    }

    private static boolean qualifies(Gazetteer gaz, int place, Mention q) {
        if (q.country() != null) {
            return gaz.country[place].equals(q.country());
        }
        for (int i = gaz.groupStart[q.group()]; i < gaz.groupStart[q.group() + 1]; i++) {
            int r = gaz.groupMembers[i];
            if (r != place
                    && gaz.country[r].equals(gaz.country[place])
                    && (gaz.kind[r] != Gazetteer.REGION || gaz.admin1[r] == gaz.admin1[place])) {
                return true;
            }
        }
        return false;
    }

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    /**
     * At the very start of the body, followed by a dash or a bracket ("MOSUL (Reuters) -", "BANNU -"), or
     * by a comma and a date ("Goma, June 2 -"); written in capitals, a comma is enough ("QUETTA, Pakistan").
     */
    private static boolean dateline(Mention m, String text) {
        if (!m.span().field().equals("body")) {
            return false;
        }
        for (int i = 0; i < m.span().start(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        int i = m.span().end();
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        if (i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        if ("-(\u2013\u2014/".indexOf(c) >= 0) {
            return true;
        }
        if (c != ',') {
            return false;
        }
        String span = m.span().text();
        if (span.equals(span.toUpperCase(Locale.ROOT))) {
            return true;
        }
        int j = i + 1;
        while (j < text.length() && text.charAt(j) == ' ') {
            j++;
        }
        if (j < text.length() && Character.isDigit(text.charAt(j))) {
            return true;
        }
        for (String month : MONTHS) {
            if (text.startsWith(month, j)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A common-word name in body text, not opening a sentence, with another mention of the same country
     * (directly or through a place) within {@link #NEARBY_CHARS}.
     */
    private static boolean nearby(String country, Mention m, List<Mention> all, Gazetteer gaz, String text) {
        if (!m.span().field().equals("body") || opensSentence(m.span().start(), text)) {
            return false;
        }
        for (Mention o : all) {
            if (o == m || !o.span().field().equals("body")) {
                continue;
            }
            int distance = Math.max(
                    o.span().start() - m.span().end(),
                    m.span().start() - o.span().end());
            if (distance > NEARBY_CHARS || distance < 2) {
                continue; // far away, or glued to it as one name ("Whitney Houston")
            }
            if (o.country() != null ? o.country().equals(country) : inCountry(gaz, o.group(), country)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inCountry(Gazetteer gaz, int group, String country) {
        if (gaz.common[group]) {
            return false; // one common word does not vouch for another
        }
        for (int i = gaz.groupStart[group]; i < gaz.groupStart[group + 1]; i++) {
            if (gaz.country[gaz.groupMembers[i]].equals(country)) {
                return true;
            }
        }
        return false;
    }

    private static boolean opensSentence(int start, String text) {
        int i = start - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || "\"'\u201c\u2018(".indexOf(text.charAt(i)) >= 0)) {
            i--;
        }
        return i < 0 || ".!?:\n\r".indexOf(text.charAt(i)) >= 0;
    }
}
