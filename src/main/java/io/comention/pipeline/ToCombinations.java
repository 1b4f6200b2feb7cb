package io.comention.pipeline;

import io.comention.analytics.AlertRules;
import io.comention.analytics.Combinations;
import io.comention.model.ArticleCombinations;
import io.comention.model.ControlMessage;
import io.comention.model.CountedArticle;
import io.comention.model.EntityRef;
import java.util.List;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The combinations of the article's most salient distinct entities, in one record for every counter
 * subtask ({@link ArticleCombinations}): pairs among the
 * {@code maxEntities} most salient, larger combinations among the {@code maxEntitiesInLarger} most
 * salient, plus any larger combination of the {@code maxEntities} that a watch rule or watchlist names.
 * The rules are the configured ones with the changes from {@code news.control} applied (broadcast
 * state), so a rule added live counts from the next article.
 */
public final class ToCombinations
        extends BroadcastProcessFunction<CountedArticle, ControlMessage, ArticleCombinations> {

    private static final long serialVersionUID = 3L;

    private final int maxEntities;
    private final int maxEntitiesInLarger;
    private final int minSize;
    private final int maxSize;
    private final AlertRules configuredRules;

    private transient AlertRules rules;

    public ToCombinations(
            int maxEntities, int maxEntitiesInLarger, int minSize, int maxSize, AlertRules configuredRules) {
        this.maxEntities = maxEntities;
        this.maxEntitiesInLarger = maxEntitiesInLarger;
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.configuredRules = configuredRules;
    }

    @Override
    public void processElement(CountedArticle counted, ReadOnlyContext ctx, Collector<ArticleCombinations> out)
            throws Exception {
        if (rules == null) {
            rules = ControlState.apply(
                    configuredRules,
                    ctx.getBroadcastState(ControlState.DESCRIPTOR).immutableEntries());
        }
        AlertRules watching = rules;
        List<List<EntityRef>> combinations = Combinations.of(
                counted.entities(), maxEntities, maxEntitiesInLarger, minSize, maxSize, watching::watches);
        if (combinations.isEmpty()) {
            return;
        }
        ArticleCombinations.Combination[] named = new ArticleCombinations.Combination[combinations.size()];
        for (int i = 0; i < named.length; i++) {
            List<EntityRef> combination = combinations.get(i);
            named[i] = new ArticleCombinations.Combination(Combinations.key(combination), combination);
        }
        out.collect(new ArticleCombinations(
                counted.article(), counted.eventTime(), List.of(named), ArticleCombinations.ONE_PER_COUNTER));
    }

    @Override
    public void processBroadcastElement(ControlMessage message, Context ctx, Collector<ArticleCombinations> out)
            throws Exception {
        if (ControlState.keepRuleChange(message, ctx.getBroadcastState(ControlState.DESCRIPTOR))) {
            rules = null;
        }
    }
}
