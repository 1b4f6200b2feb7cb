package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The matcher's ASCII path (text folded to bytes and scanned eight bytes at a time) reports exactly the
 * matches of the general path (folded characters, one at a time) on text made of the knowledge base's own
 * alias words, ignore phrases and a few common words in random case, glued by spaces, punctuation and
 * curly quotes, at every length from 1 to several hundred characters.
 */
class AsciiPathEquivalenceTest {

    private static final String[] GLUE = {
        " ",
        " ",
        " ",
        "  ",
        "-",
        ".",
        ". ",
        ", ",
        "'s ",
        "\u2019s ",
        "\u2014",
        "\n",
        "\t",
        "(",
        ") ",
        "\"",
        "/",
        "U.S.",
        "",
        "0",
        "99 "
    };

    @Test
    void theAsciiPathFindsWhatTheGeneralPathFinds() {
        AliasMatcher matcher = Fixtures.KB.matcher();
        List<String> words = vocabulary();
        Random random = new Random(20261128);
        int asciiTexts = 0;
        int matches = 0;
        for (int round = 0; round < 4000; round++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(round % 10 == 0 ? 120 : 12);
            for (int k = 0; k < pieces; k++) {
                String w = words.get(random.nextInt(words.size()));
                int casing = random.nextInt(6);
                text.append(casing == 0 ? w.toUpperCase(Locale.ROOT) : casing == 1 ? w.toLowerCase(Locale.ROOT) : w);
                text.append(GLUE[random.nextInt(GLUE.length)]);
            }
            String s = text.substring(0, 1 + random.nextInt(text.length()));
            List<String> general = new ArrayList<>();
            matcher.match(
                    TextNormalizer.normalize(s),
                    (e, start, end, rule, flags) ->
                            general.add(e + "@" + start + "-" + end + "/" + rule + "/" + flags));
            List<String> ascii = new ArrayList<>();
            if (matcher.matchAscii(
                    s,
                    (e, start, end, rule, flags) ->
                            ascii.add(e + "@" + start + "-" + end + "/" + rule + "/" + flags))) {
                asciiTexts++;
                matches += ascii.size();
                assertThat(ascii).as("matches in \"%s\"", s).isEqualTo(general);
            } else {
                assertThat(ascii)
                        .as("nothing reported when the ASCII path declines")
                        .isEmpty();
            }
        }
        assertThat(asciiTexts).isGreaterThan(3000);
        assertThat(matches).isGreaterThan(5000);
    }

    @Test
    void textThatDoesNotFoldToAsciiIsLeftToTheGeneralPath() {
        AliasMatcher matcher = Fixtures.KB.matcher();
        for (String s : List.of(
                "Pakistan &amp; India",
                "<b>Pakistan</b>",
                "Stra\u00DFe in Berlin",
                "\u5DF4\u57FA\u65AF\u5766",
                "Zero\u200Bwidth Pakistan",
                "\u00BD of Pakistan")) {
            assertThat(matcher.matchAscii(s, (e, start, end, rule, flags) -> {}))
                    .as(s)
                    .isFalse();
        }
        for (String s :
                List.of("Pakistan\u2019s army", "C\u00F4te d'Ivoire", "Kabul \u2014 Afghanistan", "What? Pakistan?")) {
            assertThat(matcher.matchAscii(s, (e, start, end, rule, flags) -> {}))
                    .as(s)
                    .isTrue();
        }
    }

    /** Latin-script names, aliases and their words, and ignore phrases of the shipped knowledge base. */
    private static List<String> vocabulary() {
        TreeSet<String> words = new TreeSet<>();
        for (EntityDefinition d : Fixtures.KB.definitions()) {
            addWords(words, d.name());
            d.aliases().forEach(a -> addWords(words, a));
        }
        Fixtures.KB.ignorePhrases().forEach(p -> addWords(words, p));
        words.addAll(List.of("the", "The", "of", "said", "President", "Minister", "in", "Atlanta", "state"));
        return new ArrayList<>(words);
    }

    /** Latin-script words only: most fold to ASCII, so most texts take the ASCII path. */
    private static void addWords(TreeSet<String> words, String phrase) {
        if (!phrase.chars().allMatch(c -> c < 0x180)) {
            return;
        }
        words.add(phrase);
        for (String w : phrase.split(" ")) {
            if (!w.isBlank()) {
                words.add(w);
            }
        }
    }
}
