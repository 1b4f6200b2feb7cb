package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class KnowledgeBaseLoadingTest {

    private static final String NATO_OK = """
            entities:
              - id: org:nato
                type: ORGANIZATION
                name: NATO
                case_sensitive_aliases: [NATO]
                aliases: [North Atlantic Treaty Organization]
            """;

    private Path dir(TestInfo info) {
        return Fixtures.scratchDir("kb-" + info.getTestMethod().orElseThrow().getName());
    }

    @Test
    void loadsAValidFile(TestInfo info) {
        Path f = Fixtures.write(dir(info), "orgs.yaml", NATO_OK);
        KnowledgeBase kb = KnowledgeBase.loadFiles(List.of(f));
        assertThat(kb.entityCount()).isEqualTo(1);
        assertThat(kb.aliasCount()).isEqualTo(2); // "NATO" (exact case; the name is not added again) and the long form
        assertThat(kb.entity("org:nato")).contains(new EntityRef("org:nato", "NATO", EntityType.ORGANIZATION));
        assertThat(kb.entity("org:missing")).isEmpty();
        assertThat(kb.warnings()).isEmpty();
    }

    @Test
    void rejectsAnUnknownTypeNamingFileEntryAndField(TestInfo info) {
        Path f = Fixtures.write(dir(info), "orgs.yaml", NATO_OK.replace("ORGANIZATION", "ORG"));
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(f)))
                .isInstanceOf(KnowledgeBaseException.class)
                .hasMessage(f
                        + ": entry 'org:nato': field 'type' must be one of COUNTRY, ORGANIZATION, PERSON (was 'ORG')");
    }

    @Test
    void rejectsAMissingName(TestInfo info) {
        Path f = Fixtures.write(dir(info), "orgs.yaml", NATO_OK.replace("    name: NATO\n", ""));
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(f)))
                .isInstanceOf(KnowledgeBaseException.class)
                .hasMessageStartingWith(f + ": entry 'org:nato': field 'name' is missing");
    }

    @Test
    void rejectsAMissingIdNamingTheEntryByPosition(TestInfo info) {
        Path f = Fixtures.write(dir(info), "people.yaml", """
                entities:
                  - id: person:a
                    type: PERSON
                    name: A Person
                  - type: PERSON
                    name: Nameless Id
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(f)))
                .hasMessageStartingWith(f + ": entry #2: field 'id' is missing");
    }

    @Test
    void rejectsAMissingType(TestInfo info) {
        Path f = Fixtures.write(dir(info), "orgs.yaml", NATO_OK.replace("    type: ORGANIZATION\n", ""));
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(f)))
                .hasMessageStartingWith(
                        f
                                + ": entry 'org:nato': field 'type' is missing; set it to one of COUNTRY, ORGANIZATION, PERSON");
    }

    @Test
    void rejectsADuplicateIdAcrossFiles(TestInfo info) {
        Path d = dir(info);
        Path a = Fixtures.write(d, "a.yaml", NATO_OK);
        Path b = Fixtures.write(d, "b.yaml", NATO_OK.replace("name: NATO", "name: Nato again"));
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(a, b)))
                .isInstanceOf(KnowledgeBaseException.class)
                .hasMessageStartingWith(b + ": entry 'org:nato': field 'id' duplicates the id already defined in " + a);
    }

    @Test
    void reportsAYamlSyntaxErrorWithItsLine(TestInfo info) {
        Path f = Fixtures.write(dir(info), "broken.yaml", """
                entities:
                  - id: org:nato
                    type: ORGANIZATION
                    name: [NATO
                    aliases: [x]
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(f)))
                .isInstanceOf(KnowledgeBaseException.class)
                .hasMessageStartingWith(f + ": YAML syntax error at line ");
    }

    @Test
    void reportsAMissingFile(TestInfo info) {
        Path f = dir(info).resolve("does-not-exist.yaml");
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(f)))
                .isInstanceOf(KnowledgeBaseException.class)
                .hasMessageStartingWith(f + ": cannot read file (NoSuchFileException");
    }

    @Test
    void rejectsAnUnknownFieldSuchAsATypo(TestInfo info) {
        Path f = Fixtures.write(dir(info), "orgs.yaml", NATO_OK.replace("    aliases:", "    alias:"));
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(f)))
                .hasMessageStartingWith(f + ": entry 'org:nato': unknown field 'alias'");
    }

    @Test
    void rejectsAnUnquotedIdThatYamlReadsAsABoolean(TestInfo info) {
        Path f = Fixtures.write(dir(info), "c.yaml", """
                entities:
                  - id: NO
                    type: COUNTRY
                    name: Norway
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(f)))
                .hasMessageContaining("entry #1: field 'id' must be text")
                .hasMessageContaining("quote it");
    }

    @Test
    void rejectsACountryIdThatIsNotAnIsoCode(TestInfo info) {
        Path f = Fixtures.write(dir(info), "c.yaml", """
                entities:
                  - id: Pakistan
                    type: COUNTRY
                    name: Pakistan
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(f)))
                .hasMessageStartingWith(
                        f + ": entry 'Pakistan': field 'id' of a COUNTRY must be its ISO 3166-1 alpha-2 code");
    }

    @Test
    void warnsAboutAnAliasSharedByTwoEntitiesAndKeepsTheFirst(TestInfo info) {
        Path f = Fixtures.write(dir(info), "people.yaml", """
                entities:
                  - id: person:george-bush
                    type: PERSON
                    name: George W. Bush
                    aliases: [President Bush]
                  - id: person:george-h-w-bush
                    type: PERSON
                    name: George H. W. Bush
                    aliases: [President Bush]
                """);
        KnowledgeBase kb = KnowledgeBase.loadFiles(List.of(f));
        assertThat(kb.warnings())
                .singleElement()
                .asString()
                .contains("'President Bush'", "person:george-h-w-bush", "person:george-bush", "wins");
        assertThat(Fixtures.ids(new EntityTagger(kb).tag(null, "President Bush spoke.")))
                .containsExactly("person:george-bush");
    }

    @Test
    void loadDirectoryPicksUpAUserFileNextToTheBundledOnes(TestInfo info) {
        Path d = dir(info);
        Fixtures.write(d, "countries.yaml", Fixtures.resource("comention/config/entities/countries.yaml"));
        Fixtures.write(d, "my-entities.yml", """
                entities:
                  - id: org:acme-relief
                    type: ORGANIZATION
                    name: Acme Relief
                """);
        Fixtures.write(d, "notes.txt", "not a knowledge-base file");
        KnowledgeBase kb = KnowledgeBase.loadDirectory(d);
        assertThat(kb.entity("org:acme-relief")).isPresent();
        assertThat(kb.entity("PK")).isPresent();
        assertThat(Fixtures.ids(new EntityTagger(kb).tag(null, "Acme Relief reached Pakistan.")))
                .containsExactlyInAnyOrder("org:acme-relief", "PK");
    }

    @Test
    void loadDirectoryRejectsAFolderWithoutYamlFiles(TestInfo info) {
        Path d = dir(info);
        assertThatThrownBy(() -> KnowledgeBase.loadDirectory(d)).hasMessageContaining("contains no *.yaml");
    }

    @Test
    void anEmptyFileIsAWarningNotAnError(TestInfo info) {
        Path f = Fixtures.write(dir(info), "empty.yaml", "");
        KnowledgeBase kb = KnowledgeBase.loadFiles(List.of(f));
        assertThat(kb.entityCount()).isZero();
        assertThat(kb.warnings()).singleElement().asString().contains("empty.yaml");
    }

    private static final String TWO_COUNTRIES = """
            entities:
              - id: "US"
                type: COUNTRY
                name: United States
              - id: "GB"
                type: COUNTRY
                name: United Kingdom
            places:
              gazetteer: tiny.tsv.gz
              evidence_after: ["in"]
            """;

    /** id, kind, country, admin1, population, name, alternates, flags (tools/places/build_gazetteer.py). */
    private static final String TINY_GAZETTEER = String.join(
            "\n",
            "1\tcity\tUS\tIL\t116000\tSpringfield\t\t",
            "2\tcity\tUS\tMA\t155000\tSpringfield\t\t",
            "3\tregion\tUS\tIL\t12000000\tIllinois\t\t",
            "4\tregion\tUS\tMA\t7000000\tMassachusetts\t\t",
            "5\tcity\tGB\tENG\t155000\tSpringfield\t\t",
            "6\tcity\tUS\tIL\t2700000\tChicago\tWindy City|Chi-Town\t",
            "7\tcity\tGB\tENG\t90000\tFoxton-on-Sea\t\t",
            "");

    private static KnowledgeBase tiny(TestInfo info, String gazetteer) {
        Path d = Fixtures.scratchDir("kb-" + info.getTestMethod().orElseThrow().getName());
        Fixtures.write(d, "countries.yaml", TWO_COUNTRIES);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(d.resolve("tiny.tsv.gz")))) {
            out.write(gazetteer.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return KnowledgeBase.loadDirectory(d, PlaceOptions.DEFAULT);
    }

    private static List<String> places(KnowledgeBase kb, String text) {
        return new EntityTagger(kb)
                .tag(null, text).stream()
                        .filter(e -> e.type() == EntityType.PLACE)
                        .map(e -> e.id() + " " + e.name() + "/" + e.country())
                        .toList();
    }

    @Test
    void loadsAGazetteerAndPicksAmongSameNamedPlacesByQualifierThenPopulationThenFileOrder(TestInfo info) {
        KnowledgeBase kb = tiny(info, TINY_GAZETTEER);
        assertThat(kb.placeCount()).isEqualTo(7);
        // springfield, illinois, massachusetts, chicago, windy city, chi - town, foxton - on - sea
        assertThat(kb.placeAliasCount()).isEqualTo(7);
        assertThat(kb.aliasCount() - kb.generatedAliasCount()).isEqualTo(2 + 7);
        assertThat(places(kb, "Floods in Springfield.")).containsExactly("geonames:2 Springfield/US");
        assertThat(places(kb, "Floods in Springfield, Illinois."))
                .containsExactly("geonames:1 Springfield/US", "geonames:3 Illinois/US");
        assertThat(places(kb, "Floods in Springfield, United Kingdom.")).containsExactly("geonames:5 Springfield/GB");
        assertThat(places(kb, "Rain in the Windy City and in Foxton-on-Sea."))
                .containsExactly("geonames:6 Chicago/US", "geonames:7 Foxton-on-Sea/GB");
        assertThat(places(kb, "Foxton-on-Sea had rain.")).isEmpty(); // below evidence_below, and no evidence
    }

    @Test
    void everyPlaceNameOfTheBundledGazetteerIsFoundByItsFoldedName() {
        Gazetteer gaz = KnowledgeBase.loadDefault(PlaceOptions.DEFAULT).gazetteer();
        assertThat(gaz.groupCount()).isGreaterThan(20_000);
        for (int g = 0; g < gaz.groupCount(); g++) {
            String key = gaz.key(g);
            assertThat(gaz.group(key)).as(key).isEqualTo(g);
            assertThat(gaz.groupStart[g + 1]).as(key).isGreaterThan(gaz.groupStart[g]);
            for (int i = gaz.groupStart[g] + 1; i < gaz.groupStart[g + 1]; i++) {
                assertThat(gaz.population(gaz.groupMembers[i]))
                        .as(key)
                        .isLessThanOrEqualTo(gaz.population(gaz.groupMembers[i - 1]));
            }
        }
        assertThat(gaz.group("no such place anywhere")).isEqualTo(-1);
        assertThat(gaz.group("sao paulo")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void rejectsAGazetteerLineWithoutNumbersNamingFileAndLine(TestInfo info) {
        assertThatThrownBy(() -> tiny(info, TINY_GAZETTEER.replace("6\tcity", "six\tcity")))
                .hasMessageContaining("tiny.tsv.gz")
                .hasMessageContaining("line 6")
                .hasMessageContaining("must be numbers");
        assertThatThrownBy(() -> tiny(info, TINY_GAZETTEER.replace("6\tcity", "3000000000\tcity")))
                .hasMessageContaining("line 6")
                .hasMessageContaining("GeoNames id out of range");
        assertThatThrownBy(() -> tiny(info, TINY_GAZETTEER.replace("6\tcity", "6\ttown")))
                .hasMessageContaining("line 6")
                .hasMessageContaining("unknown kind 'town'");
        assertThatThrownBy(() -> tiny(info, TINY_GAZETTEER.replace("\tWindy City|Chi-Town\t", "")))
                .hasMessageContaining("line 6")
                .hasMessageContaining("expected 8 tab-separated fields");
    }
}
