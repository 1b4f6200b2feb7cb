package io.comention.pipeline;

import io.comention.model.Alert;
import io.comention.model.AlertVerdict;
import io.comention.model.ArticleRef;
import io.comention.model.CoveredCombination;
import io.comention.model.EntityRef;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link AlertVerdict}, one per combination event (its list of alerts is nearly
 * always empty): written field by field, no reflection, and {@link #copy} returns the immutable record
 * as it is.
 */
public final class AlertVerdictSerializer extends ImmutableRecordSerializer<AlertVerdict> {

    private static final long serialVersionUID = 1L;

    public static final AlertVerdictSerializer INSTANCE = new AlertVerdictSerializer();

    private static final Alert.AlertKind[] KINDS = Alert.AlertKind.values();

    @Override
    public void serialize(AlertVerdict v, DataOutputView out) throws IOException {
        WireFormat.writeCompactString(out, v.articleId());
        WireFormat.writeVarInt(out, v.parts());
        List<Alert> alerts = v.alerts();
        WireFormat.writeVarInt(out, alerts == null ? 0 : alerts.size() + 1);
        if (alerts != null) {
            for (Alert a : alerts) {
                writeAlert(out, a);
            }
        }
    }

    static void writeAlert(DataOutputView out, Alert a) throws IOException {
        WireFormat.writeCompactString(out, a.alertId());
        out.writeByte(a.kind() == null ? 0 : a.kind().ordinal() + 1);
        WireFormat.writeCompactString(out, a.rule());
        WireFormat.writeCompactString(out, a.key());
        WireFormat.writeCompactEntities(out, a.entities());
        WireFormat.writeInstant(out, a.windowStart());
        WireFormat.writeInstant(out, a.windowEnd());
        out.writeLong(a.count());
        out.writeDouble(a.baseline());
        out.writeDouble(a.score());
        out.writeLong(a.sources());
        out.writeBoolean(a.lift() != null);
        if (a.lift() != null) {
            out.writeDouble(a.lift());
        }
        WireFormat.writeCompactString(out, a.explanation());
        List<ArticleRef> articles = a.articles();
        WireFormat.writeVarInt(out, articles == null ? 0 : articles.size() + 1);
        if (articles != null) {
            for (ArticleRef r : articles) {
                WireFormat.writeCompactArticle(out, r);
            }
        }
        WireFormat.writeCompactString(out, a.triggeredBy());
        WireFormat.writeInstant(out, a.triggeredAt());
        List<CoveredCombination> covers = a.covers();
        WireFormat.writeVarInt(out, covers == null ? 0 : covers.size() + 1);
        if (covers != null) {
            for (CoveredCombination c : covers) {
                WireFormat.writeCompactString(out, c.key());
                WireFormat.writeCompactEntities(out, c.entities());
                out.writeLong(c.count());
            }
        }
        WireFormat.writeInstant(out, a.emittedAt());
    }

    @Override
    public AlertVerdict deserialize(DataInputView in) throws IOException {
        String articleId = WireFormat.readCompactString(in);
        int parts = WireFormat.readVarInt(in);
        int n = WireFormat.readVarInt(in) - 1;
        List<Alert> alerts = null;
        if (n >= 0) {
            List<Alert> read = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                read.add(readAlert(in));
            }
            alerts = Collections.unmodifiableList(read);
        }
        return new AlertVerdict(articleId, parts, alerts);
    }

    static Alert readAlert(DataInputView in) throws IOException {
        String alertId = WireFormat.readCompactString(in);
        int kind = in.readUnsignedByte();
        String rule = WireFormat.readCompactString(in);
        String key = WireFormat.readCompactString(in);
        List<EntityRef> entities = WireFormat.readCompactEntities(in);
        Instant windowStart = WireFormat.readInstant(in);
        Instant windowEnd = WireFormat.readInstant(in);
        long count = in.readLong();
        double baseline = in.readDouble();
        double score = in.readDouble();
        long sources = in.readLong();
        Double lift = in.readBoolean() ? in.readDouble() : null;
        String explanation = WireFormat.readCompactString(in);
        int articleCount = WireFormat.readVarInt(in) - 1;
        List<ArticleRef> articles = null;
        if (articleCount >= 0) {
            List<ArticleRef> read = new ArrayList<>(articleCount);
            for (int i = 0; i < articleCount; i++) {
                read.add(WireFormat.readCompactArticle(in));
            }
            articles = Collections.unmodifiableList(read);
        }
        String triggeredBy = WireFormat.readCompactString(in);
        Instant triggeredAt = WireFormat.readInstant(in);
        int coverCount = WireFormat.readVarInt(in) - 1;
        List<CoveredCombination> covers = null;
        if (coverCount >= 0) {
            List<CoveredCombination> read = new ArrayList<>(coverCount);
            for (int i = 0; i < coverCount; i++) {
                read.add(new CoveredCombination(
                        WireFormat.readCompactString(in), WireFormat.readCompactEntities(in), in.readLong()));
            }
            covers = Collections.unmodifiableList(read);
        }
        Instant emittedAt = WireFormat.readInstant(in);
        return new Alert(
                alertId,
                kind == 0 ? null : KINDS[kind - 1],
                rule,
                key,
                entities,
                windowStart,
                windowEnd,
                count,
                baseline,
                score,
                sources,
                lift,
                explanation,
                articles,
                triggeredBy,
                triggeredAt,
                covers,
                emittedAt);
    }

    @Override
    public TypeSerializerSnapshot<AlertVerdict> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint's metadata. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AlertVerdict> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
