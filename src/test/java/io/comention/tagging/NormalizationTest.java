package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NormalizationTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Côte d'Ivoire",
                "Cote d'Ivoire",
                "Côte d’Ivoire",
                "COTE D'IVOIRE",
                "Co\u0302te d'Ivoire",
                "Ｃôte d'Ivoire"
            })
    void diacriticsQuotesDecomposedAndFullWidthFormsFoldTogether(String name) {
        String text = "Talks in " + name + " ended.";
        List<TaggedEntity> entities = Fixtures.tag(text);
        assertThat(Fixtures.ids(entities)).containsExactly("CI");
        Span span = entities.get(0).spans().get(0);
        assertThat(span.text()).isEqualTo(name);
        assertThat(span.start()).isEqualTo(text.indexOf(name));
    }

    @Test
    void zeroWidthCharactersAreIgnoredButStayInsideTheSpan() {
        String text = "Paki\u200Bstan and Afghan\u00ADistan";
        List<TaggedEntity> entities = Fixtures.tag(text);
        assertThat(Fixtures.ids(entities)).containsExactlyInAnyOrder("PK", "AF");
        assertThat(entities)
                .flatMap(TaggedEntity::spans)
                .extracting(Span::text)
                .containsExactlyInAnyOrder("Paki\u200Bstan", "Afghan\u00ADistan");
    }

    @Test
    void offsetsAreUtf16UnitsOfTheOriginalEvenAfterSurrogatePairsAndExpansions() {
        String text = "😀 ﬁne Straße then President Erdoğan met Mr Karzai in Kabul";
        List<TaggedEntity> entities = Fixtures.tag(text);
        for (TaggedEntity e : entities) {
            for (Span s : e.spans()) {
                assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text());
            }
        }
        assertThat(Fixtures.idsForSurface(entities, "Erdoğan")).containsExactly("person:recep-tayyip-erdogan");
        assertThat(Fixtures.idsForSurface(entities, "Kabul")).containsExactly("AF");
        assertThat(Fixtures.find(entities, "AF").orElseThrow().spans().get(0).start())
                .isEqualTo(text.indexOf("Kabul"));
    }

    @Test
    void nonBreakingAndOtherSpacesSeparateWordsOfAMultiWordName() {
        assertThat(Fixtures.idsIn("Hamid\u00A0Karzai and Sri\u2009Lanka")).containsExactly("LK", "person:hamid-karzai");
    }

    @Test
    void emptyAndNullFieldsYieldNothing() {
        assertThat(Fixtures.TAGGER.tag(null, null)).isEmpty();
        assertThat(Fixtures.TAGGER.tag("", "   ")).isEmpty();
    }
}
