package io.comention.analytics;

import io.comention.model.EntityRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything kept per combination: event-time buckets (bucket start in epoch ms → articles), the running
 * total, the latest event time seen, when each watch rule last fired, and a few recent articles to quote
 * in alerts. A mutable POJO so Flink stores it without Kryo; {@link CoMentionCounter} holds the logic.
 */
public class CombinationState {
    public List<EntityRef> entities = new ArrayList<>();
    public Map<Long, Long> buckets = new HashMap<>();
    public long total;
    public long lateArticles;
    public long latestEventTime = Long.MIN_VALUE;
    /** rule id → end (epoch ms) of the window the rule last alerted on. */
    public Map<String, Long> lastAlertWindowEnd = new HashMap<>();
    /** The most recent articles, newest first, at most {@link CoMentionCounter#MAX_SAMPLES}. */
    public List<SampleArticle> samples = new ArrayList<>();

    public CombinationState() {}
}
