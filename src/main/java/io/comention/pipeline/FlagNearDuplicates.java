package io.comention.pipeline;

import io.comention.analytics.Fingerprint;
import io.comention.model.FingerprintedArticle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One band of near-duplicate detection, keyed by one position of the articles' fingerprints: articles
 * that share it are compared, and an article whose fingerprint is similar enough to one seen within the
 * retention is marked as a copy of it. The job chains two bands (two fingerprint positions), so a copy
 * is caught when either position agrees. Articles already marked pass straight through; an article too
 * short to fingerprint is never marked. State per key holds a few recent fingerprints, with a TTL.
 *
 * <p>Articles are judged on arrival against the fingerprints already seen: the first copy to arrive is
 * the original, and nothing waits for the watermark. A replay after a failure may see two close copies
 * in another order, but it restores the fingerprints of the last checkpoint and everything published
 * after it is aborted, so each article is published once, with one decision.
 */
public final class FlagNearDuplicates extends KeyedProcessFunction<Long, FingerprintedArticle, FingerprintedArticle> {

    private static final long serialVersionUID = 1L;

    /** Fingerprints kept per band key; a busy key forgets its oldest. */
    static final int MAX_PER_KEY = 16;

    /** The key of band {@code i} (0 or 1): one position of the articles' fingerprints. */
    public static KeySelector<FingerprintedArticle, Long> band(int i) {
        return new Band(i);
    }

    /** A fingerprint seen: which article, and the fingerprint itself. */
    public record Seen(String articleId, long[] fingerprint) {}

    private final Duration retention;
    private final double minSimilarity;
    private transient ValueState<List<Seen>> seen;
    private transient ListState<FingerprintedArticle> waiting;
    private transient Counter nearDuplicates;

    public FlagNearDuplicates(Duration retention, double minSimilarity) {
        this.retention = retention;
        this.minSimilarity = minSimilarity;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<List<Seen>> descriptor =
                new ValueStateDescriptor<>("fingerprints", TypeInformation.of(new TypeHint<List<Seen>>() {}));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(retention)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupFullSnapshot()
                .build());
        seen = getRuntimeContext().getState(descriptor);
        waiting = getRuntimeContext()
                .getListState(new ListStateDescriptor<>("waiting", TypeInformation.of(FingerprintedArticle.class)));
        nearDuplicates = getRuntimeContext().getMetricGroup().counter(Metrics.ARTICLES_NEAR_DUPLICATE);
    }

    @Override
    public void processElement(FingerprintedArticle in, Context ctx, Collector<FingerprintedArticle> out)
            throws Exception {
        if (in.tagged().duplicateOf() != null || in.fingerprint().length == 0) {
            out.collect(in);
            return;
        }
        judge(in, out);
    }

    /** Articles that a savepoint of the version that waited for the watermark still holds: judged when their timer fires. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FingerprintedArticle> out) throws Exception {
        List<FingerprintedArticle> due = new ArrayList<>();
        List<FingerprintedArticle> later = new ArrayList<>();
        for (FingerprintedArticle f : waiting.get()) {
            (eventTime(f) <= timestamp ? due : later).add(f);
        }
        due.sort(Comparator.comparingLong(FlagNearDuplicates::eventTime)
                .thenComparing(f -> f.tagged().article().id()));
        for (FingerprintedArticle f : due) {
            judge(f, out);
        }
        waiting.update(later);
    }

    private static long eventTime(FingerprintedArticle f) {
        return f.tagged().article().eventTime().toEpochMilli();
    }

    /** Marks {@code in} as a copy of a similar article seen before, or remembers its fingerprint. */
    private void judge(FingerprintedArticle in, Collector<FingerprintedArticle> out) throws Exception {
        List<Seen> known = seen.value();
        if (known != null) {
            for (Seen s : known) {
                if (Fingerprint.similarity(s.fingerprint(), in.fingerprint()) >= minSimilarity) {
                    nearDuplicates.inc();
                    out.collect(in.markedDuplicateOf(s.articleId()));
                    return;
                }
            }
        }
        List<Seen> next = new ArrayList<>(known == null ? List.of() : known);
        next.add(new Seen(in.tagged().article().id(), in.fingerprint()));
        while (next.size() > MAX_PER_KEY) {
            next.remove(0);
        }
        seen.update(next);
        out.collect(in);
    }

    private static final class Band implements KeySelector<FingerprintedArticle, Long> {
        private static final long serialVersionUID = 1L;

        private final int position;

        Band(int position) {
            this.position = position;
        }

        @Override
        public Long getKey(FingerprintedArticle article) {
            return article.band(position);
        }
    }
}
