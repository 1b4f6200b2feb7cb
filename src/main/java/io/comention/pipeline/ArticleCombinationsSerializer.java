package io.comention.pipeline;

import io.comention.model.ArticleCombinations;
import io.comention.model.ArticleCombinations.Combination;
import io.comention.model.EntityRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link ArticleCombinations}: the article, its event time and the verdict count
 * once, the distinct entities once as a table, then each combination as its key and the table positions
 * of its entities (an article's ~36 combinations name ~10 entities). Only on the edge to the counter,
 * never in state, so its format may change between versions.
 */
public final class ArticleCombinationsSerializer extends ImmutableRecordSerializer<ArticleCombinations> {

    private static final long serialVersionUID = 1L;

    public static final ArticleCombinationsSerializer INSTANCE = new ArticleCombinationsSerializer();

    @Override
    public void serialize(ArticleCombinations record, DataOutputView out) throws IOException {
        WireFormat.writeCompactArticle(out, record.article());
        WireFormat.writeInstant(out, record.eventTime());
        WireFormat.writeVarInt(out, record.parts() + 1); // ONE_PER_COUNTER (-1) as 0
        List<EntityRef> table = new ArrayList<>();
        List<Combination> combinations = record.combinations();
        for (Combination c : combinations) {
            for (EntityRef e : c.entities()) {
                if (indexOf(table, e) < 0) {
                    table.add(e);
                }
            }
        }
        WireFormat.writeCompactEntities(out, table);
        WireFormat.writeVarInt(out, combinations.size());
        for (Combination c : combinations) {
            WireFormat.writeCompactString(out, c.key());
            WireFormat.writeVarInt(out, c.entities().size());
            for (EntityRef e : c.entities()) {
                WireFormat.writeVarInt(out, indexOf(table, e));
            }
        }
    }

    /**
     * The entity's position in the table: the combinations share the article's entity objects, so it is
     * found by identity, without comparing it field by field with every entity before it.
     */
    private static int indexOf(List<EntityRef> table, EntityRef e) {
        for (int i = 0; i < table.size(); i++) {
            if (table.get(i) == e) {
                return i;
            }
        }
        for (int i = 0; i < table.size(); i++) {
            EntityRef known = table.get(i);
            if (known != null && known.equals(e)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public ArticleCombinations deserialize(DataInputView in) throws IOException {
        var article = WireFormat.readCompactArticle(in);
        var eventTime = WireFormat.readInstant(in);
        int parts = WireFormat.readVarInt(in) - 1;
        List<EntityRef> table = WireFormat.readCompactEntities(in);
        Combination[] combinations = new Combination[WireFormat.readVarInt(in)];
        for (int i = 0; i < combinations.length; i++) {
            String key = WireFormat.readCompactString(in);
            EntityRef[] entities = new EntityRef[WireFormat.readVarInt(in)];
            for (int j = 0; j < entities.length; j++) {
                entities[j] = table.get(WireFormat.readVarInt(in));
            }
            combinations[i] = new Combination(key, Collections.unmodifiableList(Arrays.asList(entities)));
        }
        return new ArticleCombinations(
                article, eventTime, Collections.unmodifiableList(Arrays.asList(combinations)), parts);
    }

    @Override
    public TypeSerializerSnapshot<ArticleCombinations> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ArticleCombinations> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
