package io.comention.tagging;

import io.comention.tagging.AliasMatcher.Mode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * The places below the country (cities and first-level regions from GeoNames), read from the gazetteer
 * file that {@code tools/places/build_gazetteer.py} generates, with the evidence rules of a
 * {@link PlaceRules}. Immutable; places are held in flat arrays by index.
 *
 * <p>Places that share a name (after folding: "Hyderabad" in India and in Pakistan) form one name group:
 * the matcher gets one alias per group and {@link PlaceResolver} picks the place. A name that already
 * means something in the knowledge base (a capital such as "Paris", a country such as "Georgia", an ignore
 * phrase) is not added: the knowledge base wins, and the group is kept only for the resolver's qualifier
 * rule ("Paris, Texas").
 */
final class Gazetteer {

    static final byte CAPITAL = 0;
    static final byte SEAT = 1;
    static final byte CITY = 2;
    static final byte REGION = 3;

    final PlaceRules rules;
    final PlaceOptions options;
    final int[] geonameId;
    final byte[] kind;
    final String[] country;
    final String[] admin1;
    final int[] population;
    final String[] name;
    /** Name groups: the places of group g are {@code members[start[g]] .. members[start[g + 1] - 1]}, most populous first. */
    final int[] groupStart;

    final int[] groupMembers;
    /** Whether a group's name is a common word or name (needs evidence, never next to another name). */
    final boolean[] common;
    /** Groups whose name the knowledge base already uses, by folded lower-case name. */
    private volatile Map<String, Integer> shadowed = Map.of(); // replaced whole by each addTo

    /** Each group's name as folded lower-case tokens joined by spaces (tokens never hold a space). */
    private final String[] groupKey;
    /** The same names sorted, for {@link #hasName}. */
    private final String[] sortedKeys;

    private final List<String> warnings = new ArrayList<>();

