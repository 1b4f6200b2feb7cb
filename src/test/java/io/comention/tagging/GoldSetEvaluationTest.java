package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.model.EntityType;
import io.comention.tools.eval.TaggingEvaluation;
import io.comention.tools.eval.TaggingEvaluation.Passage;
import io.comention.tools.eval.TaggingEvaluation.Report;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quality bar on the shipped gold set (docs/evaluation.md). */
class GoldSetEvaluationTest {

    private static List<Passage> gold() throws IOException {
        return TaggingEvaluation.read("gold.jsonl", new StringReader(Fixtures.resource("eval/gold.jsonl")));
    }

    @Test
    void theGoldSetHasAtLeastEightyPassagesAndTheCommandLineCopyIsIdentical() throws IOException {
        assertThat(gold()).hasSizeGreaterThanOrEqualTo(80);
        assertThat(Files.readString(Path.of("docs/eval/gold.jsonl"))).isEqualTo(Fixtures.resource("eval/gold.jsonl"));
    }

    @Test
    void countriesReachPrecisionAndRecallOf098AndOrganisationsAndPeople095() throws IOException {
        Report r = TaggingEvaluation.evaluate(Fixtures.TAGGER, gold());
        var country = r.byType().get(EntityType.COUNTRY);
        assertThat(country.expected()).isGreaterThan(150);
        assertThat(country.precision()).as("country precision").isGreaterThanOrEqualTo(0.98);
        assertThat(country.recall()).as("country recall").isGreaterThanOrEqualTo(0.98);
        for (EntityType t : List.of(EntityType.ORGANIZATION, EntityType.PERSON)) {
            var s = r.byType().get(t);
            assertThat(s.expected()).as(t + " expected").isGreaterThan(20);
            assertThat(s.precision()).as(t + " precision").isGreaterThanOrEqualTo(0.95);
            assertThat(s.recall()).as(t + " recall").isGreaterThanOrEqualTo(0.95);
        }
        assertThat(r.spans().recall()).as("span recall").isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void scoresCountMissesAndSpuriousEntitiesPerType() throws IOException {
        List<Passage> passages = TaggingEvaluation.read("t", new StringReader("""
                {"id": "a", "body": "Pakistan and India met the ISI.", "entities": ["PK", "AF", "org:isi"]}
                # a comment
                {"id": "b", "title": "Kabul", "body": "nothing here", "entities": []}
                """));
        Report r = TaggingEvaluation.evaluate(Fixtures.TAGGER, passages);
        var c = r.byType().get(EntityType.COUNTRY);
        assertThat(c.truePositives()).isEqualTo(1); // PK
        assertThat(c.falseNegatives()).isEqualTo(1); // AF
        assertThat(c.falsePositives()).isEqualTo(2); // IN, and AF from "Kabul" in b
        assertThat(c.precision()).isEqualTo(1.0 / 3);
        assertThat(c.recall()).isEqualTo(0.5);
        assertThat(r.byType().get(EntityType.ORGANIZATION).f1()).isEqualTo(1.0);
        assertThat(r.misses()).hasSize(2);
    }

    @Test
    void aBrokenGoldLineNamesItsLineAndTheFix() {
        assertThatThrownBy(() -> TaggingEvaluation.read("g.jsonl", new StringReader("{\"id\":\"x\",\"body\":\"b\"}\n")))
                .hasMessage(
                        "g.jsonl:1: passage 'x': \"entities\" must be a list of entity ids, e.g. [\"PK\", \"org:isi\"]"
                                + " ([] if the passage names none)");
        assertThatThrownBy(() -> TaggingEvaluation.read("g.jsonl", new StringReader("\n{nope\n")))
                .hasMessageStartingWith("g.jsonl:2: not valid JSON");
    }
}
