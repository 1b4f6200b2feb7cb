package io.comention.tagging;

import java.util.List;

/**
 * An optional rule on a knowledge-base entry that vetoes a match by its surroundings (format:
 * {@code config/entities/README.md}, field {@code context}). Phrases are compared like aliases: folded
 * and case-insensitive, token by token.
 *
 * @param forms         the entry's surface forms the rule governs (empty: all of them)
 * @param notAfter      no match right after one of these phrases ("state of" Georgia, "Michael" Jordan)
 * @param notBefore     no match right before one of these phrases (Georgia "Senate", Jordan "Peterson")
 * @param notNextToName no match glued to a person's name: a capitalised word right before it (not
 *                      starting a sentence, not a function word such as "In") or right after it, as in
 *                      "Vernon Jordan" or "Jordan Bardella"; off in title-case headlines
 * @param notWith       no match in an article (title or body) that contains one of these phrases ("Atlanta")
 * @param unlessWith    ... unless the article also contains one of these ("Tbilisi")
 */
public record ContextRule(
        List<String> forms,
        List<String> notAfter,
        List<String> notBefore,
        boolean notNextToName,
        List<String> notWith,
        List<String> unlessWith) {

    public ContextRule {
        forms = List.copyOf(forms == null ? List.of() : forms);
        notAfter = List.copyOf(notAfter == null ? List.of() : notAfter);
        notBefore = List.copyOf(notBefore == null ? List.of() : notBefore);
        notWith = List.copyOf(notWith == null ? List.of() : notWith);
        unlessWith = List.copyOf(unlessWith == null ? List.of() : unlessWith);
    }
}
