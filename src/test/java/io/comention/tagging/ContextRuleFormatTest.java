package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextRuleFormatTest {

    private static Path file(String name, String yaml) {
        return Fixtures.write(Fixtures.scratchDir("context-format-" + name), "kb.yaml", yaml);
    }

    @Test
    void aValidRuleIsReadWithAllItsFields() {
        Path f = file("valid", """
                entities:
                  - id: "JO"
                    type: COUNTRY
                    name: "Jordan"
                    capitalized_aliases: ["Jordan"]
                    context:
                      - forms: ["jordan"]
                        not_after: ["Michael"]
                        not_before: ["Peterson"]
                        not_next_to_name: true
                        not_with: ["NBA"]
                        unless_with: ["Amman"]
                """);
        KnowledgeBase kb = KnowledgeBase.loadFiles(List.of(f));
        assertThat(kb.definitions().get(0).contextRules())
                .containsExactly(new ContextRule(
                        List.of("jordan"),
                        List.of("Michael"),
                        List.of("Peterson"),
                        true,
                        List.of("NBA"),
                        List.of("Amman")));
        assertThat(kb.warnings()).isEmpty();
    }

    @Test
    void aRuleForAFormTheEntryDoesNotHaveIsRefusedWithFileEntryAndRule() {
        Path f = file("foreign-form", """
                entities:
                  - id: "GE"
                    type: COUNTRY
                    name: "Georgia"
                    context:
                      - forms: ["Gorgia"]
                        not_after: ["state of"]
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(f)))
                .isInstanceOf(KnowledgeBaseException.class)
                .hasMessage(
                        f + ": entry 'GE': context rule 1: field 'forms' names 'Gorgia', which is not a name, alias,"
                                + " demonym, capital, prefix or surname of this entry; list only the entry's own forms.");
    }

    @Test
    void anUnknownRuleFieldOrAWrongTypeIsRefused() {
        Path unknown = file("unknown", """
                entities:
                  - id: "GE"
                    type: COUNTRY
                    name: "Georgia"
                    context:
                      - not_near: ["Atlanta"]
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(unknown)))
                .hasMessageContaining("entry 'GE': context rule 1: unknown field 'not_near'; allowed fields are forms,"
                        + " not_after, not_before, not_next_to_name, not_with, unless_with, not_in_name_after, not_in_name_before,"
                        + " in_capitals, evidence_after.");
        Path notBoolean = file("not-boolean", """
                entities:
                  - id: "GE"
                    type: COUNTRY
                    name: "Georgia"
                    context:
                      - not_next_to_name: "yes"
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(notBoolean)))
                .hasMessageContaining("field 'not_next_to_name' must be true or false (was text 'yes')");
        Path notList = file("not-list", """
                entities:
                  - id: "GE"
                    type: COUNTRY
                    name: "Georgia"
                    context: {not_after: ["x"]}
                """);
        assertThatThrownBy(() -> KnowledgeBase.loadFiles(List.of(notList)))
                .hasMessageContaining("entry 'GE': field 'context' must be a list of rules");
    }

    @Test
    void aRuleWithoutAConditionIsAWarning() {
        Path f = file("empty", """
                entities:
                  - id: "GE"
                    type: COUNTRY
                    name: "Georgia"
                    context:
                      - forms: ["Georgia"]
                """);
        assertThat(KnowledgeBase.loadFiles(List.of(f)).warnings())
                .containsExactly(f + ": entry 'GE': context rule 1: has no condition (not_after, not_before,"
                        + " not_next_to_name, not_with, not_in_name_after, not_in_name_before or evidence_after)"
                        + " and never vetoes a match");
    }
}
