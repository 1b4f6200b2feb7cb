package io.comention.tagging;

import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One knowledge-base entry as written in a YAML file (see {@code config/entities/README.md}).
 * {@code name} always matches too, case-insensitively, unless it is also listed under
 * {@code capitalizedAliases} or {@code caseSensitiveAliases}. Demonyms, capitals and prefixes match only
 * when capitalised; prefixes only inside hyphenated compounds. {@code surnames} match only capitalised and
 * only on evidence: when the same article names the entry by another of its forms, or when a title from a
 * context rule's {@code evidenceAfter} stands right before ("President Putin"). {@code source} names where
 * the entry came from (a file path, a classpath resource, or a control message) for error and warning
 * messages. {@code contextRules} are optional vetoes by surrounding text ({@link ContextRule}), including
 * the {@code shared_context} rules of the entry's type, merged in when the files are loaded.
 */
public record EntityDefinition(
        String id,
        EntityType type,
        String name,
        List<String> aliases,
        List<String> capitalizedAliases,
        List<String> caseSensitiveAliases,
        List<String> demonyms,
        List<String> capitals,
        List<String> prefixes,
        String source,
        List<ContextRule> contextRules,
        List<String> surnames) {

    public EntityDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases == null ? List.of() : aliases);
        capitalizedAliases = List.copyOf(capitalizedAliases == null ? List.of() : capitalizedAliases);
        caseSensitiveAliases = List.copyOf(caseSensitiveAliases == null ? List.of() : caseSensitiveAliases);
        demonyms = List.copyOf(demonyms == null ? List.of() : demonyms);
        capitals = List.copyOf(capitals == null ? List.of() : capitals);
        prefixes = List.copyOf(prefixes == null ? List.of() : prefixes);
        source = source == null ? "(unknown source)" : source;
        contextRules = List.copyOf(contextRules == null ? List.of() : contextRules);
        surnames = List.copyOf(surnames == null ? List.of() : surnames);
    }

    /** A definition without surnames. */
    public EntityDefinition(
            String id,
            EntityType type,
            String name,
            List<String> aliases,
            List<String> capitalizedAliases,
            List<String> caseSensitiveAliases,
            List<String> demonyms,
            List<String> capitals,
            List<String> prefixes,
            String source,
            List<ContextRule> contextRules) {
        this(
                id,
                type,
                name,
                aliases,
                capitalizedAliases,
                caseSensitiveAliases,
                demonyms,
                capitals,
                prefixes,
                source,
                contextRules,
                null);
    }

    /** A definition without context rules or surnames. */
    public EntityDefinition(
            String id,
            EntityType type,
            String name,
            List<String> aliases,
            List<String> capitalizedAliases,
            List<String> caseSensitiveAliases,
            List<String> demonyms,
            List<String> capitals,
            List<String> prefixes,
            String source) {
        this(
                id,
                type,
                name,
                aliases,
                capitalizedAliases,
                caseSensitiveAliases,
                demonyms,
                capitals,
                prefixes,
                source,
                null,
                null);
    }

    /** Every surface form of the entry: name, aliases, demonyms, capitals, prefixes and surnames. */
    public List<String> allForms() {
        List<String> all = new ArrayList<>();
        all.add(name);
        all.addAll(aliases);
        all.addAll(capitalizedAliases);
        all.addAll(caseSensitiveAliases);
        all.addAll(demonyms);
        all.addAll(capitals);
        all.addAll(prefixes);
        all.addAll(surnames);
        return all;
    }

    /** The same entry with other context rules. */
    public EntityDefinition withContextRules(List<ContextRule> rules) {
        return new EntityDefinition(
                id,
                type,
                name,
                aliases,
                capitalizedAliases,
                caseSensitiveAliases,
                demonyms,
                capitals,
                prefixes,
                source,
                rules,
                surnames);
    }

    /** A definition with just a name and plain aliases. */
    public static EntityDefinition of(String id, EntityType type, String name, List<String> aliases) {
        return new EntityDefinition(id, type, name, aliases, null, null, null, null, null, null);
    }

    public EntityRef ref() {
        return new EntityRef(id, name, type);
    }
}
