package io.comention.tagging;

import static io.comention.tagging.Fixtures.idsForSurface;
import static io.comention.tagging.Fixtures.idsIn;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompoundsAndPossessivesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"Pakistan’s help", "Pakistan's help", "Islamabad’s help", "Pakistan‘s help", "PAKISTAN’S HELP"})
    void possessivesWithStraightOrCurlyApostrophesMatchTheCountry(String text) {
        var entities = Fixtures.tag(text);
        assertThat(Fixtures.ids(entities)).containsExactly("PK");
        assertThat(entities.get(0).spans().get(0).text()).doesNotContain("s help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"the Pak-Afghan border", "the Pak–Afghan border", "the Pak‐Afghan border"})
    void pakAfghanNamesBothCountriesWhateverTheDash(String text) {
        assertThat(idsIn(text)).containsExactly("AF", "PK");
    }

    @Test
    void pakUsNamesPakistanAndTheUnitedStates() {
        assertThat(idsIn("the next Pak-US strategic dialogue")).containsExactly("PK", "US");
    }

    @Test
    void prefixesResolveOnEitherSideOfTheHyphen() {
        assertThat(idsIn("Indo-Pak talks")).containsExactly("IN", "PK");
        assertThat(idsIn("Sino-Indian border")).containsExactly("CN", "IN");
        assertThat(idsIn("the Anglo-French summit")).containsExactly("FR", "GB");
        assertThat(idsIn("Russo-Japanese war")).containsExactly("JP", "RU");
    }

    @Test
    void prefixesNeverMatchOutsideACompound() {
        assertThat(idsIn("Pak said Indo and Sino were names; Franco ruled Spain."))
                .containsExactly("ES");
        assertThat(idsIn("Pak - Afghan")).containsExactly("AF");
    }

    @Test
    void acronymGluedToAnOrganisationNameYieldsBoth() {
        var entities = Fixtures.tag("alleged ISI-Haqqani network links");
        assertThat(Fixtures.ids(entities)).containsExactlyInAnyOrder("org:isi", "org:haqqani-network");
        assertThat(idsForSurface(entities, "Haqqani network")).containsExactly("org:haqqani-network");
    }

    @Test
    void aNameFollowedByAHyphenatedSuffixStillMatches() {
        var entities = Fixtures.tag("the Mullah Omar-led Taliban and US-backed forces");
        assertThat(idsForSurface(entities, "Mullah Omar")).containsExactly("person:mullah-omar");
        assertThat(Fixtures.ids(entities)).contains("org:taliban", "US");
    }
}
