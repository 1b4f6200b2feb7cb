package io.comention.pipeline;

import io.comention.analytics.CoMentionCounter;
import io.comention.kafka.KafkaConnectors;
import io.comention.kafka.Serializers;
import io.comention.model.Alert;
import io.comention.model.Article;
import io.comention.model.CountUpdate;
import io.comention.model.DeadLetter;
import io.comention.model.RawRecord;
import io.comention.model.TaggedArticle;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The comention job graph, top to bottom. Sources and sinks are injected, so tests run the same graph
 * on bounded inputs; {@link #main} wires in the Kafka ones.
 *
 * <pre>
 * news.raw → parse (bad → news.deadletter) → event time → drop duplicate ids → tag → news.tagged
 *                                                                               ↓
 *                            combinations → count per combination → news.comention.counts
 *                                                                 ↘ WATCH alerts → news.alerts
 * </pre>
 */
public final class ComentionJob {

    private ComentionJob() {}

    /** Where each output goes. */
    public record Sinks(
            Sink<TaggedArticle> tagged,
            Sink<CountUpdate> counts,
            Sink<Alert> alerts,
            Sink<DeadLetter> deadLetters) {}

    /** The exactly-once Kafka sinks for the configured topics. */
    public static Sinks kafkaSinks(ComentionConfig config) {
        var topics = config.topics();
        return new Sinks(
                KafkaConnectors.exactlyOnceSink(config, "tagged", Serializers.tagged(topics.tagged())),
                KafkaConnectors.exactlyOnceSink(config, "counts", Serializers.counts(topics.counts())),
                KafkaConnectors.exactlyOnceSink(config, "alerts", Serializers.alerts(topics.alerts())),
                KafkaConnectors.exactlyOnceSink(
                        config, "deadletter", Serializers.deadLetters(topics.deadletter())));
    }

    /** Applies the job's runtime settings: exactly-once checkpoints, no Kryo, explicit uids only. */
    public static void configure(StreamExecutionEnvironment env, ComentionConfig config) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(PipelineOptions.NAME, config.job().name());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.job().checkpointInterval());
        env.configure(conf);
        env.setParallelism(config.job().parallelism());
        env.setMaxParallelism(config.job().maxParallelism());
    }

    /** Builds the graph on {@code env} reading {@code source} and writing to {@code sinks}. */
    public static void build(
            StreamExecutionEnvironment env,
            ComentionConfig config,
            Source<RawRecord, ?, ?> source,
            Sinks sinks) {
        SingleOutputStreamOperator<Article> parsed =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "news.raw")
                        .uid(Uids.RAW_SOURCE)
                        .process(new ParseArticles(config.input().maxRecordBytes()))
                        .uid(Uids.PARSE)
                        .name("Parse and validate articles");

        parsed.getSideOutput(ParseArticles.DEAD_LETTERS)
                .sinkTo(sinks.deadLetters())
                .uid(Uids.DEADLETTER_SINK)
                .name("news.deadletter");

        DataStream<TaggedArticle> tagged =
                parsed.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Article>forBoundedOutOfOrderness(
                                                config.events().maxOutOfOrderness())
                                        .withTimestampAssigner((a, ts) -> a.eventTime().toEpochMilli())
                                        .withIdleness(config.events().idleness()))
                        .uid(Uids.EVENT_TIME)
                        .name("Event time from published_at")
                        .keyBy(Article::id)
                        .process(new DropDuplicates(config.input().dedupRetention()))
                        .uid(Uids.DEDUP)
                        .name("Drop duplicate article ids")
                        .map(new TagEntities(config.tagging().entitiesDir()))
                        .uid(Uids.TAG)
                        .name("Tag entities");

        tagged.sinkTo(sinks.tagged()).uid(Uids.TAGGED_SINK).name("news.tagged");

        var counts = config.counts();
        SingleOutputStreamOperator<CountUpdate> countUpdates =
                tagged.flatMap(
                                new ToCombinations(
                                        config.tagging().maxEntitiesPerArticle(),
                                        counts.minSize(),
                                        counts.maxSize()))
                        .uid(Uids.COMBINATIONS)
                        .name("Combinations of co-mentioned entities")
                        .keyBy(e -> e.key())
                        .process(
                                new CountCombinations(
                                        new CoMentionCounter(
                                                counts.bucket(), counts.horizons(), counts.retention()),
                                        config.rules()))
                        .uid(Uids.COUNT)
                        .name("Count combinations and watch rules");

        countUpdates.sinkTo(sinks.counts()).uid(Uids.COUNTS_SINK).name("news.comention.counts");
        countUpdates
                .getSideOutput(CountCombinations.ALERTS)
                .sinkTo(sinks.alerts())
                .uid(Uids.ALERTS_SINK)
                .name("news.alerts");
    }

    /**
     * Cluster entry point: {@code --config path/to/comention.yaml} (omit it for the bundled defaults) and
     * optionally {@code --parallelism N}, which overrides {@code job.parallelism} (the operator commands
     * pass it on rescale, since a parallelism set in the program wins over one given at submission).
     */
    public static void main(String[] args) throws Exception {
        ComentionConfig config = ComentionConfig.bundled();
        Integer parallelism = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = ComentionConfig.load(Path.of(args[++i]));
            } else if (args[i].equals("--parallelism") && i + 1 < args.length) {
                parallelism = parsePositive(args[++i]);
            } else {
                throw new ConfigException(
                        "unknown argument '" + args[i] + "'; the job takes --config FILE and --parallelism N");
            }
        }
        if (parallelism != null) {
            var j = config.job();
            config = config.withJob(new ComentionConfig.Job(j.name(), parallelism, j.maxParallelism(),
                    j.checkpointInterval(), j.transactionTimeout(), j.startingOffsets()));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, config);
        build(env, config, KafkaConnectors.rawSource(config, false), kafkaSinks(config));
        env.execute(config.job().name());
    }

    private static int parsePositive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new ConfigException("--parallelism must be a whole number of at least 1, was '" + value + "'");
    }
}
