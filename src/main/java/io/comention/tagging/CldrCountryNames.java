package io.comention.tagging;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Country names in other languages, generated from the Unicode CLDR data that ships with the JDK
 * ({@code jdk.localedata}: {@code new Locale("", "PK").getDisplayCountry(Locale.forLanguageTag("ar"))}),
 * never typed by hand. The knowledge base adds them to every {@code COUNTRY} entry whose id is an ISO
 * 3166-1 code, at load time.
 *
 * <p>Per language the CLDR name is taken as is, plus its part before a parenthesis
 * ({@code コンゴ民主共和国(キンシャサ)} also gives {@code コンゴ民主共和国}). The knowledge base then drops a
 * generated name that is already a form of any entry or an ignore phrase (hand-written entries win),
 * that two countries would share, or that is listed in {@link #EXCLUDED} because it is an English word
 * or a common given name ("Island", German for Iceland; "Maurice", French for Mauritius). Names in a cased
 * script (Latin, Cyrillic, Greek) must be capitalised to match; those of four letters or fewer only in
 * exactly their case ({@code Çin} and {@code Cin}, never {@code CIN}).
 */
final class CldrCountryNames {

    /** The languages names are generated for (BCP 47 tags). */
    static final List<String> LANGUAGES = List.of(
            "ar", "zh", "zh-Hant", "ru", "es", "fr", "de", "pt", "ur", "fa", "hi", "tr", "ja", "ko", "it", "nl", "pl",
            "uk", "id", "bn", "he", "el", "th", "ps", "sv", "sw");

    /** Generated names that would fire on ordinary English text, or on another country. */
    static final Set<String> EXCLUDED = Set.of(
            "Island",
            "Maurice",
            "Salvador",
            "Granada",
            "Guadalupe",
            "Norfolk",
            "Reunion",
            "Dominique",
            "Dominika",
            "Chili",
            "Indie",
            "Dania",
            "Kongo",
            "Congo",
            "Bermudas",
            "Malte",
            "Pitcairn");

    /** One generated name: the language it comes from and the name. */
    record Name(String language, String name) {}

    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());
    private static final Map<String, List<Name>> CACHE = new ConcurrentHashMap<>();

    private CldrCountryNames() {}

    /** The generated names of one ISO 3166-1 alpha-2 country, in {@link #LANGUAGES} order, without duplicates. */
    static List<Name> of(String isoCode) {
        if (!isIsoCountry(isoCode)) {
            return List.of();
        }
        return CACHE.computeIfAbsent(isoCode, CldrCountryNames::compute);
    }

    static boolean isIsoCountry(String code) {
        return ISO_CODES.contains(code);
    }

    private static List<Name> compute(String code) {
        Locale country = new Locale("", code);
        String english = country.getDisplayCountry(Locale.ENGLISH);
        Set<String> seen = new LinkedHashSet<>();
        List<Name> out = new ArrayList<>();
        for (String tag : LANGUAGES) {
            String name = country.getDisplayCountry(Locale.forLanguageTag(tag)).trim();
            if (name.isEmpty() || name.equals(code) || name.equals(english)) {
                continue;
            }
            List<String> variants = new ArrayList<>();
            variants.add(name);
            int paren = indexOfParenthesis(name);
            if (paren > 0) {
                variants.add(name.substring(0, paren).trim());
            }
            for (String v : variants) {
                if (!v.isEmpty() && !EXCLUDED.contains(v) && seen.add(v)) {
                    out.add(new Name(tag, v));
                }
            }
        }
        return List.copyOf(out);
    }

    private static int indexOfParenthesis(String s) {
        int a = s.indexOf('(');
        int b = s.indexOf('\uFF08');
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }
}
