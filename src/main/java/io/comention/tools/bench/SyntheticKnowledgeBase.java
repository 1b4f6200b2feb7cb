package io.comention.tools.bench;

import io.comention.model.EntityType;
import io.comention.tagging.EntityDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A large, made-up knowledge base for benchmarks: organisations and people whose names are built from
 * invented words (pronounceable syllables) plus ordinary English organisation words ("Bank", "Council",
 * "of", "the"), so that, as in a real large knowledge base, common words of news text are in the
 * vocabulary and start trie walks. Deterministic for a given seed; every surface form is unique, so
 * loading reports no collisions.
 */
public final class SyntheticKnowledgeBase {

    private static final String[] ONSETS = {
        "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "tr", "sh",
        "ch", "th", "gr"
    };
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ei", "ou"};
    private static final String[] CODAS = {"", "", "", "n", "r", "l", "s", "k", "m", "nd", "st"};
    private static final String[] ORG_WORDS = {
        "Holdings",
        "Group",
        "Bank",
        "Institute",
        "Foundation",
        "Party",
        "Front",
        "Brigade",
        "Council",
        "Agency",
        "Corporation",
        "Authority",
        "University",
        "Movement",
        "Alliance",
        "Network",
        "Union",
        "Company",
        "Trust",
        "Federation",
        "Association",
        "Commission",
        "Army",
        "Force",
        "League",
        "Organisation",
        "Committee",
        "Centre",
        "Society",
        "Mission"
    };

    private SyntheticKnowledgeBase() {}

    /** Entity definitions with, together, exactly {@code aliases} surface forms (name plus aliases). */
    public static List<EntityDefinition> definitions(int aliases, long seed) {
        Random rnd = new Random(seed);
        List<String> given = words(rnd, 4_000, 2);
        List<String> surnames = words(rnd, 150_000, 3);
        List<String> stems = words(rnd, 200_000, 3);
        Set<String> used = new HashSet<>();
        List<EntityDefinition> out = new ArrayList<>(aliases / 2 + 1);
        int remaining = aliases;
        int n = 0;
        while (remaining > 0) {
            boolean person = rnd.nextInt(5) < 2;
            List<String> forms = new ArrayList<>(2);
            int want = Math.min(remaining, 2);
            int attempts = 0;
            while (forms.size() < want && attempts++ < 100) {
                String form;
                if (person) {
                    String surname = pick(rnd, surnames);
                    form = forms.isEmpty()
                            ? pick(rnd, given) + " " + surname
                            : pick(rnd, given) + " " + pick(rnd, given) + " " + surname;
                } else if (forms.isEmpty()) {
                    form = rnd.nextBoolean()
                            ? pick(rnd, stems) + " " + pick(rnd, ORG_WORDS)
                            : "the " + pick(rnd, ORG_WORDS) + " of " + pick(rnd, stems);
                } else {
                    form = pick(rnd, stems) + " " + pick(rnd, stems) + " " + pick(rnd, ORG_WORDS);
                }
                if (used.add(form.toLowerCase(Locale.ROOT))) {
                    forms.add(form);
                }
            }
            if (forms.isEmpty()) {
                continue;
            }
            n++;
            String id = (person ? "person:synthetic-" : "org:synthetic-") + n;
            EntityType type = person ? EntityType.PERSON : EntityType.ORGANIZATION;
            out.add(EntityDefinition.of(id, type, forms.get(0), forms.subList(1, forms.size())));
            remaining -= forms.size();
        }
        return out;
    }

    private static String pick(Random rnd, List<String> pool) {
        return pool.get(rnd.nextInt(pool.size()));
    }

    private static String pick(Random rnd, String[] pool) {
        return pool[rnd.nextInt(pool.length)];
    }

    private static List<String> words(Random rnd, int count, int maxSyllables) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>(count);
        while (out.size() < count) {
            int syllables = 2 + rnd.nextInt(maxSyllables - 1);
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                sb.append(pick(rnd, ONSETS)).append(pick(rnd, VOWELS));
                if (s == syllables - 1) {
                    sb.append(pick(rnd, CODAS));
                }
            }
            String w = Character.toUpperCase(sb.charAt(0)) + sb.substring(1);
            if (seen.add(w)) {
                out.add(w);
            }
        }
        return out;
    }
}
