package io.comention.tagging;

import static io.comention.tagging.Fixtures.TAGGER;
import static io.comention.tagging.Fixtures.idsForSurface;
import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleArticleTaggingTest {

    static String title;
    static String body;
    static List<TaggedEntity> entities;

    @BeforeAll
    static void tagSample() {
        List<String> lines = new ArrayList<>(Fixtures.resource("samples/afghanistan-seeks-pakistans-help.txt")
                .lines()
                .toList());
        title = lines.remove(0);
        // the sample carries two stray lines "0" and "123" before the body
        while (!lines.isEmpty()
                && (lines.get(0).isBlank()
                        || lines.get(0).equals("0")
                        || lines.get(0).equals("123"))) {
            lines.remove(0);
        }
        body = String.join("\n", lines);
        entities = TAGGER.tag(title, body);
    }

    @Test
    void findsTheCountriesOrganisationsAndPeopleTheArticleNames() {
        assertThat(Fixtures.ids(entities))
                .contains(
                        "AF",
                        "PK",
                        "US",
                        "org:haqqani-network",
                        "org:taliban",
                        "org:al-qaeda",
                        "org:isi",
                        "person:hamid-karzai",
                        "person:mullah-omar",
                        "person:jalaluddin-haqqani",
                        "person:sirajuddin-haqqani",
                        "person:mike-mullen",
                        "person:marc-grossman");
    }

    @Test
    void resolvesCapitalsUsedAsMetonymsToTheirCountries() {
        assertThat(idsForSurface(entities, "Islamabad")).containsExactly("PK");
        assertThat(idsForSurface(entities, "Kabul")).containsExactly("AF");
        assertThat(idsForSurface(entities, "Washington")).containsExactly("US");
    }

    @Test
    void resolvesThePakAfghanCompoundToBothCountries() {
        int compound = body.indexOf("Pak-Afghan");
        assertThat(spansOf("PK"))
                .anyMatch(s -> s.field().equals("body")
                        && s.start() == compound
                        && s.text().equals("Pak"));
        assertThat(spansOf("AF"))
                .anyMatch(s -> s.field().equals("body")
                        && s.start() == compound + 4
                        && s.text().equals("Afghan"));
    }

    @Test
    void spanTextEqualsTheOriginalSubstring() {
        for (TaggedEntity e : entities) {
            assertThat(e.mentions()).isEqualTo(e.spans().size());
            for (Span s : e.spans()) {
                String field = s.field().equals("title") ? title : body;
                assertThat(field.substring(s.start(), s.end())).isEqualTo(s.text());
            }
        }
    }

    @Test
    void findsThePossessiveInTheTitleWithItsCurlyApostrophe() {
        assertThat(spansOf("PK"))
                .contains(new Span("title", title.indexOf("Pakistan"), title.indexOf("Pakistan") + 8, "Pakistan"));
    }

    @Test
    void derivesNoEntityFromALowercaseUs() {
        assertThat(entities)
                .flatMap(TaggedEntity::spans)
                .extracting(Span::text)
                .noneMatch(t -> t.equals("us") || t.equals("Us"));
        assertThat(Fixtures.idsIn("Let us talk. They told us.")).isEmpty();
    }

    @Test
    void ranksTheTwoCountriesOfTheHeadlineFirst() {
        assertThat(Fixtures.ids(entities).subList(0, 2)).containsExactlyInAnyOrder("PK", "AF");
    }

    private List<Span> spansOf(String id) {
        return Fixtures.find(entities, id).orElseThrow().spans();
    }
}
