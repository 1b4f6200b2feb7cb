package io.comention.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.comention.analytics.Combinations;
import io.comention.model.BadInputCatalogue.Case;
import io.comention.model.BadInputCatalogue.Outcome;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad or odd input in {@link BadInputCatalogue}, through the parser and, when it parses,
 * the tagger and the output codec: a rejected record says why, an accepted one is tagged with spans that
 * point at their text and can be written as {@code news.tagged} JSON.
 */
class BadInputCatalogueTest {

    private static final EntityTagger TAGGER = new EntityTagger(KnowledgeBase.loadDefault());
    private static final long KAFKA_TS = Instant.parse("2011-10-19T10:00:00Z").toEpochMilli();

    private final ArticleParser parser = new ArticleParser(BadInputCatalogue.MAX_RECORD_BYTES);

    static Stream<Case> catalogue() {
        return BadInputCatalogue.cases().stream();
    }

    private ArticleParser.Result parse(Case c) {
        return parser.parse(new RawRecord("news.raw", 0, 1L, KAFKA_TS, c.key(), c.value()));
    }

    @Test
    void theCatalogueHoldsAtLeast25KindsOfEachOutcome() {
        List<Case> cases = BadInputCatalogue.cases();
        assertThat(cases.stream().map(Case::name).distinct()).hasSize(cases.size());
        assertThat(cases).filteredOn(c -> c.outcome() == Outcome.DEAD_LETTER).hasSizeGreaterThanOrEqualTo(25);
        assertThat(cases).filteredOn(c -> c.outcome() == Outcome.PROCESSED).hasSizeGreaterThanOrEqualTo(15);
        assertThat(cases).filteredOn(c -> c.outcome() == Outcome.DUPLICATE).isNotEmpty();
        Set<String> processedIds = new HashSet<>();
        for (Case c : cases) {
            if (c.outcome() == Outcome.PROCESSED) {
                assertThat(processedIds.add(parse(c).article().id()))
                        .as("distinct id for %s", c)
                        .isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void eachRecordIsProcessedOrRejectedWithItsReason(Case c) {
        ArticleParser.Result result = assertNoThrow(c);
        switch (c.outcome()) {
            case DEAD_LETTER -> {
                assertThat(result.ok()).as("rejected").isFalse();
                assertThat(result.error()).isEqualTo(c.errorKind());
                assertThat(result.reason()).containsIgnoringCase(c.reasonPart());
                assertThat(result.reason()).as("one line").doesNotContain("\n");
            }
            case PROCESSED -> assertTaggedAndWritable(c, result);
            case DUPLICATE -> {
                assertThat(result.ok()).isTrue();
                assertThat(result.article().id()).as("repeats an earlier id").isEqualTo(c.sameIdAs());
            }
        }
    }

    private ArticleParser.Result assertNoThrow(Case c) {
        ArticleParser.Result[] result = new ArticleParser.Result[1];
        assertThatCode(() -> result[0] = parse(c)).as("parsing %s", c).doesNotThrowAnyException();
        return result[0];
    }

    private static void assertTaggedAndWritable(Case c, ArticleParser.Result result) {
        assertThat(result.ok()).as("accepted, but: %s", result.reason()).isTrue();
        Article a = result.article();
        assertThat(a.eventTime()).isNotNull();
        List<TaggedEntity> entities = TAGGER.tag(a.title(), a.body());
        for (TaggedEntity e : entities) {
            for (Span s : e.spans()) {
                String field = s.field().equals("title") ? a.title() : a.body();
                assertThat(field.substring(s.start(), s.end()))
                        .as("span of %s in %s", e.id(), c)
                        .isEqualTo(s.text());
            }
        }
        assertThat(Combinations.of(entities, 8, 5, 2, 3))
                .as("combinations capped")
                .hasSizeLessThanOrEqualTo(28 + 10);
        byte[] written = Json.tagged(new TaggedArticle(a, entities, null));
        assertThatCode(() -> Json.MAPPER.readTree(written)).doesNotThrowAnyException();
    }

    @Test
    void oddButValidArticlesKeepWhatMatters() {
        assertThat(idsOf("emoji, flags and ZWJ sequences")).contains("PK", "AF", "US");
        assertThat(idsOf("HTML markup and entities")).contains("AF", "PK");
        assertThat(idsOf("huge single token")).contains("PK", "AF");
        assertThat(idsOf("article naming hundreds of entities")).hasSizeGreaterThan(150);
        Article old = parse(find("implausibly old date")).article();
        assertThat(old.eventTime()).isEqualTo(Instant.ofEpochMilli(KAFKA_TS));
        assertThat(parse(find("date in the far future")).article().eventTime())
                .isEqualTo(Instant.ofEpochMilli(KAFKA_TS));
        assertThat(parse(find("byte-order mark")).article().id()).isEqualTo("odd-bom");
    }

    private List<String> idsOf(String caseName) {
        Article a = parse(find(caseName)).article();
        return TAGGER.tag(a.title(), a.body()).stream().map(TaggedEntity::id).toList();
    }

    private static Case find(String name) {
        return BadInputCatalogue.cases().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
