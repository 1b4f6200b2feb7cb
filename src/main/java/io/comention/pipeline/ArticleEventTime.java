package io.comention.pipeline;

import io.comention.model.Article;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/** An article's event time is its {@code published_at}. */
public final class ArticleEventTime implements SerializableTimestampAssigner<Article> {

    private static final long serialVersionUID = 1L;

    @Override
    public long extractTimestamp(Article article, long recordTimestamp) {
        return article.eventTime().toEpochMilli();
    }
}
