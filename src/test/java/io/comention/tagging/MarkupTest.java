package io.comention.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkupTest {

    @Test
    void tagsAreSkippedAndSpansPointIntoTheMarkup() {
        String html = "<p>The <b>European Union</b> and <a href=\"/iran\">Iran</a></p><p>Belarus</p>";
        List<TaggedEntity> entities = Fixtures.tag(html);
        assertThat(Fixtures.ids(entities)).containsExactlyInAnyOrder("org:european-union", "IR", "BY");
        for (TaggedEntity e : entities) {
            for (Span s : e.spans()) {
                assertThat(html.substring(s.start(), s.end())).isEqualTo(s.text());
            }
        }
        assertThat(Fixtures.idsForSurface(entities, "Iran")).containsExactly("IR");
    }

    @Test
    void characterReferencesAreDecodedAndTheSpanCoversThemWhole() {
        String html = "C&ocirc;te d&rsquo;Ivoire &amp; Pakistan&#8217;s envoy met S&atilde;o Tom&eacute;&#x27;s";
        List<TaggedEntity> entities = Fixtures.tag(html);
        assertThat(Fixtures.ids(entities)).containsExactlyInAnyOrder("CI", "PK", "ST");
        assertThat(Fixtures.idsForSurface(entities, "C&ocirc;te d&rsquo;Ivoire"))
                .containsExactly("CI");
        assertThat(Fixtures.idsForSurface(entities, "Pakistan")).containsExactly("PK");
    }

    @Test
    void inlineTagsJoinTheTextAroundThemAndScriptsAndCommentsAreDropped() {
        assertThat(Fixtures.idsIn("<p>Pak<b>istan</b></p>")).containsExactly("PK");
        assertThat(Fixtures.idsIn("<script>var Iran = 1;</script><!-- Iraq --><style>.Chad{}</style>Peru"))
                .containsExactly("PE");
    }

    @Test
    void aLoneAngleBracketOrAmpersandIsText() {
        assertThat(Fixtures.idsIn("Profits < 5% & Pakistan & India")).containsExactly("IN", "PK");
    }
}
