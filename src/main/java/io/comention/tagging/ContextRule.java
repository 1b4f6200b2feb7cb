package io.comention.tagging;

import java.util.List;

/**
 * An optional rule on a knowledge-base entry that vetoes a match by its surroundings (format:
 * {@code config/entities/README.md}, field {@code context}, and {@code shared_context} for rules every
 * entry of a type gets). Phrases are compared like aliases: folded and case-insensitive, token by token.
 *
 * @param forms          the entry's surface forms the rule governs (empty: all of them)
 * @param notAfter       no match right after one of these phrases ("state of" Georgia, "Michael" Jordan)
 * @param notBefore      no match right before one of these phrases (Georgia "Senate", Jordan "Peterson")
 * @param notNextToName  no match glued to a person's name: a capitalised word right before it (not
 *                       starting a sentence, not a function word such as "In") or right after it, as in
 *                       "Vernon Jordan" or "Jordan Bardella"; off in title-case headlines
 * @param notWith        no match in an article (title or body) that contains one of these phrases ("Atlanta")
 * @param unlessWith     ... unless the article also contains one of these ("Tbilisi")
 * @param notInNameAfter  no match inside a longer proper name that starts with one of these phrases: the
 *                        match is preceded, through capitalised words, initials and "of"/"de"/"the", by
 *                        one of them ("USS" George Washington, "HMS" Prince of Wales)
 * @param notInNameBefore no match inside a longer proper name that ends with one of these phrases: the
 *                        match is followed, through capitalised words and initials, by one of them (John F.
 *                        Kennedy International "Airport", Trump "Tower")
 * @param inCapitals     the rule's local conditions apply only where the match stands in text written in
 *                       capitals (an all-caps headline or dateline): "LET US TALK", "WHO WILL PAY"
 * @param evidenceAfter  for {@code surnames}: a title or role right before the form ("President", "Mr.")
 *                       is enough evidence to link it
 */
public record ContextRule(
        List<String> forms,
        List<String> notAfter,
        List<String> notBefore,
        boolean notNextToName,
        List<String> notWith,
        List<String> unlessWith,
        List<String> notInNameAfter,
        List<String> notInNameBefore,
        boolean inCapitals,
        List<String> evidenceAfter) {

    public ContextRule {
        forms = List.copyOf(forms == null ? List.of() : forms);
        notAfter = List.copyOf(notAfter == null ? List.of() : notAfter);
        notBefore = List.copyOf(notBefore == null ? List.of() : notBefore);
        notWith = List.copyOf(notWith == null ? List.of() : notWith);
        unlessWith = List.copyOf(unlessWith == null ? List.of() : unlessWith);
        notInNameAfter = List.copyOf(notInNameAfter == null ? List.of() : notInNameAfter);
        notInNameBefore = List.copyOf(notInNameBefore == null ? List.of() : notInNameBefore);
        evidenceAfter = List.copyOf(evidenceAfter == null ? List.of() : evidenceAfter);
    }

    /** A rule with the original six fields only. */
    public ContextRule(
            List<String> forms,
            List<String> notAfter,
            List<String> notBefore,
            boolean notNextToName,
            List<String> notWith,
            List<String> unlessWith) {
        this(forms, notAfter, notBefore, notNextToName, notWith, unlessWith, null, null, false, null);
    }

    /** The same rule governing other forms. */
    ContextRule withForms(List<String> newForms) {
        return new ContextRule(
                newForms,
                notAfter,
                notBefore,
                notNextToName,
                notWith,
                unlessWith,
                notInNameAfter,
                notInNameBefore,
                inCapitals,
                evidenceAfter);
    }

    /** Whether the rule vetoes anything by the words around a match (not only by the article). */
    boolean hasLocalCondition() {
        return !notAfter.isEmpty()
                || !notBefore.isEmpty()
                || notNextToName
                || !notInNameAfter.isEmpty()
                || !notInNameBefore.isEmpty();
    }
}
