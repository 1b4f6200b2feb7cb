package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import java.nio.file.Path;
import java.util.List;
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
}
