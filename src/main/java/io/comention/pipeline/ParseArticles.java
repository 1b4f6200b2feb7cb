package io.comention.pipeline;

import io.comention.model.Article;
import io.comention.model.ArticleParser;
import io.comention.model.DeadLetter;
import io.comention.model.RawRecord;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Parses and validates raw records; a record that is not a valid article goes to {@link #DEAD_LETTERS}. */
public final class ParseArticles extends ProcessFunction<RawRecord, Article> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final int maxRecordBytes;
    private transient ArticleParser parser;
    private transient Counter read;
    private transient Counter invalid;
    private transient Counter deadLetters;

    public ParseArticles(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new ArticleParser(maxRecordBytes);
        read = getRuntimeContext().getMetricGroup().counter(Metrics.ARTICLES_READ);
        invalid = getRuntimeContext().getMetricGroup().counter(Metrics.ARTICLES_INVALID);
        deadLetters = getRuntimeContext().getMetricGroup().counter(Metrics.DEAD_LETTERS);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Article> out) {
        read.inc();
        ArticleParser.Result result = parser.parse(raw);
        if (result.ok()) {
            out.collect(result.article());
        } else {
            invalid.inc();
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(raw, result.error(), result.reason(), Instant.now()));
        }
    }
}
