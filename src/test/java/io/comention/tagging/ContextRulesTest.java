package io.comention.tagging;

import static io.comention.tagging.Fixtures.idsIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContextRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Voters in the state of Georgia waited for hours.",
                "The Georgia Senate passed the bill on Friday.",
                "Georgia's governor signed the budget.",
                "Polls closed in Georgia and Arizona at 7 p.m.",
                "Georgia voted early. Turnout in Atlanta broke records.",
                "A Georgian townhouse in London sold for millions."
            })
    void georgiaTheUsStateOrTheEnglishStyleIsNotTheCountry(String text) {
        assertThat(idsIn(text)).doesNotContain("GE");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Georgia and Russia fought a war in 2008.",
                "Protesters filled the streets of Tbilisi as Georgia's parliament voted.",
                "Georgian troops withdrew from South Ossetia.",
                "Atlanta-based investors are wary of Georgia, where Tbilisi has cracked down on protests."
            })
    void georgiaTheCountryStillMatches(String text) {
        assertThat(idsIn(text)).contains("GE");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Jordan Bardella said France must change course.",
                "The inquiry was led by Vernon Jordan, a lawyer.",
                "Michael Jordan played in Chicago.",
                "Mr Jordan declined to comment.",
                "Critics say Katie Jordan, the coach, will resign."
            })
    void jordanAsAFirstOrLastNameIsNotTheCountry(String text) {
        assertThat(idsIn(text)).doesNotContain("JO");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Jordan closed its border with Syria.",
                "Egypt, Israel and Jordan signed the deal.",
                "King Abdullah of Jordan met the president.",
                "In Jordan, prices rose.",
                "Refugees reached Jordan on Monday.",
                "Jordan's foreign minister flew to Cairo.",
                "Talks In Jordan Collapse As Iraq Walks Out"
            })
    void jordanTheCountryStillMatches(String text) {
        assertThat(idsIn(text)).contains("JO");
    }

    @Test
    void aOneWordMentionOfAPersonNamedInFullIsThePersonNotTheCountry() {
        var entities = Fixtures.tag("Rep. Jim Jordan opened the hearing. Jordan said the FBI had stonewalled.");
        assertThat(Fixtures.ids(entities)).containsExactlyInAnyOrder("person:jim-jordan", "org:fbi");
        assertThat(Fixtures.find(entities, "person:jim-jordan").orElseThrow().mentions())
                .isEqualTo(2);
        assertThat(idsIn("George Washington crossed the Delaware. Washington was bold."))
                .containsExactly("person:george-washington");
    }

    @Test
    void theBirdAndTheGivenNameAreNotCountries() {
        assertThat(idsIn("Turkey prices rose before Thanksgiving.")).isEmpty();
        assertThat(idsIn("Chad Smith said the band would tour.")).isEmpty();
        assertThat(idsIn("Chad President Mahamat Deby visited Niamey."))
                .containsExactlyInAnyOrder("NE", "TD", "person:mahamat-deby");
        assertThat(idsIn("Turkey and Greece met in Ankara before Thanksgiving."))
                .containsExactlyInAnyOrder("GR", "TR");
    }

    @Test
    void rulesInAUserFileVetoByWordsBeforeAfterAndInTheArticle() {
        Path dir = Fixtures.scratchDir("context-rules");
        Fixtures.write(dir, "kb.yaml", """
                entities:
                  - id: "org:apex"
                    type: ORGANIZATION
                    name: "Apex"
                    context:
                      - not_after: ["climbed the"]
                        not_before: ["of the mountain"]
                        not_with: ["mountaineering"]
                        unless_with: ["Apex Holdings"]
                """);
        EntityTagger tagger = new EntityTagger(KnowledgeBase.loadDirectory(dir));
        assertThat(tagger.tag(null, "Apex raised prices.")).hasSize(1);
        assertThat(tagger.tag(null, "They climbed the apex quickly.")).isEmpty();
        assertThat(tagger.tag(null, "The apex of the mountain was icy.")).isEmpty();
        assertThat(tagger.tag("Apex rises", "A mountaineering club praised it."))
                .isEmpty();
        assertThat(tagger.tag("Apex rises", "Mountaineering fans and Apex Holdings agree."))
                .hasSize(1);
    }
}
