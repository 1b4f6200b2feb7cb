package io.comention.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.tagging.EntityDefinition;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticKnowledgeBaseTest {

    @Test
    void yieldsExactlyTheRequestedNumberOfAliasesWithoutCollisionsAndTheyMatch() {
        List<EntityDefinition> defs = SyntheticKnowledgeBase.definitions(5_001, 7);
        KnowledgeBase kb = KnowledgeBase.of(defs, List.of());
        assertThat(kb.aliasCount()).isEqualTo(5_001);
        assertThat(kb.warnings()).isEmpty();
        assertThat(SyntheticKnowledgeBase.definitions(5_001, 7)).isEqualTo(defs);
        EntityDefinition some = defs.get(defs.size() / 2);
        assertThat(new EntityTagger(kb).tag(null, "Reports say " + some.name() + " denied it."))
                .extracting(e -> e.id())
                .containsExactly(some.id());
    }
}
