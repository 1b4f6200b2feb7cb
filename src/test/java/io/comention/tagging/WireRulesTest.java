package io.comention.tagging;

import static io.comention.tagging.Fixtures.idsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.model.EntityType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 14: names inside names, people on evidence, old names, and the rule format behind them. */
class WireRulesTest {

    // ------------------------------------------------------------ the format, on a knowledge base of its own

    private static final String PEOPLE = """
            entities:
              - id: "XX"
                type: COUNTRY
                name: "Xland"
                capitals: ["Xcity"]
              - id: "person:ann-grey"
                type: PERSON
                name: "Ann Grey"
                surnames: ["Grey"]
              - id: "person:bob-grey"
                type: PERSON
                name: "Bob Grey"
                surnames: ["Grey"]
            shared_context:
              - types: [PERSON]
                kinds: [surnames]
                not_next_to_name: true
                evidence_after: ["Minister", "Mr."]
              - types: [COUNTRY]
                kinds: [capitals]
                not_before: ["Accord"]
              - types: [COUNTRY, PERSON]
                not_in_name_after: ["USS"]
              - types: [PERSON]
                not_in_name_before: ["Airport"]
            """;

    private static EntityTagger tagger(String name, String yaml) {
        Path dir = Fixtures.scratchDir(name);
        Fixtures.write(dir, "kb.yaml", yaml);
        return new EntityTagger(KnowledgeBase.loadDirectory(dir));
    }

    private static List<String> ids(EntityTagger t, String title, String body) {
        return Fixtures.ids(t.tag(title, body)).stream().sorted().toList();
    }

    @Test
    void aSurnameLinksAfterATitleOrWhenTheArticleNamesThePersonAndOnlyThen() {
        EntityTagger t = tagger("wire-surnames", PEOPLE);
        assertThat(ids(t, null, "Grey said the talks would go on.")).isEmpty();
        assertThat(ids(t, null, "Minister Grey said the talks would go on.")).containsExactly("person:ann-grey");
        assertThat(ids(t, "Grey warns Xland", "Bob Grey spoke in Xcity. Grey said more."))
                .containsExactly("XX", "person:bob-grey");
        assertThat(t.tag("Grey warns Xland", "Bob Grey spoke in Xcity. Grey said more.").stream()
                        .filter(e -> e.id().equals("person:bob-grey"))
                        .findFirst()
                        .orElseThrow()
                        .mentions())
                .isEqualTo(3);
        // both people named: the bare surname is ambiguous and links to neither
        assertThat(t.tag(null, "Ann Grey met Bob Grey. Grey said little.").stream()
                        .mapToInt(e -> e.mentions())
                        .sum())
                .isEqualTo(2);
        // part of someone else's name
        assertThat(ids(t, null, "Bob Grey met Zoe Grey.")).containsExactly("person:bob-grey");
    }

    @Test
    void sharedRulesVetoNamesInsideLongerNamesAndSurviveARebuildFromDefinitions() {
        EntityTagger t = tagger("wire-shared", PEOPLE);
        assertThat(ids(t, null, "The Xcity Accord was signed in 1990.")).isEmpty();
        assertThat(ids(t, null, "Talks in Xcity resumed.")).containsExactly("XX");
        assertThat(ids(t, null, "The carrier USS Bob Grey sailed.")).isEmpty();
        assertThat(ids(t, null, "There were long delays at Ann Grey International Airport again today."))
                .isEmpty();
        assertThat(ids(t, null, "Ann Grey flew to the airport in Xcity.")).containsExactly("XX", "person:ann-grey");
        KnowledgeBase rebuilt = KnowledgeBase.of(
                t.knowledgeBase().definitions(), t.knowledgeBase().ignorePhrases());
        assertThat(new EntityTagger(rebuilt).tag(null, "The Xcity Accord was signed."))
                .isEmpty();
        assertThat(rebuilt.definitions().get(0).contextRules()).hasSize(2); // the capitals rule and the ship rule
    }

