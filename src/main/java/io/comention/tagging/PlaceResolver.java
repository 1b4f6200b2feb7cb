package io.comention.tagging;

import io.comention.model.Span;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;

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
 *
 * <p>One instance per thread ({@link #forThread}) holds an article's mentions in arrays that grow to the
 * largest article seen and are reused, so deciding allocates nothing per article: countries are the
 * gazetteer's country indexes, which country supports which name is one slot per country, and the
 * mentions are ordered by sorting one {@code long} key each.
 */
final class PlaceResolver {

    /** How close (characters) another mention of the same country must be to count for a common-word name. */
    static final int NEARBY_CHARS = 150;

    /**
     * A place-name match in one field, as the tagger's scan reports it: its name group and whether a word
     * of evidence_after stands right before it. {@code country} is always null for a place-name match.
     */
    record Mention(Span span, int group, String country, boolean evidenceWord, double weight) {}

    private static final ThreadLocal<PlaceResolver> SCRATCH = ThreadLocal.withInitial(PlaceResolver::new);

    /** This thread's resolver, emptied, for one article. */
    static PlaceResolver forThread(KnowledgeBase kb) {
        PlaceResolver r = SCRATCH.get();
        r.start(kb);
        return r;
    }

    private KnowledgeBase kb;
    private Gazetteer gaz;

    // the article's mentions: place-name matches first (in scan order), then country mentions
    private int count;
    private int places; // how many of the mentions are place-name matches
    private Span[] span = new Span[16];
    private boolean[] inTitle = new boolean[16];
    private int[] group = new int[16]; // place-name group, or -1 for a country mention
    private int[] country = new int[16]; // a country mention's gazetteer country, or -1 (no places there)
    private int[] entity = new int[16]; // a country mention's entity
    private boolean[] evidenceWord = new boolean[16];
    private double[] weight = new double[16];
    /** Mentions ordered by field (body first) and start: (field * 2^31 + start) * 2^31 + mention. */
    private long[] order = new long[16];

    // the countries the article supports, by gazetteer country index, valid where stamp == article
    private int article;
    private int[] supportStamp = new int[0];
    private boolean[] named = new boolean[0]; // named directly by a country mention
    private int[] supportGroup = new int[0]; // the first place-name group only that country has
    private boolean[] manyGroups = new boolean[0]; // more than one such group

    // the entities named directly (country mentions still standing), valid where namedStamp == article
    private int[] namedStamp = new int[0];

    // shadowedGroup's answers by surface form, for the knowledge base whose shadowed bits are shadowCacheFor
    private static final int SHADOW_CACHE_SIZE = 4096;
    private final HashMap<String, Integer> shadowCache = new HashMap<>();
    private long[] shadowCacheFor;

    // decided: place and mention of each
    private int resolvedCount;
    private int[] resolvedPlace = new int[16];
    private int[] resolvedMention = new int[16];

    private PlaceResolver() {}

    private void start(KnowledgeBase kb) {
        this.kb = kb;
        this.gaz = kb.gazetteer();
        count = 0;
        places = 0;
        resolvedCount = 0;
        if (++article == 0) { // wrapped: forget every stamp
            Arrays.fill(supportStamp, 0);
            Arrays.fill(namedStamp, 0);
            article = 1;
        }
        int countries = gaz.countryCount();
        if (supportStamp.length < countries) {
            supportStamp = new int[countries];
            named = new boolean[countries];
            supportGroup = new int[countries];
            manyGroups = new boolean[countries];
        }
        if (namedStamp.length < kb.entityCount()) {
            namedStamp = new int[kb.entityCount()];
        }
    }

    /** Adds a place-name match; all of them come before the first country mention. */
    void addPlace(Mention m) {
        int i = add(m.span(), m.weight());
        group[i] = m.group();
        country[i] = -1;
        entity[i] = -1;
        evidenceWord[i] = m.evidenceWord();
        places++;
    }

    /** Adds a mention of a country entity. */
    void addCountry(Span s, int countryEntity, double w) {
        int i = add(s, w);
        group[i] = -1;
        country[i] = kb.placeCountryOf(countryEntity);
        entity[i] = countryEntity;
        evidenceWord[i] = false;
    }

    /** A country entity the article names directly (before its mentions are added). */
    void namedDirectly(int countryEntity, boolean named) {
        namedStamp[countryEntity] = named ? article : 0;
    }

    private int add(Span s, double w) {
        if (count == span.length) {
            int n = count * 2;
            span = Arrays.copyOf(span, n);
            inTitle = Arrays.copyOf(inTitle, n);
            group = Arrays.copyOf(group, n);
            country = Arrays.copyOf(country, n);
            entity = Arrays.copyOf(entity, n);
            evidenceWord = Arrays.copyOf(evidenceWord, n);
            weight = Arrays.copyOf(weight, n);
            order = Arrays.copyOf(order, n);
        }
        span[count] = s;
        inTitle[count] = s.field().equals("title");
        weight[count] = w;
        return count++;
    }

    /** Whether the country entity is named directly in the article (and has not lost all its mentions since). */
    boolean namedDirectly(int countryEntity) {
        return namedStamp[countryEntity] == article;
    }

    Span span(int mention) {
        return span[mention];
    }

    double weight(int mention) {
        return weight[mention];
    }

    /** The entity of a country mention, or -1 for a place-name match. */
    int countryEntity(int mention) {
        return entity[mention];
    }

    int resolvedCount() {
        return resolvedCount;
    }

    int resolvedPlace(int i) {
        return resolvedPlace[i];
    }

    int resolvedMention(int i) {
        return resolvedMention[i];
    }

    /** Drops the article's spans, so the scratch keeps nothing of it alive. */
    void finish() {
        Arrays.fill(span, 0, count, null);
        kb = null;
        gaz = null;
    }

    /**
     * Decides every mention added: place-name matches by the rules above, then country mentions that a
     * qualifier makes another place ("Paris, Texas"). Read the result with {@link #resolvedPlace} and
     * {@link #resolvedMention}, in that order.
     */
    void resolve(String title, String body) {
        for (int i = 0; i < count; i++) {
            long fieldStart = (inTitle[i] ? 1L << 31 : 0) + span[i].start();
            order[i] = fieldStart << 31 | i;
        }
        Arrays.sort(order, 0, count);

        // countries the article names directly, or through a place name no other country has
        for (int i = places; i < count; i++) {
            int c = country[i];
            if (c >= 0) {
                support(c);
                named[c] = true;
            }
        }
        for (int i = 0; i < places; i++) {
            int g = group[i];
            int only = gaz.common(g) ? -1 : onlyCountry(g);
            if (only >= 0) {
                support(only);
                if (supportGroup[only] < 0) {
                    supportGroup[only] = g;
                } else if (supportGroup[only] != g) {
                    manyGroups[only] = true;
                }
            }
        }

        for (int i = 0; i < places; i++) {
            int place = decide(i, group[i], title, body, false);
            if (place >= 0) {
                resolved(place, i);
            }
        }
        // a capital the knowledge base links to its country, qualified by somewhere else: "Paris, Texas"
        for (int i = places; i < count; i++) {
            if (qualifier(i, inTitle[i] ? title : body) < 0) {
                continue; // only a qualified capital can be another place (saves folding every mention)
            }
            int g = shadowedGroup(span[i].text());
            if (g >= 0) {
                int place = decide(i, g, title, body, true);
                if (place >= 0 && gaz.country(place) != country[i]) {
                    resolved(place, i);
                }
            }
        }
    }

    /**
     * The place-name group of a name the knowledge base uses ("Paris"), or -1. Remembered per surface form
     * for the knowledge base in use (country mentions followed by a comma are frequent: "Pakistan, India").
     */
    private int shadowedGroup(String surface) {
        if (shadowCacheFor != kb.shadowedPlaceGroups()) {
            shadowCache.clear();
            shadowCacheFor = kb.shadowedPlaceGroups();
        }
        Integer cached = shadowCache.get(surface);
        if (cached != null) {
            return cached;
        }
        int g = gaz.group(Gazetteer.key(KnowledgeBase.tokens(surface)));
        if (g >= 0 && !kb.shadowsPlaceGroup(g)) {
            g = -1;
        }
        if (shadowCache.size() >= SHADOW_CACHE_SIZE) {
            shadowCache.clear();
        }
        shadowCache.put(surface, g);
        return g;
    }

    private void support(int c) {
        if (supportStamp[c] != article) {
            supportStamp[c] = article;
            named[c] = false;
            supportGroup[c] = -1;
            manyGroups[c] = false;
        }
    }

    /** Whether the article supports the country other than by this name alone. */
    private boolean supportedBesides(int c, int g) {
        return supportStamp[c] == article && (named[c] || manyGroups[c] || supportGroup[c] != g);
    }

    private void resolved(int place, int mention) {
        if (resolvedCount == resolvedPlace.length) {
            resolvedPlace = Arrays.copyOf(resolvedPlace, resolvedCount * 2);
            resolvedMention = Arrays.copyOf(resolvedMention, resolvedCount * 2);
        }
        resolvedPlace[resolvedCount] = place;
        resolvedMention[resolvedCount++] = mention;
    }

    private int onlyCountry(int g) {
        int only = -1;
        for (int i = gaz.groupStart[g]; i < gaz.groupStart[g + 1]; i++) {
            int c = gaz.country(gaz.groupMembers[i]);
            if (only >= 0 && only != c) {
                return -1;
            }
            only = c;
        }
        return only;
    }

    /** The place mention {@code m} stands for, or -1; {@code qualifiedOnly}: only with a qualifier. */
    private int decide(int m, int g, String title, String body, boolean qualifiedOnly) {
        String text = inTitle[m] ? title : body;
        int qualifier = qualifier(m, text);
        int from = gaz.groupStart[g];
        int to = gaz.groupStart[g + 1];
        if (qualifier >= 0) {
            for (int i = from; i < to; i++) {
                int p = gaz.groupMembers[i];
                if (qualifies(p, qualifier)) {
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
            if (supportedBesides(gaz.country(p), g)) { // not only the name itself
                chosen = p;
                supported = true;
                break;
            }
        }
        if (dateline(m, text)) {
            return chosen;
        }
        if (gaz.common(g)) {
            return evidenceWord[m] || nearby(gaz.country(chosen), m, text) ? chosen : -1;
        }
        if (gaz.big(chosen)) {
            return chosen;
        }
        if (gaz.small(chosen)) {
            return evidenceWord[m] && supported ? chosen : -1;
        }
        return evidenceWord[m] || supported ? chosen : -1;
    }

    /** The mention that follows right after ", " ("Hyderabad, Pakistan"; "Paris, Texas"), or -1. */
    private int qualifier(int m, String text) {
        int i = span[m].end();
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != ',') {
            return -1;
        }
        i++;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        // the first mention in order at (field, i): binary search for the smallest key of that position
        long fieldStart = (inTitle[m] ? 1L << 31 : 0) + i;
        long lowest = fieldStart << 31;
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (order[mid] < lowest) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < count && order[lo] >>> 31 == fieldStart ? (int) (order[lo] & 0x7FFF_FFFFL) : -1;
    }

    private boolean qualifies(int place, int q) {
        if (group[q] < 0) {
            return gaz.country(place) == country[q];
        }
        for (int i = gaz.groupStart[group[q]]; i < gaz.groupStart[group[q] + 1]; i++) {
            int r = gaz.groupMembers[i];
            if (r != place
                    && gaz.country(r) == gaz.country(place)
                    && (gaz.kind(r) != Gazetteer.REGION || gaz.region(r) == gaz.region(place))) {
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
    private boolean dateline(int m, String text) {
        if (inTitle[m]) {
            return false;
        }
        Span s = span[m];
        for (int i = 0; i < s.start(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        int i = s.end();
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
        String name = s.text();
        if (name.equals(name.toUpperCase(Locale.ROOT))) {
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
    private boolean nearby(int c, int m, String text) {
        if (inTitle[m] || opensSentence(span[m].start(), text)) {
            return false;
        }
        Span s = span[m];
        for (int o = 0; o < count; o++) {
            if (o == m || inTitle[o]) {
                continue;
            }
            int distance = Math.max(span[o].start() - s.end(), s.start() - span[o].end());
            if (distance > NEARBY_CHARS || distance < 2) {
                continue; // far away, or glued to it as one name ("Whitney Houston")
            }
            if (group[o] < 0 ? country[o] == c : inCountry(group[o], c)) {
                return true;
            }
        }
        return false;
    }

    private boolean inCountry(int g, int c) {
        if (gaz.common(g)) {
            return false; // one common word does not vouch for another
        }
        for (int i = gaz.groupStart[g]; i < gaz.groupStart[g + 1]; i++) {
            if (gaz.country(gaz.groupMembers[i]) == c) {
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
