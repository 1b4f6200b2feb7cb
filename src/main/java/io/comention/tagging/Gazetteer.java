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
 * {@link PlaceRules}. Immutable and shared by every knowledge base built with it.
 *
 * <p>Places that share a name (after folding: "Hyderabad" in India and in Pakistan) form one name group:
 * the matcher gets one alias per group and {@link PlaceResolver} picks the place. A name that already
 * means something in the knowledge base (a capital such as "Paris", a country such as "Georgia", an ignore
 * phrase) is not added: the knowledge base wins, and the group is kept only for the resolver's qualifier
 * rule ("Paris, Texas").
 *
 * <p>Memory: everything lives in a few flat arrays, no object per place or per name (the gazetteer is
 * loaded into every task of the job). Per place its GeoNames id, population, kind and first-level
 * region (which gives its country); the display names in one UTF-8 array with offsets, decoded when a
 * place is reported; the name groups sorted by their folded name, which is kept once, in one UTF-8 array
 * with offsets, for rebuilding the matcher and for lookups by name; each group's places as a range of one
 * int array. About 48 bytes a place in all (docs/benchmarks.md, "With the gazetteer").
 */
final class Gazetteer {

    static final byte CAPITAL = 0;
    static final byte SEAT = 1;
    static final byte CITY = 2;
    static final byte REGION = 3;

    final PlaceRules rules;
    final PlaceOptions options;

    // per place, by index (file order)
    private final int[] geonameId;
    private final int[] population;
    private final byte[] kind;
    /** First-level region: the same index is the same region of the same country (country + admin1 code). */
    private final char[] region;
    /** A region's country, as an index into {@link #countryCodes}. */
    private final char[] regionCountry;
    /** ISO codes of the countries that have places. */
    private final String[] countryCodes;
    /** Display names, UTF-8: place p is {@code nameBytes[nameStart[p]] .. nameBytes[nameStart[p + 1] - 1]}. */
    private final byte[] nameBytes;

    private final int[] nameStart;

    // per name group, groups in the order of their keys' UTF-8 bytes
    /** Each group's name as folded lower-case tokens joined by spaces (tokens never hold a space), UTF-8. */
    private final byte[] keyBytes;

    private final int[] keyStart;
    /** Name groups: the places of group g are {@code members[start[g]] .. members[start[g + 1] - 1]}, most populous first. */
    final int[] groupStart;

    final int[] groupMembers;
    /** One bit per group: its name is a common word or name (needs evidence, never next to another name). */
    private final long[] common;

    private final List<String> warnings = new ArrayList<>();