    @Test
    void theSharedRuleFormatIsCheckedLikeTheRest() {
        Path dir = Fixtures.scratchDir("wire-format");
        Path badKind = Fixtures.write(dir, "a.yaml", """
                shared_context:
                  - types: [PERSON]
                    kinds: [nicknames]
                    not_after: ["x"]
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(badKind)))
                .hasMessageContaining(
                        "shared_context rule 1: field 'kinds' names 'nicknames'; allowed kinds are name,");
        Path badType = Fixtures.write(dir, "b.yaml", """
                shared_context:
                  - types: [PLACE]
                    not_after: ["x"]
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(badType)))
                .hasMessageContaining("shared_context rule 1: field 'types' names 'PLACE', which is not one of");
        Path noTypes = Fixtures.write(dir, "c.yaml", """
                shared_context:
                  - not_after: ["x"]
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(noTypes)))
                .hasMessageContaining("shared_context rule 1: field 'types' is missing");
        Path unused = Fixtures.write(dir, "d.yaml", """
                entities:
                  - id: "XX"
                    type: COUNTRY
                    name: "Xland"
                shared_context:
                  - types: [PERSON]
                    not_after: ["x"]
                """);
        assertThat(KnowledgeBase.loadFiles(List.of(unused)).warnings())
                .containsExactly(unused + ": shared_context rule 1: applies to no entry (no entry of its types has"
                        + " forms of its kinds)");
    }

    @Test
    void formerCountriesTakeTheirFourLetterIso3166Part3CodeAndNothingElse() {
        Path dir = Fixtures.scratchDir("wire-ids");
        Path ok = Fixtures.write(dir, "a.yaml", """
                entities:
                  - id: "SUHH"
                    type: COUNTRY
                    name: "Soviet Union"
                """);
        assertThat(KnowledgeBase.loadFiles(List.of(ok))
                        .entity("SUHH")
                        .orElseThrow()
                        .type())
                .isEqualTo(EntityType.COUNTRY);
        Path bad = Fixtures.write(dir, "b.yaml", """
                entities:
                  - id: "SUH"
                    type: COUNTRY
                    name: "Soviet Union"
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(bad))).hasMessageContaining("ISO 3166-3");
    }

    // ------------------------------------------------------------ the bundled knowledge base

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Supermarkets cut the price of Brussels sprouts.",
                "A Great Dane beat a German shepherd and an Afghan hound.",
                "Signatories to the Paris Agreement met again.",
                "The Oslo Accords and the Treaty of Rome were cited.",
                "Real Madrid 2 Dynamo Kyiv 1",
                "Police closed Kabul Road in Southall.",
                "Shares in Turkish Airlines and Air India fell.",
                "The carrier USS George Washington docked.",
                "HMS Prince of Wales left port.",
                "Pirates struck in the Gulf of Guinea.",
                "Oct 19 (Reuters) - The talks resumed.",
                "LET US TALK, SAYS UNION BOSS",
                "WHO WILL PAY FOR THE NEW STADIUM?",
                "Judd Trump won the Masters. Trump said he was delighted.",
                "Download it as a PNG or PDF file."
            })
    void aWordInsideALongerNameOrAPronounInCapitalsNamesNoEntity(String text) {
        assertThat(idsIn(text)).isEmpty();
    }

    @Test
    void theCountsSideOfEachTrapStillLinks() {
        assertThat(idsIn("The Bank of Japan held rates; the Pakistani army deployed."))
                .containsExactly("JP", "PK");
        assertThat(idsIn("Flights resumed at Kabul airport.")).containsExactly("AF");
        assertThat(idsIn("Brazil 2 Argentina 1")).containsExactly("AR", "BR");
        assertThat(idsIn("WHO DECLARES GLOBAL EMERGENCY")).containsExactly("org:who");
        assertThat(idsIn("U.S., CHINA AGREE TO TRUCE; US TARIFFS CUT")).containsExactly("CN", "US");
        assertThat(idsIn("ISLAMABAD, Oct 19 (Reuters) - Reuters reported the talks."))
                .containsExactly("PK", "org:reuters");
        assertThat(idsIn("Flights to PNG resumed.")).containsExactly("PG");
    }

    @Test
    void regionsBelongToTheCountryTheyAreIn() {
        assertThat(idsIn("Belfast, Northern Ireland: a Northern Irish court ruled."))
                .containsExactly("GB");
        assertThat(idsIn("Fires in the Greek region of Central Macedonia spread."))
                .containsExactly("GR");
        assertThat(idsIn("Winemakers in Greece's Macedonia region expect less."))
                .containsExactly("GR");
        assertThat(idsIn("A quake struck Iran's East Azerbaijan province.")).containsExactly("IR");
        assertThat(idsIn("Snow fell on Belgium's Luxembourg province.")).containsExactly("BE");
        assertThat(idsIn("Skopje said North Macedonia would join.")).containsExactly("MK");
    }

    @Test
    void oldNamesLinkToTodaysIdAndFormerCountriesToTheirOwn() {
        assertThat(idsIn("Ceylonese tea; Siam; Dahomey; Upper Volta; Kampuchea; Zaire; Swaziland; Rhodesia; Abyssinia"))
                .containsExactly("BF", "BJ", "CD", "ET", "KH", "LK", "SZ", "TH", "ZW");
        assertThat(idsIn("N.Korea fires missile, S.Korea says")).containsExactly("KP", "KR");
        assertThat(idsIn("The USSR, Yugoslavia, Czechoslovakia, East Germany and West Germany are gone."))
                .containsExactly("CSHH", "DDDE", "DEDE", "SUHH", "YUCS");
        // West Germany is its own former state; Germany keeps its official name, which was also West Germany's
        assertThat(idsIn("West German exports grew.")).containsExactly("DEDE");
        assertThat(idsIn("The Federal Republic of Germany and Germans")).containsExactly("DE");
        assertThat(idsIn("Veterans of the war in East Pakistan met.")).containsExactly("BD");
        assertThat(idsIn("England, Scotland, Wales and Northern Ireland")).containsExactly("GB");
    }

    @Test
    void aPersonsNameIsNotTheCountryInTheRestOfTheArticle() {
        assertThat(idsIn("Eddie Jordan founded a racing team. Jordan sold it in 2005."))
                .isEmpty();
        assertThat(idsIn("Tom Holland will return. Holland, 29, said so.")).isEmpty();
        assertThat(idsIn("Israel Katz, Israel's defence minister, spoke.")).containsExactly("IL", "person:israel-katz");
        assertThat(idsIn("Georgia Harrison told the court she was filmed.")).isEmpty();
    }

    @Test
    void nationalSocietiesCountForTheirCountryNotForTheInternationalBodies() {
        assertThat(idsIn("The British Red Cross and the Turkish Red Crescent appealed."))
                .containsExactly("GB", "TR");
        assertThat(idsIn("The ICRC and the International Federation of Red Cross and Red Crescent Societies met."))
                .containsExactly("org:icrc", "org:ifrc");
    }
}
