package io.comention.tagging;

import static io.comention.tagging.Fixtures.KB;
import static io.comention.tagging.Fixtures.idsIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultilingualNamesTest {

    @Test
    void namesComeFromTheJdksCldrDataInAtLeastTwentyLanguagesBesidesEnglish() {
        Set<String> languages = CldrCountryNames.LANGUAGES.stream()
                .map(t -> Locale.forLanguageTag(t).getLanguage())
                .collect(Collectors.toSet());
        assertThat(languages)
                .hasSizeGreaterThanOrEqualTo(20)
                .contains("ar", "zh", "ru", "es", "fr", "de", "pt", "ur", "fa", "hi", "tr", "ja");
        List<CldrCountryNames.Name> pakistan = CldrCountryNames.of("PK");
        assertThat(pakistan)
                .extracting(CldrCountryNames.Name::name)
                .contains("باكستان", "巴基斯坦", "Пакистан", "Paquistão", "पाकिस्तान", "パキスタン")
                .allSatisfy(n -> assertThat(n)
                        .isEqualTo(new Locale("", "PK")
                                .getDisplayCountry(Locale.forLanguageTag(pakistan.stream()
                                        .filter(x -> x.name().equals(n))
                                        .findFirst()
                                        .orElseThrow()
                                        .language()))));
        assertThat(KB.generatedAliasCount()).isGreaterThan(4_000);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "巴基斯坦和阿富汗外交部长在北京举行会谈。|AF PK",
                "パキスタンはインドと協議した。|IN PK",
                "미국과 일본이 회담을 가졌다.|JP US",
                "وقال إن باكستان وأفغانستان اتفقتا.|AF PK",
                "Россия и Китай подписали соглашение.|CN RU",
                "Estados Unidos y México firmaron un acuerdo.|MX US",
                "L'Allemagne et la Chine ont signé.|CN DE",
                "پاکستان اور چین کے تعلقات مضبوط ہیں|CN PK",
                "ایران و عراق توافق کردند|IQ IR",
                "भारत और जापान के संबंध मजबूत हैं|IN JP",
                "Türkiye ile Yunanistan görüştü.|GR TR",
                "Çin ve Hindistan anlaştı.|CN IN"
            })
    void namesInOtherLanguagesAndScriptsMatch(String text, String ids) {
        assertThat(String.join(" ", idsIn(text))).isEqualTo(ids);
    }

    @Test
    void spansInTextWithoutSpacesPointAtTheCharacters() {
        String text = "中国和巴基斯坦";
        List<TaggedEntity> entities = Fixtures.tag(text);
        assertThat(entities)
                .flatMap(TaggedEntity::spans)
                .extracting(Span::text)
                .containsExactlyInAnyOrder("中国", "巴基斯坦");
        for (TaggedEntity e : entities) {
            for (Span s : e.spans()) {
                assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text());
            }
        }
    }

    @Test
    void generatedNamesThatAreEnglishWordsOrShortAllCapsNeverFire() {
        assertThat(idsIn("The Island council met. Maurice Salvador spoke. CIN and CAD rose. Indie bands and Bermudas."))
                .isEmpty();
    }

    @Test
    void handWrittenFormsWinOverGeneratedNames() {
        // "Congo" is Spanish for the Republic of the Congo but an English alias of the DRC in countries.yaml
        assertThat(idsIn("Congo")).containsExactly("CD");
        assertThat(KB.warnings()).isEmpty();
    }
}
