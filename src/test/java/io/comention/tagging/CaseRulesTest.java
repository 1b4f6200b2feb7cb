package io.comention.tagging;

import static io.comention.tagging.Fixtures.idsIn;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CaseRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "The US said so.",
                "The U.S. said so.",
                "The USA said so.",
                "America said so.",
                "the united states said so."
            })
    void acronymsInExactCaseAndOrdinaryNamesInAnyCaseMatchTheUnitedStates(String text) {
        assertThat(idsIn(text)).containsExactly("US");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Let us go.",
                "Us against them.",
                "Plug in the USB cable.",
                "The u.s. spelling.",
                "He was usa-bound"
            })
    void caseSensitiveAcronymsNeverFireOnOtherCasingsOrInsideWords(String text) {
        assertThat(idsIn(text)).doesNotContain("US");
    }

    @Test
    void organisationAcronymsNeedExactCaseToo() {
        assertThat(idsIn("The ISI and the UN and NATO met the EU."))
                .containsExactly("org:european-union", "org:isi", "org:nato", "org:united-nations");
        assertThat(idsIn("Who is in the eu? The isi and nato said so.")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "We roasted a turkey for dinner., Turkey said it would respond., TR",
        "The hanging chad was counted., Chad closed its border., TD",
        "She bought fine china and a jersey., China protested., CN",
        "They crossed the jordan at dawn., Jordan hosted the talks., JO",
        "Please polish the table., Polish troops arrived., PL",
        "He ordered french fries and a guinea pig., French diplomats met Guinea's envoy., FR"
    })
    void commonWordsNameACountryOnlyWhenCapitalised(String lowercase, String capitalised, String id) {
        assertThat(idsIn(lowercase)).isEmpty();
        assertThat(idsIn(capitalised)).contains(id);
    }

    @Test
    void ordinaryNamesMatchInAnyCase() {
        assertThat(idsIn("talks between PAKISTAN and afghanistan")).containsExactly("AF", "PK");
    }

    @Test
    void demonymsAndCapitalsNeedACapital() {
        assertThat(idsIn("Afghan officials flew to Islamabad")).containsExactly("AF", "PK");
        assertThat(idsIn("an afghan rug from the islamabad store")).isEmpty();
    }
}