    private Gazetteer(PlaceRules rules, PlaceOptions options, InputStream in, String source) {
        this.rules = rules;
        this.options = options;
        Set<String> commonNames = new HashSet<>();
        rules.commonNames().forEach(n -> commonNames.add(key(KnowledgeBase.tokens(n))));
        Set<String> ignored = new HashSet<>();
        rules.ignore().forEach(n -> ignored.add(key(KnowledgeBase.tokens(n))));

        Ints ids = new Ints();
        Ints pops = new Ints();
        Ints kinds = new Ints();
        Ints regions = new Ints();
        Ints nameEnds = new Ints();
        Bytes names = new Bytes();
        Map<String, Integer> countryIndex = new HashMap<>();
        List<String> countries = new ArrayList<>();
        Map<String, Integer> regionIndex = new HashMap<>();
        Ints regionCountries = new Ints();
        Map<String, Integer> groupOf = new HashMap<>(); // key -> group in reading order
        List<String> keys = new ArrayList<>();
        List<Boolean> commonOf = new ArrayList<>();
        Ints memberGroup = new Ints(); // (group, place) pairs
        Ints memberPlace = new Ints();
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
                long id = Long.parseLong(f[0]);
                if (id < 0 || id > Integer.MAX_VALUE) {
                    throw new NumberFormatException("GeoNames id out of range: " + f[0]);
                }
                int index = ids.size;
                ids.add((int) id);
                kinds.add(k);
                pops.add((int) Math.min(pop, Integer.MAX_VALUE));
                Integer country = countryIndex.get(f[2]);
                if (country == null) {
                    country = countries.size();
                    countryIndex.put(f[2], country);
                    countries.add(f[2]);
                }
                Integer region = regionIndex.get(f[2] + "." + f[3]);
                if (region == null) {
                    region = regionCountries.size;
                    regionIndex.put(f[2] + "." + f[3], region);
                    regionCountries.add(country);
                }
                regions.add(region);
                names.add(f[5].getBytes(StandardCharsets.UTF_8));
                nameEnds.add(names.size);
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
                        g = keys.size();
                        groupOf.put(key, g);
                        keys.add(key);
                        commonOf.add(isCommon);
                    } else if (isCommon) {
                        commonOf.set(g, true);
                    }
                    memberGroup.add(g);
                    memberPlace.add(index);
                }
            }
        } catch (IOException e) {
            throw new KnowledgeBaseException(source + ": cannot read gazetteer (" + e + ").", e);
        } catch (NumberFormatException e) {
            throw new KnowledgeBaseException(source + ": line " + lineNo + ": id and population must be numbers ("
                    + e.getMessage() + "). Regenerate it with tools/places/build_gazetteer.py.");
        }
        if (countries.size() > Character.MAX_VALUE || regionCountries.size > Character.MAX_VALUE) {
            throw new KnowledgeBaseException(source + ": more than 65,535 countries or first-level regions.");
        }
        for (Long id : rules.aliases().keySet()) {
            if (!aliased.contains(id)) {
                warnings.add(rules.source() + ": places: aliases: GeoNames id " + id + " is not in the gazetteer"
                        + " (or below tagging.places.min_population); its names were ignored");
            }
        }
        int n = ids.size;
        geonameId = ids.toArray();
        population = pops.toArray();
        kind = new byte[n];
        region = new char[n];
        for (int i = 0; i < n; i++) {
            kind[i] = (byte) kinds.values[i];
            region[i] = (char) regions.values[i];
        }
        regionCountry = new char[regionCountries.size];
        for (int i = 0; i < regionCountry.length; i++) {
            regionCountry[i] = (char) regionCountries.values[i];
        }
        countryCodes = countries.toArray(new String[0]);
        nameBytes = names.toArray();
        nameStart = new int[n + 1];
        System.arraycopy(nameEnds.values, 0, nameStart, 1, n);

        // groups in key order, so a name is found by binary search and no sorted copy is needed
        int groups = keys.size();
        byte[][] utf8 = new byte[groups][];
        Integer[] byKey = new Integer[groups];
        for (int g = 0; g < groups; g++) {
            utf8[g] = keys.get(g).getBytes(StandardCharsets.UTF_8);
            byKey[g] = g;
        }
        Arrays.sort(byKey, (a, b) -> Arrays.compareUnsigned(utf8[a], utf8[b]));
        int[] rank = new int[groups];
        Bytes keyBlob = new Bytes();
        keyStart = new int[groups + 1];
        common = new long[(groups + 63) >>> 6];
        for (int g = 0; g < groups; g++) {
            int old = byKey[g];
            rank[old] = g;
            keyBlob.add(utf8[old]);
            keyStart[g + 1] = keyBlob.size;
            if (commonOf.get(old)) {
                common[g >>> 6] |= 1L << g;
            }
        }
        keyBytes = keyBlob.toArray();
        groupStart = new int[groups + 1];
        for (int i = 0; i < memberGroup.size; i++) {
            groupStart[rank[memberGroup.values[i]] + 1]++;
        }
        for (int g = 0; g < groups; g++) {
            groupStart[g + 1] += groupStart[g];
        }
        groupMembers = new int[memberGroup.size];
        int[] fill = Arrays.copyOf(groupStart, groups);
        for (int i = 0; i < memberGroup.size; i++) { // pairs in file order: ties of population stay in file order
            groupMembers[fill[rank[memberGroup.values[i]]]++] = memberPlace.values[i];
        }
        for (int g = 0; g < groups; g++) {
            sortByPopulation(groupStart[g], groupStart[g + 1]);
        }
    }

    /** Most populous first; a stable insertion sort (groups are tiny: one to a few dozen places). */
    private void sortByPopulation(int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int p = groupMembers[i];
            int j = i - 1;
            while (j >= from && population[groupMembers[j]] < population[p]) {
                groupMembers[j + 1] = groupMembers[j];
                j--;
            }
            groupMembers[j + 1] = p;
        }
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

    /** What {@link #addTo} did: the aliases added, and one bit per group whose name the knowledge base already uses. */
    record Added(int aliases, long[] shadowed) {}

    /**
     * Adds one alias per name group to the matcher, as entity {@code base + group}; names the knowledge base
     * already uses are skipped (and marked in the result's {@code shadowed} bits). Names that are common
     * words, and names whose largest place is not big, get the {@code common_context} rules too ("Nuno
     * Mendes", "Tata Sons").
     */
    Added addTo(AliasMatcherBuilder builder, int base, Function<List<ContextRule>, CompiledRule> compile) {
        ContextRule evidence =
                new ContextRule(List.of(), null, null, false, null, null, null, null, false, rules.evidenceAfter());
        List<ContextRule> plain = new ArrayList<>(rules.context());
        plain.add(evidence);
        List<ContextRule> forCommon = new ArrayList<>(plain);
        forCommon.addAll(rules.commonContext());
        CompiledRule plainRule = compile.apply(plain);
        CompiledRule commonRule = compile.apply(forCommon);
        int added = 0;
        long[] shadowed = new long[common.length];
        for (int g = 0; g < groupCount(); g++) {
            List<String> toks = Arrays.asList(key(g).split(" "));
            if (builder.hasPayload(builder.find(toks))) {
                shadowed[g >>> 6] |= 1L << g;
                continue;
            }
            // SURNAME: capitalised only; a word of evidence_after right before it accepts it outright,
            // otherwise it comes flagged as needing evidence and PlaceResolver decides
            boolean big = big(groupMembers[groupStart[g]]); // the largest place of that name
            builder.add(toks, base + g, Mode.SURNAME, common(g) || !big ? commonRule : plainRule);
            added++;
        }
        return new Added(added, shadowed);
    }

    /** The group of a folded lower-case name, or -1. */
    int group(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int lo = 0;
        int hi = groupCount() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(keyBytes, keyStart[mid], keyStart[mid + 1], k, 0, k.length);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Whether some place has this folded lower-case name. */
    boolean hasName(String key) {
        return group(key) >= 0;
    }

    /** A group's name: folded lower-case tokens joined by spaces. */
    String key(int group) {
        return new String(keyBytes, keyStart[group], keyStart[group + 1] - keyStart[group], StandardCharsets.UTF_8);
    }

    int groupCount() {
        return groupStart.length - 1;
    }

    /** Whether a group's name is a common word or name. */
    boolean common(int group) {
        return (common[group >>> 6] & (1L << group)) != 0;
    }

    int placeCount() {
        return geonameId.length;
    }

    String id(int place) {
        return "geonames:" + geonameId[place];
    }

    /** The place's name as GeoNames writes it. */
    String name(int place) {
        return new String(nameBytes, nameStart[place], nameStart[place + 1] - nameStart[place], StandardCharsets.UTF_8);
    }

    /** The place's country, as an index into {@link #countryCode}. */
    int country(int place) {
        return regionCountry[region[place]];
    }

    /** The place's first-level region: equal for places of the same region of the same country. */
    int region(int place) {
        return region[place];
    }

    byte kind(int place) {
        return kind[place];
    }

    int population(int place) {
        return population[place];
    }

    int countryCount() {
        return countryCodes.length;
    }

    /** The ISO code of a country index. */
    String countryCode(int country) {
        return countryCodes[country];
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

    /** A growing int array (loading only). */
    private static final class Ints {
        int[] values = new int[1024];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growing byte array (loading only). */
    private static final class Bytes {
        byte[] values = new byte[1 << 16];
        int size;

        void add(byte[] b) {
            if (size + b.length > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + b.length));
            }
            System.arraycopy(b, 0, values, size, b.length);
            size += b.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
