package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.TaggedEntity;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SalienceTest {

    private static final String FILLER = "Officials met again on Thursday to discuss the matter at length. ".repeat(10);

    @Test
    void aTitleMentionOutweighsABodyMention() {
        List<TaggedEntity> e = Fixtures.TAGGER.tag("Kenya votes", FILLER + "Uganda watched.");
        assertThat(Fixtures.ids(e)).containsExactly("KE", "UG");
        assertThat(e.get(0).salience()).isGreaterThan(e.get(1).salience());
    }

    @Test
    void aLeadMentionOutweighsALateMention() {
        List<TaggedEntity> e = Fixtures.TAGGER.tag(null, "Uganda watched. " + FILLER + "Kenya voted.");
        assertThat(Fixtures.ids(e)).containsExactly("UG", "KE");
    }

    @Test
    void moreMentionsMeanMoreSalience() {
        List<TaggedEntity> e = Fixtures.TAGGER.tag(null, FILLER + "Kenya, Kenya and Kenya; Uganda.");
        assertThat(Fixtures.ids(e)).containsExactly("KE", "UG");
        assertThat(e.get(0).mentions()).isEqualTo(3);
        assertThat(e.get(1).mentions()).isEqualTo(1);
    }

    @Test
    void salienceStaysWithinZeroAndOneAndTheResultIsSortedThenById() {
        List<TaggedEntity> e = Fixtures.TAGGER.tag("Peru, Chile", "Peru ".repeat(200) + "Chile, Bolivia and Ecuador.");
        assertThat(e).allSatisfy(t -> assertThat(t.salience()).isBetween(0.0, 1.0));
        assertThat(e)
                .isSortedAccordingTo(Comparator.comparingDouble(TaggedEntity::salience)
                        .reversed()
                        .thenComparing(TaggedEntity::id));
        assertThat(Fixtures.ids(e)).endsWith("BO", "EC");
    }

    @Test
    void followsTheDocumentedFormula() {
        // Kenya: title (3) + lead (2) = 5 is the maximum; Uganda: one late body mention = 1
        List<TaggedEntity> e = Fixtures.TAGGER.tag("Kenya votes", "Kenya voted. " + FILLER + "Uganda watched.");
        assertThat(e.get(0).salience()).isEqualTo(Math.round((0.5 * 5 / 8 + 0.5) * 10000) / 10000.0);
        assertThat(e.get(1).salience()).isEqualTo(Math.round((0.5 * 1 / 4 + 0.5 * 1 / 5.0) * 10000) / 10000.0);
    }

    @Test
    void taggingIsThreadSafe() {
        String body = Fixtures.resource("samples/afghanistan-seeks-pakistans-help.txt");
        List<TaggedEntity> expected = Fixtures.TAGGER.tag("Afghanistan seeks Pakistan’s help", body);
        List<List<TaggedEntity>> results = IntStream.range(0, 64)
                .parallel()
                .mapToObj(i -> Fixtures.TAGGER.tag("Afghanistan seeks Pakistan’s help", body))
                .toList();
        assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(expected));
    }
}
