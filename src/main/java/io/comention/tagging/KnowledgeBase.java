package io.comention.tagging;

import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import io.comention.tagging.AliasMatcher.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The entities the tagger knows (countries, organisations, people) and the compiled alias dictionary.
 * Immutable and thread-safe; build a new one to change it. Files use the format documented in
 * {@code config/entities/README.md}.
 *
 * <p>Errors ({@link KnowledgeBaseException}): unreadable or missing file, YAML syntax error (with line),
 * missing or invalid id/type/name, unknown field, duplicate id across all files. Alias collisions (the
 * same surface form on two entities) are only {@linkplain #warnings() warnings}: where both would match,
 * the stricter case rule wins, then the entity loaded first.
 */
public final class KnowledgeBase {

    /** The bundled files, in load order (a jar's classpath directory cannot be listed). */
    public static final List<String> BUNDLED_FILES =
            List.of("countries.yaml", "organizations-people.yaml", "proper-names.yaml", "places.yaml");
    /** Classpath folder of the bundled files (the pom copies {@code config/} to {@code comention/config/}). */
    public static final String BUNDLED_RESOURCE_DIR = "comention/config/entities/";

    private final List<EntityDefinition> definitions;
    private final EntityRef[] refs;
    private final Map<String, Integer> byId;
    private final List<String> ignorePhrases;
    private final List<String> warnings;
    private final AliasMatcher matcher;
    private final int aliasCount;
    private final int generatedAliasCount;
    private final Gazetteer gazetteer; // null: no places
    private final int placeAliasCount;
    private final long[] shadowedPlaceGroups; // one bit per place-name group whose name this knowledge base uses
    private final int[] placeCountryOfEntity; // entity index -> the gazetteer's index of that country, or -1
    private final int[] entityOfPlaceCountry; // the gazetteer's country index -> its COUNTRY entity, or -1

    private KnowledgeBase(
            List<EntityDefinition> definitions,
            List<String> ignorePhrases,
            List<String> loadWarnings,
            Gazetteer gazetteer) {
        List<String> warn = new ArrayList<>(loadWarnings);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < definitions.size(); i++) {
            EntityDefinition d = definitions.get(i);
            Integer prev = index.putIfAbsent(d.id(), i);
            if (prev != null) {
                throw new KnowledgeBaseException(d.source() + ": entry '" + d.id() + "': field 'id' duplicates the id"
                        + " already defined in " + definitions.get(prev).source() + "; ids must be unique across all"
                        + " knowledge-base files: remove one entry or give it another id.");
            }
        }
        this.definitions = List.copyOf(definitions);
        this.byId = Map.copyOf(index);
        this.refs = definitions.stream().map(EntityDefinition::ref).toArray(EntityRef[]::new);
        this.ignorePhrases = List.copyOf(ignorePhrases);

        AliasMatcherBuilder builder = new AliasMatcherBuilder();
        Set<String> reported = new HashSet<>();
        // entries that share a rule list (every country with only the shared rules) share its compiled form
        Map<List<ContextRule>, CompiledRule> compiled = new HashMap<>();
        int aliases = 0;
        for (String phrase : ignorePhrases) {
            List<String> toks = tokens(phrase);
            if (gazetteer == null || !gazetteer.hasName(Gazetteer.key(toks))) { // "New South Wales" is a place
                builder.add(toks, -1, Mode.IGNORE, null);
            }
        }
        for (int e = 0; e < definitions.size(); e++) {
            EntityDefinition d = definitions.get(e);
            Map<String, Mode> forms = new LinkedHashMap<>();
            for (String a : d.caseSensitiveAliases()) {
                forms.putIfAbsent(a, Mode.CASE_SENSITIVE);
            }
            for (String a : d.capitalizedAliases()) {
                forms.putIfAbsent(a, Mode.CAPITALIZED);
            }
            forms.putIfAbsent(d.name(), Mode.ORDINARY);
            for (String a : d.aliases()) {
                forms.putIfAbsent(a, Mode.ORDINARY);
            }
            for (String a : d.demonyms()) {
                forms.putIfAbsent(a, Mode.CAPITALIZED);
            }
            for (String a : d.capitals()) {
                forms.putIfAbsent(a, Mode.CAPITALIZED);
            }
            Map<String, Mode> prefixForms = new LinkedHashMap<>();
            for (String p : d.prefixes()) {
                prefixForms.putIfAbsent(p, Mode.PREFIX);
            }
            for (String p : d.surnames()) {
                if (!forms.containsKey(p)) {
                    prefixForms.putIfAbsent(p, Mode.SURNAME);
                }
            }
            List<Map.Entry<String, Mode>> all = new ArrayList<>(forms.entrySet());
            all.addAll(prefixForms.entrySet());
            for (Map.Entry<String, Mode> f : all) {
                List<String> toks = tokens(f.getKey());
                if (toks.isEmpty()) {
                    warn.add(d.source() + ": entry '" + d.id() + "': alias '" + f.getKey()
                            + "' has no letters or digits and was ignored");
                    continue;
                }
                if (f.getValue() == Mode.PREFIX && toks.size() != 1) {
                    warn.add(d.source() + ": entry '" + d.id() + "': prefix '" + f.getKey()
                            + "' must be a single word (e.g. Pak, Indo, Sino) and was ignored");
                    continue;
                }
                List<ContextRule> rules = d.contextRules().stream()
                        .filter(r ->
                                r.forms().isEmpty() || r.forms().stream().anyMatch(x -> x.equalsIgnoreCase(f.getKey())))
                        .toList();
                CompiledRule rule =
                        rules.isEmpty() ? null : compiled.computeIfAbsent(rules, rs -> builder.rule(compile(rs)));
                int node = builder.add(toks, e, f.getValue(), rule);
                aliases++;
                int[] other = builder.otherAt(node, e);
                boolean surnames = other != null && f.getValue() == Mode.SURNAME && other[1] == Mode.SURNAME.ordinal();
                if (other != null && other[0] >= 0 && !surnames && reported.add(node + "|" + other[0] + "|" + e)) {
                    EntityDefinition o = definitions.get(other[0]);
                    boolean otherWins = other[1] <= f.getValue().ordinal();
                    warn.add("alias collision: '" + f.getKey() + "' of entry '" + d.id() + "' (" + d.source()
                            + ") is also an alias of entry '" + o.id() + "' (" + o.source() + "); where both"
                            + " match, '" + (otherWins ? o.id() : d.id()) + "' wins. Remove the alias from one"
                            + " entry to silence this warning.");
                }
            }
        }
        this.generatedAliasCount = addGeneratedNames(builder, definitions);
        // places last: a name the entries or the ignore phrases already use stays theirs ("Paris", "Georgia")
        this.gazetteer = gazetteer;
        Gazetteer.Added places = gazetteer == null
                ? new Gazetteer.Added(0, new long[0])
                : gazetteer.addTo(
                        builder, definitions.size(), rs -> compiled.computeIfAbsent(rs, x -> builder.rule(compile(x))));
        this.placeAliasCount = places.aliases();
        this.shadowedPlaceGroups = places.shadowed();
        this.placeCountryOfEntity = new int[gazetteer == null ? 0 : definitions.size()];
        this.entityOfPlaceCountry = new int[gazetteer == null ? 0 : gazetteer.countryCount()];
        Arrays.fill(placeCountryOfEntity, -1);
        for (int c = 0; c < entityOfPlaceCountry.length; c++) {
            Integer e = byId.get(gazetteer.countryCode(c));
            entityOfPlaceCountry[c] = e != null && refs[e].type() == EntityType.COUNTRY ? e : -1;
            if (entityOfPlaceCountry[c] >= 0) {
                placeCountryOfEntity[e] = c;
            }
        }
        if (gazetteer != null) {
            warn.addAll(gazetteer.warnings());
        }
        this.aliasCount = aliases + generatedAliasCount + placeAliasCount;
        this.matcher = builder.build();
        this.warnings = List.copyOf(warn);
    }

    /**
     * Adds the CLDR names of every country in other languages ({@link CldrCountryNames}), skipping names
     * that already mean something (any hand-written form or ignore phrase) or that two countries share.
     */
    private static int addGeneratedNames(AliasMatcherBuilder builder, List<EntityDefinition> definitions) {
        record Candidate(int entity, String name, List<String> tokens) {}
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Set<Integer>> owners = new HashMap<>();
        for (int e = 0; e < definitions.size(); e++) {
            EntityDefinition d = definitions.get(e);
            if (d.type() != EntityType.COUNTRY) {
                continue;
            }
            for (CldrCountryNames.Name n : CldrCountryNames.of(d.id())) {
                List<String> toks = tokens(n.name());
                if (toks.isEmpty()) {
                    continue;
                }
                candidates.add(new Candidate(e, n.name(), toks));
                owners.computeIfAbsent(String.join(" ", toks).toLowerCase(Locale.ROOT), k -> new HashSet<>())
                        .add(e);
            }
        }
        int added = 0;
        for (Candidate c : candidates) {
            if (owners.get(String.join(" ", c.tokens()).toLowerCase(Locale.ROOT))
                                    .size()
                            > 1
                    || builder.hasPayload(builder.find(c.tokens()))) {
                continue;
            }
            char first = c.tokens().get(0).charAt(0);
            boolean cased = Character.isUpperCase(first) || Character.isLowerCase(first);
            int letters = c.tokens().stream().mapToInt(String::length).sum();
            Mode mode = !cased ? Mode.ORDINARY : letters <= 4 ? Mode.CASE_SENSITIVE : Mode.CAPITALIZED;
            builder.add(c.tokens(), c.entity(), mode, null);
            added++;
        }
        return added;
    }

    /** A rule list as token phrases (the matcher turns the tokens into ids). */
    private static List<RulePhrases> compile(List<ContextRule> rules) {
        List<RulePhrases> out = new ArrayList<>(rules.size());
        for (ContextRule r : rules) {
            out.add(new RulePhrases(
                    phrases(r.notAfter()),
                    phrases(r.notBefore()),
                    r.notNextToName(),
                    phrases(r.notWith()),
                    phrases(r.unlessWith()),
                    phrases(r.notInNameAfter()),
                    phrases(r.notInNameBefore()),
                    r.inCapitals(),
                    phrases(r.evidenceAfter())));
        }
        return out;
    }

    private static List<List<String>> phrases(List<String> surfaces) {
        return surfaces.stream()
                .map(KnowledgeBase::tokens)
                .filter(t -> !t.isEmpty())
                .toList();
    }

    static List<String> tokens(String surface) {
        return TokenScanner.tokenize(TextNormalizer.normalize(surface));
    }

    // ---------------------------------------------------------------- loading

    /** The bundled knowledge base ({@link #BUNDLED_FILES}), read from the classpath, without places. */
    public static KnowledgeBase loadDefault() {
        return loadDefault(PlaceOptions.OFF);
    }

    /** The bundled knowledge base ({@link #BUNDLED_FILES}) with the bundled gazetteer as {@code places} says. */
    public static KnowledgeBase loadDefault(PlaceOptions places) {
        List<EntityDefinition> defs = new ArrayList<>();
        List<String> ignore = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        ClassLoader cl = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(KnowledgeBase.class.getClassLoader());
        List<KnowledgeBaseFiles.SharedRule> shared = new ArrayList<>();
        List<PlaceRules> placeRules = new ArrayList<>();
        for (String name : BUNDLED_FILES) {
            String resource = BUNDLED_RESOURCE_DIR + name;
            InputStream in = cl.getResourceAsStream(resource);
            if (in == null) {
                in = KnowledgeBase.class.getClassLoader().getResourceAsStream(resource);
            }
            if (in == null) {
                throw new KnowledgeBaseException("classpath:" + resource + ": cannot read file (not on the classpath)."
                        + " Rebuild the jar so config/entities/ is packaged, or use loadDirectory(...).");
            }
            collect(KnowledgeBaseFiles.parse("classpath:" + resource, in), defs, ignore, shared, warn, placeRules);
        }
        Gazetteer gazetteer = gazetteer(placeRules, places, warn, rules -> {
            String resource = BUNDLED_RESOURCE_DIR + rules.gazetteer();
            InputStream in = cl.getResourceAsStream(resource);
            if (in == null) {
                throw new KnowledgeBaseException("classpath:" + resource + ": cannot read the gazetteer (not on the"
                        + " classpath). Rebuild the jar so config/entities/ is packaged.");
            }
            return in;
        });
        return new KnowledgeBase(withSharedRules(defs, shared, warn), ignore, warn, gazetteer);
    }

    /** Every {@code *.yaml} / {@code *.yml} file directly in {@code dir}, in file-name order, without places. */
    public static KnowledgeBase loadDirectory(Path dir) {
        return loadDirectory(dir, PlaceOptions.OFF);
    }

    /** Every {@code *.yaml} / {@code *.yml} file directly in {@code dir}, with the gazetteer its {@code places:} names. */
    public static KnowledgeBase loadDirectory(Path dir, PlaceOptions places) {
        if (!Files.isDirectory(dir)) {
            throw new KnowledgeBaseException(dir + ": not a directory. Point the knowledge base at a folder of"
                    + " *.yaml files, e.g. config/entities.");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new KnowledgeBaseException(dir + ": cannot list directory (" + e + ").", e);
        }
        if (files.isEmpty()) {
            throw new KnowledgeBaseException(dir + ": contains no *.yaml or *.yml files; add at least one"
                    + " knowledge-base file (format: config/entities/README.md).");
        }
        return loadFiles(files, places);
    }

    /** The given files, in the given order, without places. */
    public static KnowledgeBase loadFiles(List<Path> files) {
        return loadFiles(files, PlaceOptions.OFF);
    }

    /** The given files, in the given order, with the gazetteer a {@code places:} section names. */
    public static KnowledgeBase loadFiles(List<Path> files, PlaceOptions places) {
        List<EntityDefinition> defs = new ArrayList<>();
        List<String> ignore = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        List<KnowledgeBaseFiles.SharedRule> shared = new ArrayList<>();
        List<PlaceRules> placeRules = new ArrayList<>();
        for (Path f : files) {
            InputStream in;
            try {
                in = Files.newInputStream(f);
            } catch (IOException e) {
                throw new KnowledgeBaseException(
                        f + ": cannot read file (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                                + "). Check that the path exists and is readable.",
                        e);
            }
            collect(KnowledgeBaseFiles.parse(f.toString(), in), defs, ignore, shared, warn, placeRules);
        }
        Gazetteer gazetteer = gazetteer(placeRules, places, warn, rules -> {
            Path p = Path.of(rules.source()).resolveSibling(rules.gazetteer());
            try {
                return Files.newInputStream(p);
            } catch (IOException e) {
                throw new KnowledgeBaseException(
                        rules.source() + ": places: cannot read the gazetteer " + p + " ("
                                + e.getClass().getSimpleName() + "). Check the gazetteer field.",
                        e);
            }
        });
        return new KnowledgeBase(withSharedRules(defs, shared, warn), ignore, warn, gazetteer);
    }

    /** Reads the gazetteer of the (first) places section, when places are enabled. */
    private static Gazetteer gazetteer(
            List<PlaceRules> sections,
            PlaceOptions options,
            List<String> warn,
            Function<PlaceRules, InputStream> open) {
        if (!options.enabled() || sections.isEmpty()) {
            if (options.enabled()) {
                warn.add("places are enabled but no knowledge-base file has a 'places:' section; no places are tagged");
            }
            return null;
        }
        for (PlaceRules extra : sections.subList(1, sections.size())) {
            warn.add(extra.source() + ": a second 'places:' section (the first is in "
                    + sections.get(0).source() + ") was ignored");
        }
        PlaceRules rules = sections.get(0);
        return Gazetteer.read(rules, options, open.apply(rules), rules.source() + " -> " + rules.gazetteer());
    }

    /** The same places and ignore phrases with other definitions (after an entity change on the control topic). */
    public KnowledgeBase withDefinitions(List<EntityDefinition> newDefinitions) {
        return new KnowledgeBase(newDefinitions, ignorePhrases, List.of(), gazetteer);
    }

    /** Builds a knowledge base from definitions already in memory (e.g. after a control-topic update). */
    public static KnowledgeBase of(List<EntityDefinition> definitions, List<String> ignorePhrases) {
        return new KnowledgeBase(definitions, ignorePhrases == null ? List.of() : ignorePhrases, List.of(), null);
    }

    private static void collect(
            KnowledgeBaseFiles.Contents c,
            List<EntityDefinition> defs,
            List<String> ignore,
            List<KnowledgeBaseFiles.SharedRule> shared,
            List<String> warn,
            List<PlaceRules> placeRules) {
        if (c.places() != null) {
            placeRules.add(c.places());
        }
        defs.addAll(c.entities());
        ignore.addAll(c.ignore());
        shared.addAll(c.sharedRules());
        warn.addAll(c.warnings());
    }

    /**
     * Appends each {@code shared_context} rule (from any file) to the context rules of every entry of its
     * types, governing that entry's forms of the rule's kinds. The merged rules are part of the returned
     * definitions, so a knowledge base rebuilt from {@link #definitions()} keeps them.
     */
    static List<EntityDefinition> withSharedRules(
            List<EntityDefinition> defs, List<KnowledgeBaseFiles.SharedRule> shared, List<String> warn) {
        if (shared.isEmpty()) {
            return defs;
        }
        int[] used = new int[shared.size()];
        List<EntityDefinition> out = new ArrayList<>(defs.size());
        for (EntityDefinition d : defs) {
            List<ContextRule> rules = null;
            for (int i = 0; i < shared.size(); i++) {
                KnowledgeBaseFiles.SharedRule s = shared.get(i);
                if (!s.types().contains(d.type())) {
                    continue;
                }
                List<String> forms = s.kinds().isEmpty() ? List.of() : formsOfKinds(d, s.kinds());
                if (!s.kinds().isEmpty() && forms.isEmpty()) {
                    continue;
                }
                if (rules == null) {
                    rules = new ArrayList<>(d.contextRules());
                }
                rules.add(s.rule().withForms(forms));
                used[i]++;
            }
            out.add(rules == null ? d : d.withContextRules(rules));
        }
        for (int i = 0; i < shared.size(); i++) {
            if (used[i] == 0) {
                warn.add(shared.get(i).source() + ": shared_context rule "
                        + shared.get(i).position()
                        + ": applies to no entry (no entry of its types has forms of its kinds)");
            }
        }
        return out;
    }

    private static List<String> formsOfKinds(EntityDefinition d, List<String> kinds) {
        List<String> forms = new ArrayList<>();
        for (String k : kinds) {
            switch (k) {
                case "name" -> forms.add(d.name());
                case "aliases" -> forms.addAll(d.aliases());
                case "capitalized_aliases" -> forms.addAll(d.capitalizedAliases());
                case "case_sensitive_aliases" -> forms.addAll(d.caseSensitiveAliases());
                case "demonyms" -> forms.addAll(d.demonyms());
                case "capitals" -> forms.addAll(d.capitals());
                case "prefixes" -> forms.addAll(d.prefixes());
                case "surnames" -> forms.addAll(d.surnames());
                default -> throw new IllegalArgumentException("unknown kind " + k);
            }
        }
        return forms;
    }

    // ---------------------------------------------------------------- queries

    public Optional<EntityRef> entity(String id) {
        Integer i = id == null ? null : byId.get(id);
        return i == null ? Optional.empty() : Optional.of(refs[i]);
    }

    public int entityCount() {
        return refs.length;
    }

    /**
     * Surface forms registered for entities (names, aliases, demonyms, capitals, prefixes, and generated
     * names in other languages), all entities.
     */
    public int aliasCount() {
        return aliasCount;
    }

    /** Of {@link #aliasCount()}, the country names in other languages generated from CLDR ({@link CldrCountryNames}). */
    public int generatedAliasCount() {
        return generatedAliasCount;
    }

    /** Non-fatal problems found while loading: alias collisions, blank aliases, empty files. */
    public List<String> warnings() {
        return warnings;
    }

    /** All definitions, in load order. */
    public List<EntityDefinition> definitions() {
        return definitions;
    }

    /** Phrases that consume text without naming an entity ("New Mexico", "Latin America" ...). */
    public List<String> ignorePhrases() {
        return ignorePhrases;
    }

    /** Places loaded from the gazetteer (0 without places). */
    public int placeCount() {
        return gazetteer == null ? 0 : gazetteer.placeCount();
    }

    /** Of {@link #aliasCount()}, the place names from the gazetteer (one per distinct name). */
    public int placeAliasCount() {
        return placeAliasCount;
    }

    /** Whether the countries an article names only through places are added to it ({@link PlaceOptions#countVia()}). */
    public boolean countsVia() {
        return gazetteer != null && gazetteer.options.countVia();
    }

    Gazetteer gazetteer() {
        return gazetteer;
    }

    /** One bit per place-name group whose name this knowledge base uses (an array of its own). */
    long[] shadowedPlaceGroups() {
        return shadowedPlaceGroups;
    }

    /** Whether this knowledge base already uses the name of a place-name group ("Paris"). */
    boolean shadowsPlaceGroup(int group) {
        return (shadowedPlaceGroups[group >>> 6] & (1L << group)) != 0;
    }

    /** The gazetteer's index of the country an entity is, or -1 (not a country, or one without places). */
    int placeCountryOf(int entity) {
        return placeCountryOfEntity[entity];
    }

    /** The {@code COUNTRY} entity of a gazetteer country index, or -1 (the knowledge base lacks it). */
    int entityOfPlaceCountry(int country) {
        return entityOfPlaceCountry[country];
    }

    /** The index of an entity by id, or -1. */
    int index(String id) {
        Integer i = byId.get(id);
        return i == null ? -1 : i;
    }

    EntityRef ref(int index) {
        return refs[index];
    }

    AliasMatcher matcher() {
        return matcher;
    }
}
