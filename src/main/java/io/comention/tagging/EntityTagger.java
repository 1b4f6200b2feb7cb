package io.comention.tagging;

import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import io.comention.tagging.TextNormalizer.NormalizedText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    private static final Comparator<Span> SPAN_ORDER =
            Comparator.comparing((Span s) -> !s.field().equals("title")).thenComparingInt(Span::start);
    private static final Comparator<TaggedEntity> BY_SALIENCE =
            Comparator.comparingDouble(TaggedEntity::salience).reversed().thenComparing(TaggedEntity::id);

    private final KnowledgeBase kb;

    public EntityTagger(KnowledgeBase kb) {
        this.kb = Objects.requireNonNull(kb, "kb");
    }

    public KnowledgeBase knowledgeBase() {
        return kb;
    }

    /** The entities named in {@code title} and {@code body} (either may be null), most salient first. */
    public List<TaggedEntity> tag(String title, String body) {
        Map<Integer, Acc> found = new HashMap<>();
        List<Pending> pending = new ArrayList<>(0);
        scan("title", title, found, pending);
        scan("body", body, found, pending);
        if (!pending.isEmpty()) { // article rules read the folded fields again (rare)
            resolveArticleRules(pending, normalized(title), normalized(body), found);
        }
        if (found.size() > 1) {
            attributeNameParts(found);
        }
        if (found.isEmpty()) {
            return List.of();
        }
        double max = 0;
        for (Acc a : found.values()) {
            max = Math.max(max, a.weight);
        }
        List<TaggedEntity> out = new ArrayList<>(found.size());
        for (Map.Entry<Integer, Acc> e : found.entrySet()) {
            Acc a = e.getValue();
            EntityRef ref = kb.ref(e.getKey());
            double sal = 0.5 * a.weight / (a.weight + SATURATION) + 0.5 * a.weight / max;
            sal = Math.round(sal * 10000.0) / 10000.0;
            out.add(new TaggedEntity(ref.id(), ref.type(), ref.name(), a.spans.size(), sal, List.copyOf(a.spans)));
        }
        out.sort(BY_SALIENCE);
        return List.copyOf(out);
    }

    private NormalizedText scan(String field, String text, Map<Integer, Acc> found, List<Pending> pending) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        boolean isTitle = field.equals("title");
        NormalizedText[] holder = new NormalizedText[1];
        AliasMatcher.Sink sink = (entity, ns, ne, articleRule) -> {
            NormalizedText nt = holder[0];
            int start = nt == null ? ns : nt.originalStart(ns);
            int end = nt == null ? ne : nt.originalEnd(ne);
            double w = isTitle ? TITLE_WEIGHT : start < LEAD_CHARS ? LEAD_WEIGHT : BODY_WEIGHT;
            Span span = new Span(field, start, end, text.substring(start, end));
            if (articleRule >= 0) {
                pending.add(new Pending(entity, articleRule, w, span));
            } else {
                Acc acc = found.computeIfAbsent(entity, k -> new Acc());
                acc.weight += w;
                acc.spans.add(span);
            }
        };
        if (kb.matcher().matchAscii(text, sink)) {
            return null;
        }
        holder[0] = TextNormalizer.normalize(text);
        kb.matcher().match(holder[0], sink);
        return holder[0];
    }

    private static NormalizedText normalized(String text) {
        return text == null || text.isEmpty() ? null : TextNormalizer.normalize(text);
    }

    /** Mentions whose context rule looks at the whole article ("Georgia" with "Atlanta") are decided last. */
    private void resolveArticleRules(List<Pending> pending, NormalizedText title, NormalizedText body,
            Map<Integer, Acc> found) {
        List<NormalizedText> fields = new ArrayList<>(2);
        if (title != null) {
            fields.add(title);
        }
        if (body != null) {
            fields.add(body);
        }
        Map<Integer, Boolean> verdicts = new HashMap<>();
        for (Pending p : pending) {
            if (verdicts.computeIfAbsent(p.rule, r -> kb.matcher().articleAllows(r, fields))) {
                Acc acc = found.computeIfAbsent(p.entity, k -> new Acc());
                acc.weight += p.weight;
                acc.spans.add(p.span);
            }
        }
        for (Acc a : found.values()) {
            a.spans.sort(SPAN_ORDER);
        }
    }

    /**
     * Once an article names a person in full ("Rep. Jim Jordan", "George Washington"), a later one-word
     * mention that repeats a word of that name ("Jordan said", "Washington crossed") is the person, not
     * the country or organisation that word also names.
     */
    private void attributeNameParts(Map<Integer, Acc> found) {
        Map<String, Integer> nameWords = null;
        for (Map.Entry<Integer, Acc> e : found.entrySet()) {
            if (kb.ref(e.getKey()).type() != EntityType.PERSON) {
                continue;
            }
            for (Span s : e.getValue().spans) {
                String text = s.text();
                if (text.indexOf(' ') < 0 && text.indexOf('\u00A0') < 0) {
                    continue; // a one-word mention is not a full name
                }
                int i = 0;
                while (i < text.length()) {
                    int j = i;
                    while (j < text.length() && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '\u00A0') {
                        j++;
                    }
                    if (j - i >= 3 && Character.isUpperCase(text.charAt(i))) {
                        if (nameWords == null) {
                            nameWords = new HashMap<>();
                        }
                        nameWords.putIfAbsent(text.substring(i, j), e.getKey());
                    }
                    i = j + 1;
                }
            }
        }
        if (nameWords == null) {
            return;
        }
        boolean moved = false;
        List<Integer> emptied = new ArrayList<>();
        for (Map.Entry<Integer, Acc> e : found.entrySet()) {
            if (kb.ref(e.getKey()).type() == EntityType.PERSON) {
                continue;
            }
            Acc acc = e.getValue();
            for (java.util.Iterator<Span> it = acc.spans.iterator(); it.hasNext(); ) {
                Span s = it.next();
                Integer person = nameWords.get(s.text());
                if (person != null) {
                    moved = true;
                    it.remove();
                    double w = weightOf(s);
                    acc.weight -= w;
                    Acc p = found.get(person);
                    p.spans.add(s);
                    p.weight += w;
                }
            }
            if (acc.spans.isEmpty()) {
                emptied.add(e.getKey());
            }
        }
        if (!moved) {
            return;
        }
        emptied.forEach(found::remove);
        for (Acc a : found.values()) {
            a.spans.sort(SPAN_ORDER);
        }
    }

    private static double weightOf(Span s) {
        return s.field().equals("title") ? TITLE_WEIGHT : s.start() < LEAD_CHARS ? LEAD_WEIGHT : BODY_WEIGHT;
    }

    private record Pending(int entity, int rule, double weight, Span span) {}

    private static final class Acc {
        double weight;
        final List<Span> spans = new ArrayList<>();
    }
}
