package io.comention.tagging;

import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import io.comention.tagging.TextNormalizer.NormalizedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tags the entities an article names, using a {@link KnowledgeBase}. Thread-safe: the dictionary is
 * built once by the knowledge base and only read here; every call allocates only its own buffers.
 *
 * <h2>Matching</h2>
 * Title and body are folded (diacritics, curly quotes, dashes, zero-width characters; see
 * {@link TextNormalizer}) and split into word and punctuation tokens; aliases are matched left to right,
 * longest first, on token boundaries. Spans point into the original strings (UTF-16 offsets).
 * Possessives ({@code Pakistan’s}) and hyphenated compounds ({@code Pak-Afghan}, {@code ISI-Haqqani},
 * {@code Omar-led}) fall out of the tokenisation; ordinary aliases ignore case, capitalised-only forms
 * (demonyms, capitals, common-word names such as Turkey or Chad) need a capital first letter,
 * acronyms ({@code US}, {@code ISI}) need exact case, and prefixes ({@code Pak}, {@code Indo}) match only
 * glued to a hyphen inside a compound.
 *
 * <h2>Salience</h2>
 * Each mention has a weight by position: {@code 3} in the title, {@code 2} in the first
 * {@value #LEAD_CHARS} characters of the body (the lead), {@code 1} elsewhere. With {@code s} the sum of an
 * entity's weights and {@code max} the largest such sum in the article:
 * <pre>
 *   salience = 0.5 * s / (s + 3)  +  0.5 * s / max
 * </pre>
 * The first term grows with the absolute weight (one body mention 0.125, a title mention 0.25, saturating
 * towards 0.5); the second ranks the entity against the article's most central one (which gets 0.5). The
 * result lies in (0, 1], rounded to 4 decimals. Entities are sorted by salience descending, then by id.
 */
public final class EntityTagger {

    static final int LEAD_CHARS = 300;
    static final double TITLE_WEIGHT = 3.0;
    static final double LEAD_WEIGHT = 2.0;
    static final double BODY_WEIGHT = 1.0;
    static final double SATURATION = 3.0;
    /** Title spans first, then body spans, each by position. */
    private static final Comparator<Span> SPAN_ORDER = (a, b) -> {
        boolean aTitle = a.field().equals("title");
        if (aTitle != b.field().equals("title")) {
            return aTitle ? -1 : 1;
        }
        return Integer.compare(a.start(), b.start()); // written out: a composed comparator boxes the field test
    };
    /** Most salient first, then by id. */
    private static final Comparator<TaggedEntity> BY_SALIENCE = (a, b) -> {
        int bySalience = Double.compare(b.salience(), a.salience());
        return bySalience != 0 ? bySalience : a.id().compareTo(b.id());
    };

    private final KnowledgeBase kb;
    private final boolean[] isPerson; // by entity index: saves reading each entity's ref per article
    private final Gazetteer places; // null: no places
    private final int placeBase; // matches of entity placeBase + g are of place-name group g

    public EntityTagger(KnowledgeBase kb) {
        this.kb = Objects.requireNonNull(kb, "kb");
        places = kb.gazetteer();
        placeBase = places == null ? Integer.MAX_VALUE : kb.entityCount();
        isPerson = new boolean[kb.entityCount()];
        for (int e = 0; e < isPerson.length; e++) {
            isPerson[e] = kb.ref(e).type() == EntityType.PERSON;
        }
    }

    public KnowledgeBase knowledgeBase() {
        return kb;
    }

    /** The entities named in {@code title} and {@code body} (either may be null), most salient first. */
    public List<TaggedEntity> tag(String title, String body) {
        Found found = new Found();
        List<Pending> pending = new ArrayList<>(0);
        scan("title", title, found, pending);
        scan("body", body, found, pending);
        if (!pending.isEmpty()) {
            resolveArticleRules(pending, title, body, found);
        }
        if (found.size > 1 || (found.size > 0 && found.nameWords != null)) {
            attributeNameParts(found);
        }
        List<PlaceTagging.PlaceAcc> placeAccs =
                places == null ? List.of() : PlaceTagging.resolve(this, found, title, body);
        if (found.size == 0 && placeAccs.isEmpty()) {
            return List.of();
        }
        double max = 0;
        List<Acc> order = found.order;
        int entities = order.size();
        for (int i = 0; i < entities; i++) { // indexed: an iterator per loop was a fair share of the allocation
            Acc a = order.get(i);
            if (!a.removed) {
                max = Math.max(max, a.weight);
            }
        }
        for (PlaceTagging.PlaceAcc p : placeAccs) {
            max = Math.max(max, p.weight);
        }
        TaggedEntity[] out = new TaggedEntity[found.size + placeAccs.size()];
        int n = 0;
        for (int i = 0; i < entities; i++) {
            Acc a = order.get(i);
            if (a.removed) {
                continue;
            }
            if (a.unsorted) {
                a.spans.sort(SPAN_ORDER);
            }
            EntityRef ref = kb.ref(a.entity);
            double sal = salience(a.weight, max);
            out[n++] = a.via == null
                    ? new TaggedEntity(ref.id(), ref.type(), ref.name(), a.spans.size(), sal, List.copyOf(a.spans))
                    : new TaggedEntity(
                            ref.id(),
                            ref.type(),
                            ref.name(),
                            a.spans.size(),
                            sal,
                            List.copyOf(a.spans),
                            null,
                            List.copyOf(a.via));
        }
        for (PlaceTagging.PlaceAcc p : placeAccs) {
            out[n++] = p.entity(salience(p.weight, max));
        }
        Arrays.sort(out, BY_SALIENCE);
        return List.of(out);
    }

    private static double salience(double weight, double max) {
        double sal = 0.5 * weight / (weight + SATURATION) + 0.5 * weight / max;
        return Math.round(sal * 10000.0) / 10000.0;
    }

    private void scan(String field, String text, Found found, List<Pending> pending) {
        if (text == null || text.isEmpty()) {
            return;
        }
        FieldSink sink = new FieldSink(field, text, found, pending, placeBase);
        if (!kb.matcher().matchAscii(text, sink)) {
            sink.folded = TextNormalizer.normalize(text);
            kb.matcher().match(sink.folded, sink);
        }
    }

    /** Turns the matcher's matches in one field into spans (one object per field, not per mention). */
    private static final class FieldSink implements AliasMatcher.Sink {
        final String field;
        final String text;
        final boolean isTitle;
        final Found found;
        final List<Pending> pending;
        final int placeBase;
        NormalizedText folded; // null on the ASCII path, where folded offsets are original offsets

        FieldSink(String field, String text, Found found, List<Pending> pending, int placeBase) {
            this.field = field;
            this.text = text;
            this.isTitle = field.equals("title");
            this.found = found;
            this.pending = pending;
            this.placeBase = placeBase;
        }

        @Override
        public void accept(int entity, int normStart, int normEnd, int articleRule, int flags) {
            int start = folded == null ? normStart : folded.originalStart(normStart);
            int end = folded == null ? normEnd : folded.originalEnd(normEnd);
            double w = isTitle ? TITLE_WEIGHT : start < LEAD_CHARS ? LEAD_WEIGHT : BODY_WEIGHT;
            Span span = new Span(field, start, end, found.surface(text, start, end));
            if (entity >= placeBase) { // a place name: PlaceTagging decides once the article is scanned
                if (found.placeMatches == null) {
                    found.placeMatches = new ArrayList<>(4);
                }
                found.placeMatches.add(new PlaceResolver.Mention(
                        span, entity - placeBase, null, (flags & AliasMatcher.NEEDS_EVIDENCE) == 0, w));
                return;
            }
            if (articleRule >= 0 || flags != 0) {
                pending.add(new Pending(entity, articleRule, w, span, (flags & AliasMatcher.NEEDS_EVIDENCE) != 0));
            } else {
                Acc acc = found.getOrAdd(entity);
                acc.weight += w;
                acc.spans.add(span);
            }
        }

        @Override
        public void nameWord(int normStart, int normEnd) {
            int start = folded == null ? normStart : folded.originalStart(normStart);
            int end = folded == null ? normEnd : folded.originalEnd(normEnd);
            if (found.nameWords == null) {
                found.nameWords = new HashSet<>(4);
            }
            found.nameWords.add(found.surface(text, start, end));
        }
    }

    /**
     * Mentions whose context rule looks at the whole article ("Georgia" with "Atlanta") are decided last;
     * then surnames, which stand only if the article names their entity by another form ("Vladimir Putin
     * ... Putin said"). A surname several people share stands for the one of them the article names.
     */
    private void resolveArticleRules(List<Pending> pending, String title, String body, Found found) {
        int[] rules = new int[pending.size()];
        int ruleCount = 0;
        for (int i = 0; i < pending.size(); i++) {
            int r = pending.get(i).rule;
            if (r >= 0 && indexOf(rules, ruleCount, r) < 0) {
                rules[ruleCount++] = r;
            }
        }
        boolean[] allowed = ruleCount == 0 ? null : kb.matcher().articleAllows(rules, ruleCount, title, body);
        boolean surnames = false;
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            if (p.rule >= 0 && !allowed[indexOf(rules, ruleCount, p.rule)]) {
                p.vetoed = true;
            } else if (p.needsEvidence) {
                surnames = true;
            } else {
                add(found, p);
            }
        }
        if (!surnames) {
            return;
        }
        // the candidates for one surname were reported one after another, with the same span
        for (int i = 0; i < pending.size(); ) {
            Pending p = pending.get(i);
            int j = i + 1;
            while (j < pending.size() && pending.get(j).span.equals(p.span)) {
                j++;
            }
            if (p.needsEvidence) {
                Pending chosen = null;
                int withEvidence = 0;
                for (int k = i; k < j; k++) {
                    Pending c = pending.get(k);
                    Acc named = c.vetoed ? null : found.get(c.entity);
                    if (named != null && !named.spans.isEmpty()) {
                        chosen = c;
                        withEvidence++;
                    }
                }
                if (withEvidence == 1) {
                    add(found, chosen);
                }
            }
            i = j;
        }
    }

    private static int indexOf(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static void add(Found found, Pending p) {
        Acc acc = found.getOrAdd(p.entity);
        acc.weight += p.weight;
        acc.spans.add(p.span);
        acc.unsorted = true; // its title and body spans came in two passes
    }

    /** Stands for a person outside the knowledge base whose name claims a word. */
    private static final Acc NOBODY = new Acc(-1);

    /**
     * Once an article names a person in full ("Rep. Jim Jordan", "George Washington"), a later one-word
     * mention that repeats the last word of that name ("Jordan said", "Washington crossed") is the person,
     * not the country or organisation that word also names; a first name does not claim it ("Israel Katz,
     * Israel's defence minister"). The same holds for a person the knowledge base does not know, whose
     * name the matcher recognised by a context rule ("Eddie Jordan ... Jordan said"): those uses name no
     * entity.
     */
    private void attributeNameParts(Found found) {
        List<Acc> order = found.order;
        List<Acc> persons = null;
        for (int i = 0; i < order.size(); i++) {
            Acc a = order.get(i);
            if (isPerson[a.entity]) {
                if (persons == null) {
                    persons = new ArrayList<>(4);
                }
                persons.add(a);
            }
        }
        if (persons == null && found.nameWords == null) {
            return;
        }
        if (persons == null) {
            persons = new ArrayList<>(0);
        }
        Map<String, Acc> nameWords = new HashMap<>();
        if (!persons.isEmpty() && collectNameWords(persons, nameWords)) {
            // Two persons share a name word: the first visited claims it. The tagger has always visited
            // entities in a hash map's order; the same keys inserted in the same order give that order.
            Map<Integer, Acc> hashOrder = new HashMap<>();
            for (int i = 0; i < order.size(); i++) {
                hashOrder.put(order.get(i).entity, order.get(i));
            }
            persons.clear();
            for (Acc a : hashOrder.values()) {
                if (isPerson[a.entity]) {
                    persons.add(a);
                }
            }
            nameWords.clear();
            collectNameWords(persons, nameWords);
        }
        if (found.nameWords != null) {
            for (String w : found.nameWords) {
                nameWords.putIfAbsent(w, NOBODY); // a person the knowledge base does not know ("Eddie Jordan")
            }
        }
        if (nameWords.isEmpty()) {
            return;
        }
        long lengths = 0; // bit n: some name word has n characters (n >= 63: bit 63)
        for (String w : nameWords.keySet()) {
            lengths |= 1L << Math.min(w.length(), 63);
        }
        for (int i = 0; i < order.size(); i++) {
            Acc acc = order.get(i);
            if (isPerson[acc.entity]) {
                continue;
            }
            List<Span> spans = acc.spans;
            int kept = 0; // spans kept are moved down in place, in their order
            for (int k = 0, size = spans.size(); k < size; k++) {
                Span s = spans.get(k);
                String text = s.text();
                Acc person =
                        (lengths & (1L << Math.min(text.length(), 63))) == 0 || !Character.isUpperCase(text.charAt(0))
                                ? null // no name word has this length, or the text is not capitalised as they all are
                                : nameWords.get(text);
                if (person == null) {
                    if (kept != k) {
                        spans.set(kept, s);
                    }
                    kept++;
                } else {
                    double w = weightOf(s);
                    acc.weight -= w; // weights are small whole numbers: sums are exact in any order
                    if (person != NOBODY) {
                        person.spans.add(s);
                        person.weight += w;
                        person.unsorted = true;
                    }
                }
            }
            if (kept < spans.size()) {
                spans.subList(kept, spans.size()).clear();
            }
            if (acc.spans.isEmpty()) {
                acc.removed = true;
                found.size--;
            }
        }
    }

    /**
     * Maps the last word (3+ characters, capitalised) of each of the persons' multi-word mentions to the
     * first person in {@code persons} that uses it; returns true if another person uses the same word too.
     */
    private static boolean collectNameWords(List<Acc> persons, Map<String, Acc> nameWords) {
        boolean shared = false;
        for (int i = 0; i < persons.size(); i++) {
            Acc person = persons.get(i);
            for (int k = 0; k < person.spans.size(); k++) {
                Span s = person.spans.get(k);
                String text = s.text();
                int j = text.length();
                while (j > 0 && !Character.isWhitespace(text.charAt(j - 1)) && text.charAt(j - 1) != '\u00A0') {
                    j--;
                }
                if (j == 0) {
                    continue; // a one-word mention is not a full name
                }
                if (text.length() - j >= 3 && Character.isUpperCase(text.charAt(j))) {
                    Acc first = nameWords.putIfAbsent(text.substring(j), person);
                    shared = shared || (first != null && first != person);
                }
            }
        }
        return shared;
    }

    static double weightOf(Span s) {
        return s.field().equals("title") ? TITLE_WEIGHT : s.start() < LEAD_CHARS ? LEAD_WEIGHT : BODY_WEIGHT;
    }

    private static final class Pending {
        final int entity;
        final int rule;
        final double weight;
        final Span span;
        final boolean needsEvidence;
        boolean vetoed; // by its article rule

        Pending(int entity, int rule, double weight, Span span, boolean needsEvidence) {
            this.entity = entity;
            this.rule = rule;
            this.weight = weight;
            this.span = span;
            this.needsEvidence = needsEvidence;
        }
    }

    static final class Acc {
        final int entity;
        double weight;
        final List<Span> spans = new ArrayList<>(4);
        List<String> via; // a country named only through places: their names
        boolean unsorted; // spans were added out of order (sorted once, when the result is built)
        boolean removed; // all its mentions went to a person

        Acc(int entity) {
            this.entity = entity;
        }
    }

    /** The entities of one article by entity index (open addressing, no boxing), in the order first found. */
    static final class Found {
        final List<Acc> order = new ArrayList<>();
        int size; // entities not removed
        Set<String> nameWords; // words that end a person's name outside the knowledge base (rare)
        List<PlaceResolver.Mention> placeMatches; // place-name matches, decided after the scan (null: none)
        private int[] keys = new int[32]; // entity + 1; 0 = empty
        private Acc[] values = new Acc[32];
        // the texts of this article's spans, so that a name it repeats ("Pakistan" ten times) is one String
        private String[] surfaces;

        /** {@code text.substring(start, end)}, or an equal string this article already made. */
        String surface(String text, int start, int end) {
            int len = end - start;
            if (len > 40) {
                return text.substring(start, end);
            }
            if (surfaces == null) {
                surfaces = new String[64];
            }
            int slot = (len * 0x9E3779B9 + text.charAt(start) * 31 + text.charAt(end - 1)) * 0x85EBCA6B >>> 26;
            String s = surfaces[slot];
            if (s == null || s.length() != len || !text.regionMatches(start, s, 0, len)) {
                s = text.substring(start, end);
                surfaces[slot] = s; // on a collision the newer surface takes the slot
            }
            return s;
        }

        /** The entity's accumulator, or null. */
        Acc get(int entity) {
            int mask = keys.length - 1;
            int slot = (entity * 0x9E3779B9) >>> 16 & mask;
            while (keys[slot] != 0) {
                if (keys[slot] == entity + 1) {
                    return values[slot].removed ? null : values[slot];
                }
                slot = (slot + 1) & mask;
            }
            return null;
        }

        Acc getOrAdd(int entity) {
            int mask = keys.length - 1;
            int slot = (entity * 0x9E3779B9) >>> 16 & mask;
            while (keys[slot] != 0) {
                if (keys[slot] == entity + 1) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            Acc a = new Acc(entity);
            keys[slot] = entity + 1;
            values[slot] = a;
            order.add(a);
            size++;
            if (order.size() * 2 > keys.length) {
                rehash();
            }
            return a;
        }

        private void rehash() {
            keys = new int[keys.length * 2];
            values = new Acc[keys.length];
            int mask = keys.length - 1;
            for (Acc a : order) {
                int slot = (a.entity * 0x9E3779B9) >>> 16 & mask;
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = a.entity + 1;
                values[slot] = a;
            }
        }
    }
}
