package io.comention.pipeline;

import io.comention.model.Article;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by article id: passes the first article with an id and drops later ones. An id is remembered
 * for the retention period (state TTL), so the state does not grow without bound.
 */
public final class DropDuplicates extends KeyedProcessFunction<String, Article, Article> {

    private static final long serialVersionUID = 1L;

    /** The key this function expects: the article id. */
    public static final KeySelector<Article, String> KEY = new ArticleId();

    private final Duration retention;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public DropDuplicates(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(retention)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupFullSnapshot()
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter(Metrics.ARTICLES_DUPLICATE);
    }

    @Override
    public void processElement(Article article, Context ctx, Collector<Article> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(article);
    }

    private static final class ArticleId implements KeySelector<Article, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Article article) {
            return article.id();
        }
    }
}
