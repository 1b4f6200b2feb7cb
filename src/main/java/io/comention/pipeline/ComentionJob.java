package io.comention.pipeline;

import io.comention.config.ComentionConfig;
import io.comention.config.ConfigException;
import io.comention.kafka.KafkaConnectors;
import io.comention.kafka.Serializers;
import io.comention.model.Alert;
import io.comention.model.Article;
import io.comention.model.ArticleCombinations;
import io.comention.model.ControlMessage;
import io.comention.model.CountUpdate;
import io.comention.model.DeadLetter;
import io.comention.model.EntityMention;
import io.comention.model.FrequencyAnswer;
import io.comention.model.FrequencyQuestion;
import io.comention.model.RawRecord;
import io.comention.model.TaggedArticle;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The comention job graph, top to bottom. Sources and sinks are injected, so tests run the same graph
 * on bounded inputs; {@link #main} wires in the Kafka ones.
 *
 * <pre>
 * news.raw → parse (bad → news.deadletter) → event time → drop duplicate ids → tag ← news.control
 *          → flag near-duplicates (two fingerprint bands) → news.tagged
 *          → combinations of the counted articles → count per combination ← news.control → news.comention.counts
 *                                                 ↘ verdicts → one alert per story → add lift → news.alerts
 * </pre>
 *
 * Every stage decides on arrival; nothing waits for the watermark. Output becomes visible to
 * {@code read_committed} readers at the next checkpoint.
 */
public final class ComentionJob {

    private ComentionJob() {}

    /** Where each output goes. */
    public record Sinks(
            Sink<TaggedArticle> tagged, Sink<CountUpdate> counts, Sink<Alert> alerts, Sink<DeadLetter> deadLetters) {}

    /** What the job reads: articles and operator control messages, both as raw Kafka records. */
    public record Sources(Source<RawRecord, ?, ?> articles, Source<RawRecord, ?, ?> control) {}

    /** The Kafka sources for the configured topics; {@code bounded} stops at the offsets latest at start. */
    public static Sources kafkaSources(ComentionConfig config, boolean bounded) {
        return new Sources(
                KafkaConnectors.articleSource(config, bounded), KafkaConnectors.controlSource(config, bounded));
    }

    /** The exactly-once Kafka sinks for the configured topics. */
    public static Sinks kafkaSinks(ComentionConfig config) {
        var topics = config.topics();
        return new Sinks(
                KafkaConnectors.exactlyOnceSink(config, "tagged", Serializers.tagged(topics.tagged())),
                KafkaConnectors.exactlyOnceSink(config, "counts", Serializers.counts(topics.counts())),
                KafkaConnectors.exactlyOnceSink(config, "alerts", Serializers.alerts(topics.alerts())),
                KafkaConnectors.exactlyOnceSink(config, "deadletter", Serializers.deadLetters(topics.deadletter())));
    }

    /** Applies the job's runtime settings: exactly-once checkpoints, no Kryo, explicit uids only. */
    public static void configure(StreamExecutionEnvironment env, ComentionConfig config) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        // object reuse stays off: it would be safe (records are immutable, no operator keeps a chained input),
        // but the records' own serializers (RecordTypes) already make the chained copies free
        conf.set(PipelineOptions.NAME, config.job().name());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.job().checkpointInterval());
        // the counting state compresses to about two thirds (repeated entity ids, sources, sample titles)
        conf.set(ExecutionOptions.SNAPSHOT_COMPRESSION, config.job().snapshotCompression());
        env.configure(conf);
        if (config.job().parallelism() > 0) { // unset: the cluster's parallelism.default decides (rescaling)
            env.setParallelism(config.job().parallelism());
        }
        env.setMaxParallelism(config.job().maxParallelism());
    }

    /**
     * Sets a local runtime to keep checkpoints as files under {@code dir}. A cluster configures this in
     * its own configuration ({@code execution.checkpointing.dir}); without it Flink keeps checkpoints in
     * the JobManager's memory, which refuses state above 5 MB.
     */
    public static void checkpointToFiles(Configuration conf, Path dir) {
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
    }

    /** Builds the graph on {@code env} reading {@code sources} and writing to {@code sinks}. */
    public static void build(StreamExecutionEnvironment env, ComentionConfig config, Sources sources, Sinks sinks) {
        // operator updates, broadcast to the tagger, the combinations and the counter
        SingleOutputStreamOperator<ControlMessage> control = env.fromSource(
                        sources.control(), neverHoldsBackEventTime(), "news.control")
                .uid(Uids.CONTROL_SOURCE)
                .process(new ParseControl(config.ruleLimits()))
                .uid(Uids.PARSE_CONTROL)
                .name("Parse control messages");
        BroadcastStream<ControlMessage> controlBroadcast = control.broadcast(ControlState.DESCRIPTOR);

        SingleOutputStreamOperator<Article> parsed = env.fromSource(
                        sources.articles(), WatermarkStrategy.noWatermarks(), "news.raw")
                .uid(Uids.RAW_SOURCE)
                .process(new ParseArticles(config.input().maxRecordBytes()), RecordTypes.ARTICLE)
                .uid(Uids.PARSE)
                .name("Parse and validate articles");

        parsed.getSideOutput(ParseArticles.DEAD_LETTERS)
                .union(control.getSideOutput(ParseArticles.DEAD_LETTERS))
                .sinkTo(sinks.deadLetters())
                .uid(Uids.DEADLETTER_SINK)
                .name("news.deadletter");

        DataStream<TaggedArticle> tagged = parsed.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Article>forBoundedOutOfOrderness(
                                        config.events().maxOutOfOrderness())
                                .withTimestampAssigner(new ArticleEventTime())
                                .withIdleness(config.events().idleness()))
                .uid(Uids.EVENT_TIME)
                .name("Event time from published_at")
                .keyBy(DropDuplicates.KEY)
                .process(new DropDuplicates(config.input().dedupRetention()), RecordTypes.ARTICLE)
                .uid(Uids.DEDUP)
                .name("Drop duplicate article ids")
                .connect(controlBroadcast)
                .process(
                        new TagEntities(
                                config.tagging().entitiesDir(),
                                TagEntities.places(config.tagging().places())),
                        RecordTypes.TAGGED_ARTICLE)
                .uid(Uids.TAG)
                .name("Tag entities");

        if (config.nearDuplicates().enabled()) {
            tagged = flagNearDuplicates(tagged, config.nearDuplicates());
        }
        tagged.sinkTo(sinks.tagged()).uid(Uids.TAGGED_SINK).name("news.tagged");

        // syndicated copies are published above but counted once
        DataStream<TaggedArticle> counted = tagged.filter(new SkipNearDuplicates())
                .uid(Uids.COUNTED_ARTICLES)
                .name("Skip near-duplicates");

        var counts = config.counts();
        SingleOutputStreamOperator<ArticleCombinations> combinations = counted.map(new ToCountedArticle())
                .uid(Uids.COUNTED_SLIM)
                .name("Entities and reference of counted articles")
                .connect(controlBroadcast)
                .process(
                        new ToCombinations(
                                config.tagging().maxEntitiesPerArticle(),
                                counts.maxEntitiesInLarger(),
                                counts.minSize(),
                                counts.maxSize(),
                                config.alertRules()),
                        RecordTypes.ARTICLE_COMBINATIONS)
                .uid(Uids.COMBINATIONS)
                .name("Combinations of co-mentioned entities");
        SingleOutputStreamOperator<CountUpdate> countUpdates = CountCombinations.countOnEverySubtask(
                        combinations, control, CountCombinations.configuredBy(config))
                .uid(Uids.COUNT)
                .name(CountCombinations.NAME);

        countUpdates.sinkTo(sinks.counts()).uid(Uids.COUNTS_SINK).name("news.comention.counts");

        DataStream<Alert> alerts = countUpdates
                .getSideOutput(CountCombinations.VERDICTS)
                .keyBy(GroupAlerts.KEY)
                .process(new GroupAlerts(), RecordTypes.ALERT)
                .uid(Uids.GROUP_ALERTS)
                .name("One alert per story");

        addLift(counted, alerts, config)
                .sinkTo(sinks.alerts())
                .uid(Uids.ALERTS_SINK)
                .name("news.alerts");
    }

    /**
     * Control messages carry no event time. Joined to the keyed streams they would hold the operators'
     * watermark (the minimum of their inputs) at its start forever, so the control source declares
     * itself idle: an idle input is left out of the minimum and the articles' watermark stays in charge.
     * (A watermark at the far end of time would be wrong: when the articles' input goes idle too, the
     * operators would jump to it and fire, and expire, everything.)
     */
    private static WatermarkStrategy<RawRecord> neverHoldsBackEventTime() {
        return WatermarkStrategy.forGenerator(new AlwaysIdle());
    }

    /** Watermarks of an input that never holds back event time: it is always idle. */
    private static final class AlwaysIdle
            implements WatermarkGeneratorSupplier<RawRecord>, WatermarkGenerator<RawRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public WatermarkGenerator<RawRecord> createWatermarkGenerator(Context context) {
            return this; // keeps no state, so one instance serves every split
        }

        @Override
        public void onEvent(RawRecord event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }

    /** Two bands of fingerprint comparison: a copy is caught when either fingerprint position agrees. */
    private static DataStream<TaggedArticle> flagNearDuplicates(
            DataStream<TaggedArticle> tagged, ComentionConfig.NearDuplicates settings) {
        return tagged.map(new FingerprintArticles(), RecordTypes.FINGERPRINTED_ARTICLE)
                .uid(Uids.FINGERPRINT)
                .name("Fingerprint article text")
                .keyBy(FlagNearDuplicates.band(0))
                .process(
                        new FlagNearDuplicates(settings.retention(), settings.minSimilarity()),
                        RecordTypes.FINGERPRINTED_ARTICLE)
                .uid(Uids.NEAR_DUPLICATES_1)
                .name("Flag near-duplicates (band 1)")
                .keyBy(FlagNearDuplicates.band(1))
                .process(
                        new FlagNearDuplicates(settings.retention(), settings.minSimilarity()),
                        RecordTypes.FINGERPRINTED_ARTICLE)
                .uid(Uids.NEAR_DUPLICATES_2)
                .name("Flag near-duplicates (band 2)")
                .map(new DropFingerprint(), RecordTypes.TAGGED_ARTICLE)
                .uid(Uids.UNWRAP_FINGERPRINT)
                .name("Drop fingerprint");
    }

    /**
     * Completes each alert with its lift, in two keyed two-input steps: the entity frequencies count
     * the counted articles per entity and answer each alert's questions at once; the answers then meet
     * their alert, keyed by alert id.
     */
    private static DataStream<Alert> addLift(
            DataStream<TaggedArticle> counted, DataStream<Alert> alerts, ComentionConfig config) {
        DataStream<EntityMention> mentions = counted.flatMap(new ToEntityMentions(), RecordTypes.ENTITY_MENTION)
                .uid(Uids.ENTITY_MENTIONS)
                .name("Entity mentions");
        DataStream<FrequencyQuestion> questions = alerts.flatMap(
                        new ToFrequencyQuestions(), RecordTypes.FREQUENCY_QUESTION)
                .uid(Uids.LIFT_QUESTIONS)
                .name("Ask entity frequencies");
        var longest = config.counts()
                .horizons()
                .get(config.counts().horizons().size() - 1)
                .length();
        DataStream<FrequencyAnswer> answers = mentions.connect(questions)
                .keyBy(EntityFrequencies.MENTION_KEY, EntityFrequencies.QUESTION_KEY)
                .process(new EntityFrequencies(config.counts().bucket(), longest), RecordTypes.FREQUENCY_ANSWER)
                .uid(Uids.ENTITY_FREQUENCIES)
                .name("Entity frequencies");
        return alerts.connect(answers)
                .keyBy(AddLift.ALERT_KEY, AddLift.ANSWER_KEY)
                .process(new AddLift(), RecordTypes.ALERT)
                .uid(Uids.ADD_LIFT)
                .name("Add lift to alerts");
    }

    /**
     * Cluster entry point: {@code --config path/to/comention.yaml} (omit it for the bundled defaults) and
     * optionally {@code --parallelism N}, which overrides {@code job.parallelism} (the operator commands
     * pass it on rescale, since a parallelism set in the program wins over one given at submission);
     * for a replay, {@code --starting-offsets MODE} overrides {@code job.starting_offsets} and
     * {@code --output-suffix SUFFIX} sends the outputs to topics of their own
     * ({@link ComentionConfig#withOutputSuffix}).
     */
    public static void main(String[] args) throws Exception {
        ComentionConfig config = ComentionConfig.bundled();
        Integer parallelism = null;
        String startingOffsets = null;
        String outputSuffix = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = ComentionConfig.load(Path.of(args[++i]));
            } else if (args[i].equals("--parallelism") && i + 1 < args.length) {
                parallelism = parsePositive(args[++i]);
            } else if (args[i].equals("--starting-offsets") && i + 1 < args.length) {
                startingOffsets = args[++i];
            } else if (args[i].equals("--output-suffix") && i + 1 < args.length) {
                outputSuffix = args[++i];
            } else {
                throw new ConfigException(
                        "unknown argument '" + args[i]
                                + "'; the job takes --config FILE, --parallelism N, --starting-offsets MODE and --output-suffix SUFFIX");
            }
        }
        if (startingOffsets != null) {
            config = config.withStartingOffsets(startingOffsets);
        }
        if (outputSuffix != null) {
            config = config.withOutputSuffix(outputSuffix);
        }
        if (parallelism != null) {
            var j = config.job();
            config = config.withJob(new ComentionConfig.Job(
                    j.name(),
                    parallelism,
                    j.maxParallelism(),
                    j.checkpointInterval(),
                    j.transactionTimeout(),
                    j.startingOffsets(),
                    j.snapshotCompression()));
        }
        RuleEntities.requireKnown(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, config);
        build(env, config, kafkaSources(config, false), kafkaSinks(config));
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