    private Gazetteer(PlaceRules rules, PlaceOptions options, InputStream in, String source) {
        this.rules = rules;
        this.options = options;
        Set<String> commonNames = new HashSet<>();
        rules.commonNames().forEach(n -> commonNames.add(key(KnowledgeBase.tokens(n))));
        Set<String> ignored = new HashSet<>();
        rules.ignore().forEach(n -> ignored.add(key(KnowledgeBase.tokens(n))));

        List<int[]> rows = new ArrayList<>(32_000); // id, kind, population
        List<String> countries = new ArrayList<>();
        List<String> admins = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, Integer> groupOf = new HashMap<>();
        List<List<String>> tokensOf = new ArrayList<>();
        List<List<Integer>> membersOf = new ArrayList<>();
        List<Boolean> commonOf = new ArrayList<>();
        Map<String, String> intern = new HashMap<>();
        Set<Long> aliased = new HashSet<>();
        int lineNo = 0;
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                String[] f = line.split("\t", -1);
                if (f.length < 8) {
                    throw new KnowledgeBaseException(source + ": line " + lineNo + ": expected 8 tab-separated"
                            + " fields (id, kind, country, admin1, population, name, alternates, flags), found "
                            + f.length + ". Regenerate it with tools/places/build_gazetteer.py.");
                }
                long pop = Long.parseLong(f[4]);
                byte k = kindOf(f[1], source, lineNo);
                boolean word = f[7].contains("w");
                if (pop < options.minPopulation() || (k == REGION && word)) {
                    continue; // below the configured size; a region named by a plain word ("Central", "Western")
                }
                int index = rows.size();
                long id = Long.parseLong(f[0]);
                rows.add(new int[] {(int) id, k, (int) Math.min(pop, Integer.MAX_VALUE)});
                countries.add(intern.computeIfAbsent(f[2], s -> s));
                admins.add(intern.computeIfAbsent(f[2] + "." + f[3], s -> f[3]));
                names.add(f[5]);
                List<String> forms = new ArrayList<>();
                forms.add(f[5]);
                if (!f[6].isEmpty()) {
                    forms.addAll(Arrays.asList(f[6].split("\\|")));
                }
                List<String> extra = rules.aliases().get(id);
                if (extra != null) {
                    forms.addAll(extra);
                    aliased.add(id);
                }
                Set<String> seen = new HashSet<>(4);
                for (String form : forms) {
                    List<String> toks = KnowledgeBase.tokens(form);
                    String key = key(toks);
                    if (toks.isEmpty() || ignored.contains(key) || !seen.add(key) || !properName(form, word)) {
                        continue;
                    }
                    boolean isCommon = commonNames.contains(key) || (word && form.equals(f[5]));
                    Integer g = groupOf.get(key);
                    if (g == null) {
                        g = tokensOf.size();
                        groupOf.put(key, g);
                        tokensOf.add(toks);
                        membersOf.add(new ArrayList<>(1));
                        commonOf.add(isCommon);
                    } else if (isCommon) {
                        commonOf.set(g, true);
                    }
                    membersOf.get(g).add(index);
                }
            }
        } catch (IOException e) {
            throw new KnowledgeBaseException(source + ": cannot read gazetteer (" + e + ").", e);
        } catch (NumberFormatException e) {
            throw new KnowledgeBaseException(source + ": line " + lineNo + ": id and population must be numbers ("
                    + e.getMessage() + "). Regenerate it with tools/places/build_gazetteer.py.");
        }
        for (Long id : rules.aliases().keySet()) {
            if (!aliased.contains(id)) {
                warnings.add(rules.source() + ": places: aliases: GeoNames id " + id + " is not in the gazetteer"
                        + " (or below tagging.places.min_population); its names were ignored");
            }
        }
        int n = rows.size();
        geonameId = new int[n];
        kind = new byte[n];
        population = new int[n];
        for (int i = 0; i < n; i++) {
            int[] row = rows.get(i);
            geonameId[i] = row[0];
            kind[i] = (byte) row[1];
            population[i] = row[2];
        }
        country = countries.toArray(new String[0]);
        admin1 = admins.toArray(new String[0]);
        name = names.toArray(new String[0]);
        groupKey = new String[tokensOf.size()];
        for (int g = 0; g < groupKey.length; g++) {
            groupKey[g] = key(tokensOf.get(g));
        }
        sortedKeys = groupKey.clone();
        Arrays.sort(sortedKeys);
        groupStart = new int[membersOf.size() + 1];
        List<Integer> all = new ArrayList<>(n + n / 4);
        common = new boolean[membersOf.size()];
        for (int g = 0; g < membersOf.size(); g++) {
            List<Integer> m = membersOf.get(g);
            m.sort((a, b) -> Integer.compare(population[b], population[a]));
            all.addAll(m);
            groupStart[g + 1] = all.size();
            common[g] = commonOf.get(g);
        }
        groupMembers = all.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Reads a gazetteer file (gzip, format of {@code tools/places/build_gazetteer.py}). */
    static Gazetteer read(PlaceRules rules, PlaceOptions options, InputStream in, String source) {
        return new Gazetteer(rules, options, in, source);
    }

    private static byte kindOf(String s, String source, int lineNo) {
        return switch (s) {
            case "capital" -> CAPITAL;
            case "seat" -> SEAT;
            case "city" -> CITY;
            case "region" -> REGION;
            default ->
                throw new KnowledgeBaseException(
                        source + ": line " + lineNo + ": unknown kind '" + s + "' (capital, seat, city or region).");
        };
    }

    /** A name with a capital letter, of three letters or more unless a common word ("Of"). */
    private static boolean properName(String form, boolean word) {
        return !form.equals(form.toLowerCase(Locale.ROOT)) && (form.length() > 2 || word);
    }

    static String key(List<String> tokens) {
        return String.join(" ", tokens).toLowerCase(Locale.ROOT);
    }

    /**
     * Adds one alias per name group to the matcher, as entity {@code base + group}; names the knowledge base
     * already uses are skipped (and remembered for {@link #shadowedGroup}). Names that are common words, and
     * names whose largest place is not big, get the {@code common_context} rules too ("Nuno Mendes",
     * "Tata Sons"). Returns the number added.
     */
    int addTo(AliasMatcherBuilder builder, int base, Function<List<ContextRule>, CompiledRule> compile) {
        ContextRule evidence =
                new ContextRule(List.of(), null, null, false, null, null, null, null, false, rules.evidenceAfter());
        List<ContextRule> plain = new ArrayList<>(rules.context());
        plain.add(evidence);
        List<ContextRule> forCommon = new ArrayList<>(plain);
        forCommon.addAll(rules.commonContext());
        CompiledRule plainRule = compile.apply(plain);
        CompiledRule commonRule = compile.apply(forCommon);
        int added = 0;
        Map<String, Integer> shadowedNow = new HashMap<>();
        for (int g = 0; g < groupKey.length; g++) {
            List<String> toks = Arrays.asList(groupKey[g].split(" "));
            if (builder.hasPayload(builder.find(toks))) {
                shadowedNow.put(groupKey[g], g);
                continue;
            }
            // SURNAME: capitalised only; a word of evidence_after right before it accepts it outright,
            // otherwise it comes flagged as needing evidence and PlaceResolver decides
            boolean big = big(groupMembers[groupStart[g]]); // the largest place of that name
            builder.add(toks, base + g, Mode.SURNAME, common[g] || !big ? commonRule : plainRule);
            added++;
        }

        shadowed = shadowedNow;
        return added;
    }

    /** Whether some place has this folded lower-case name. */
    boolean hasName(String key) {
        return Arrays.binarySearch(sortedKeys, key) >= 0;
    }

    /** The group of a name the knowledge base already uses ("Paris"), or -1. */
    int shadowedGroup(String foldedLowerName) {
        Integer g = shadowed.get(foldedLowerName);
        return g == null ? -1 : g;
    }

    int groupCount() {
        return groupStart.length - 1;
    }

    int placeCount() {
        return name.length;
    }

    String id(int place) {
        return "geonames:" + geonameId[place];
    }

    /** Whether the place links on a capitalised mention alone (unless its name is a common word). */
    boolean big(int place) {
        return kind[place] == REGION || kind[place] == CAPITAL || population[place] >= rules.evidenceBelow();
    }

    /** Whether the place is among the smallest, which need the strongest evidence. */
    boolean small(int place) {
        return !big(place) && population[place] < rules.strongEvidenceBelow();
    }

    List<String> warnings() {
        return warnings;
    }
}
