package io.comention.tagging;

import static io.comention.tagging.Fixtures.idsIn;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LongestMatchTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Papua New Guinea held elections.|PG",
                "The Democratic Republic of the Congo and its army.|CD",
                "The Republic of the Congo and its army.|CG",
                "Nigeria sent troops.|NG",
                "Niger sent troops.|NE",
                "Equatorial Guinea signed.|GQ",
                "Guinea-Bissau signed.|GW",
                "South Sudan voted.|SS",
                "North Korea fired a missile.|KP",
                "Côte d'Ivoire exports cocoa.|CI"
            })
    void theLongestAliasWins(String text, String id) {
        assertThat(idsIn(text)).containsExactly(id);
    }

    @Test
    void anOrganisationNamedAfterACapitalIsNotTheCountry() {
        assertThat(idsIn("The Washington Post reported it.")).containsExactly("org:washington-post");
    }

    @Test
    void georgeWashingtonIsAPersonNotTheUnitedStates() {
        assertThat(idsIn("George Washington crossed the Delaware.")).containsExactly("person:george-washington");
    }

    @Test
    void ignoredPhrasesSwallowTheCountryTheyContain() {
        assertThat(idsIn("Officials in New Mexico and New Jersey and across Latin America."))
                .isEmpty();
    }

    @Test
    void theTehrikITalibanPakistanIsOneEntityNotTheTalibanAndPakistan() {
        assertThat(idsIn("Tehrik-i-Taliban Pakistan claimed the attack."))
                .containsExactly("org:tehrik-i-taliban-pakistan");
    }

    @Test
    void aPersonsFullNameWithTitleIsOneMention() {
        var entities = Fixtures.tag("President Hamid Karzai spoke; Karzai later left.");
        assertThat(Fixtures.find(entities, "person:hamid-karzai").orElseThrow().spans())
                .extracting(s -> s.text())
                .containsExactly("President Hamid Karzai", "Karzai");
    }
}
