package io.comention.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comention.analytics.CombinationState;
import io.comention.analytics.FingerprintTest;
import io.comention.analytics.SampleArticle;
import io.comention.config.ComentionConfig;
import io.comention.model.Alert;
import io.comention.model.AlertVerdict;
import io.comention.model.Article;
import io.comention.model.ArticleCombinations;
import io.comention.model.ArticleRef;
import io.comention.model.CombinationEvent;
import io.comention.model.ControlMessage;
import io.comention.model.CountUpdate;
import io.comention.model.CountedArticle;
import io.comention.model.CoveredCombination;
import io.comention.model.DeadLetter;
import io.comention.model.EntityMention;
import io.comention.model.EntityRef;
import io.comention.model.EntityType;
import io.comention.model.FingerprintedArticle;
import io.comention.model.FrequencyAnswer;
import io.comention.model.FrequencyQuestion;
import io.comention.model.RawRecord;
import io.comention.model.RuleLimits;
import io.comention.model.Span;
import io.comention.model.TaggedArticle;
import io.comention.model.TaggedEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every type that flows between operators or sits in state is a Flink POJO (the busiest edges use a
 * compact serializer of their own instead): no Kryo fallback. The job
 * runs with generic types disabled ({@code pipeline.generic-types: false}), so a type that needs Kryo
 * fails at submission; these tests find it first.
 */
class SerializationTest {

    /** Every record of the model package (the wire types), and the types kept in state. */
    static final List<Class<?>> POJOS = List.of(
            // wire
            RawRecord.class,
            Article.class,
            DeadLetter.class,
            TaggedArticle.class,
            TaggedEntity.class,
            Span.class,
            EntityRef.class,
            ArticleRef.class,
            CombinationEvent.class,
            ArticleCombinations.class,
            CountUpdate.class,
            Alert.class,
            ControlMessage.class,
            FingerprintedArticle.class,
            CountedArticle.class,
            AlertVerdict.class,
            CoveredCombination.class,
            EntityMention.class,
            FrequencyQuestion.class,
            FrequencyAnswer.class,
            // state
            CombinationState.class,
            SampleArticle.class,
            FlagNearDuplicates.Seen.class,
            GroupAlerts.Pending.class);

    @ParameterizedTest
    @FieldSource("POJOS")
    void isSerializedAsPojoWithoutKryo(Class<?> type) {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
    }

    /** Each record type that travels between operators, with the serializer the job declares for it. */
    static final List<TypeInformation<?>> OWN_TYPES = List.of(
            RecordTypes.ARTICLE,
            RecordTypes.TAGGED_ARTICLE,
            RecordTypes.FINGERPRINTED_ARTICLE,
            RecordTypes.COUNTED_ARTICLE,
            RecordTypes.COMBINATION_EVENT,
            RecordTypes.ARTICLE_COMBINATIONS,
            RecordTypes.COUNT_UPDATE,
            RecordTypes.ALERT_VERDICT,
            RecordTypes.ALERT,
            RecordTypes.ENTITY_MENTION,
            RecordTypes.FREQUENCY_QUESTION,
            RecordTypes.FREQUENCY_ANSWER);

    @Test
    void theBusiestEdgesUseTheRecordsOwnCompactSerializers() {
        StreamGraph graph = bundledJobGraph();
        List<Class<?>> seen = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            TypeSerializer<?> out = node.getTypeSerializerOut();
            if (out instanceof ImmutableRecordSerializer<?>
                    || out instanceof CombinationEventSerializer
                    || out instanceof CountUpdateSerializer
                    || out instanceof AlertVerdictSerializer) {
                seen.add(out.getClass());
            }
            for (TypeSerializer<?> in : node.getTypeSerializersIn()) {
                if (in instanceof AlertVerdictSerializer) {
                    seen.add(in.getClass());
                }
            }
        }
        // each article's combinations out of the combination step, count updates out of the counter, verdicts into the
        // grouping; the articles out of parsing, dedup, tagging, the fingerprint and both bands, the counted
        // articles to the combination step; the lift's mentions, questions, answers and alerts
        assertThat(seen)
                .contains(
                        ArticleCombinationsSerializer.class,
                        CountUpdateSerializer.class,
                        AlertVerdictSerializer.class,
                        ArticleSerializer.class,
                        TaggedArticleSerializer.class,
                        FingerprintedArticleSerializer.class,
                        CountedArticleSerializer.class,
                        EntityMentionSerializer.class,
                        FrequencyQuestionSerializer.class,
                        FrequencyAnswerSerializer.class,
                        AlertSerializer.class);
        for (TypeInformation<?> type : OWN_TYPES) {
            TypeSerializer<?> own = type.createSerializer(new SerializerConfigImpl());
            assertThat(own).isNotInstanceOf(KryoSerializer.class).isNotInstanceOf(PojoSerializer.class);
            assertThat(own.isImmutableType()).isTrue();
        }
    }

    @Test
    void noEdgeOfTheArticlesOrTheLiftUsesFlinksPojoSerializer() {
        // the raw records, dead letters and control messages stay Flink POJOs: from the source, or rare
        List<TypeSerializer<?>> stillPojos = Stream.of(RawRecord.class, DeadLetter.class, ControlMessage.class)
                .<TypeSerializer<?>>map(c -> TypeInformation.of(c).createSerializer(new SerializerConfigImpl()))
                .toList();
        for (StreamNode node : bundledJobGraph().getStreamNodes()) {
            TypeSerializer<?> out = node.getTypeSerializerOut();
            if (out != null && !stillPojos.contains(out)) {
                assertThat(out).as(node.getOperatorName()).isNotInstanceOf(PojoSerializer.class);
            }
        }
    }

    @Test
    void theOwnSerializersReadBackEveryFieldAndCopyByReference() throws Exception {
        List<EntityRef> entities =
                List.of(new EntityRef("AF", "Afghanistan", EntityType.COUNTRY), new EntityRef("x", "Unknown", null));
        ArticleRef article = new ArticleRef("a1", "Title", "https://example.com/a1", "dawn.com");
        Instant withNanos = Instant.parse("2026-12-01T10:00:00.123456789Z");
        assertRoundTrip(
                CombinationEventSerializer.INSTANCE,
                new CombinationEvent("AF+x", entities, article, withNanos, 36),
                new CombinationEvent("AF+x", entities, new ArticleRef("a2", null, null, null), null, 1));
        EntityRef pk = new EntityRef("PK", "Pakistan", EntityType.COUNTRY);
        // entities shared between combinations go once; an equal entity that is another object reads back equal too
        assertRoundTrip(
                ArticleCombinationsSerializer.INSTANCE,
                new ArticleCombinations(
                        article,
                        withNanos,
                        List.of(
                                new ArticleCombinations.Combination("AF+x", entities),
                                new ArticleCombinations.Combination("AF+PK", List.of(entities.get(0), pk)),
                                new ArticleCombinations.Combination(
                                        "AF+PK+x",
                                        List.of(
                                                new EntityRef("AF", "Afghanistan", EntityType.COUNTRY),
                                                new EntityRef("PK", "Pakistan", EntityType.COUNTRY),
                                                entities.get(1)))),
                        ArticleCombinations.ONE_PER_COUNTER),
                new ArticleCombinations(new ArticleRef("a2", null, null, null), null, List.of(), 3));

        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("15m", 3L);
        counts.put("1h", 5L);
        counts.put("24h", 9L);
        assertRoundTrip(
                CountUpdateSerializer.INSTANCE,
                new CountUpdate("AF+x", entities, 2, counts, 12, 1.5, 4, AddLiftTest.T0),
                new CountUpdate("AF+x", entities, 2, Map.of(), 0, 0.0, 0, withNanos));

        Alert alert = AddLiftTest.alert(2, AddLiftTest.T0, AddLiftTest.T0.plusSeconds(60));
        Alert full = alert.withLift(2.5, "with lift")
                .withCovers(List.of(new CoveredCombination("AF+PK+US", entities, 3)), "covering");
        Alert withSamples = new Alert(
                "id-2",
                Alert.AlertKind.BURST,
                "burst",
                "AF+x",
                entities,
                AddLiftTest.T0,
                withNanos,
                7,
                1.6,
                5.2,
                3,
                null,
                "explained",
                List.of(article, article),
                "a1",
                withNanos,
                List.of(),
                AddLiftTest.T0);
        assertRoundTrip(
                AlertVerdictSerializer.INSTANCE,
                new AlertVerdict("a1", 36, List.of()),
                new AlertVerdict("a1", 2, List.of(alert, full, withSamples)));
    }

    @Test
    void compactStringsReadBackEveryString() throws IOException {
        String longLatin1 = "Quetta, Pakistan - ".repeat(400) + "caf\u00e9";
        List<String> strings = new ArrayList<>(Arrays.asList(
                null,
                "",
                "a",
                "AF+PK+US",
                "Zürich, São Paulo, Malmö", // Latin-1
                "don\u2019t \u2014 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u4e2d\u6587", // UTF-8
                "emoji \ud83d\ude80 in a title", // a surrogate pair
                "lone \ud800 surrogate \udc00 here", // no UTF-8 for these: sent as chars
                "\u0000\u00ff\u0100\uffff",
                longLatin1));
        for (String s : strings) {
            DataOutputSerializer out = new DataOutputSerializer(16);
            WireFormat.writeCompactString(out, s);
            WireFormat.writeCompactString(out, "after");
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertThat(WireFormat.readCompactString(in)).isEqualTo(s);
            assertThat(WireFormat.readCompactString(in)).isEqualTo("after");
            assertThat(in.available()).isZero();
        }
        // Latin-1 text takes a byte a char (plus its header)
        DataOutputSerializer out = new DataOutputSerializer(16);
        WireFormat.writeCompactString(out, longLatin1);
        assertThat(out.length()).isLessThanOrEqualTo(longLatin1.length() + 3);

        DataOutputSerializer list = new DataOutputSerializer(16);
        WireFormat.writeCompactStrings(list, strings);
        WireFormat.writeCompactStrings(list, null);
        DataInputDeserializer in = new DataInputDeserializer(list.getCopyOfBuffer());
        List<String> back = WireFormat.readCompactStrings(in);
        assertThat(back).isEqualTo(strings);
        assertUnmodifiable(back);
        assertThat(WireFormat.readCompactStrings(in)).isNull();
    }

    @Test
    void theArticleSerializersReadBackEveryFieldAndCopyByReference() throws Exception {
        Instant withNanos = Instant.parse("2026-12-01T10:00:00.123456789Z");
        String title = "Talks in Zürich: Pakistan\u2019s envoy meets \u0627\u0644\u0639\u0631\u0628";
        String body = "ISLAMABAD \u2014 Pakistan and Afghanistan met in Quetta. \ud83d\ude80 Pakistan said...";
        Article full = new Article("a1", "https://example.com/a1", "dawn.com", withNanos, "en", title, body, withNanos);
        Article sparse = new Article("a2", null, null, null, null, null, null, AddLiftTest.T0);
        assertRoundTrip(ArticleSerializer.INSTANCE, full, sparse);

        int pk = body.indexOf("Pakistan");
        int pk2 = body.lastIndexOf("Pakistan");
        int quetta = body.indexOf("Quetta");
        TaggedEntity pakistan = new TaggedEntity(
                "PK",
                EntityType.COUNTRY,
                "Pakistan",
                3,
                0.75,
                List.of(
                        new Span("title", 17, 25, "Pakistan"),
                        new Span("body", pk, pk + 8, "Pakistan"),
                        new Span("body", pk2, pk2 + 8, "Pakistan")));
        TaggedEntity viaPlaces = new TaggedEntity(
                "AF",
                EntityType.COUNTRY,
                "Afghanistan",
                1,
                0.1,
                List.of(new Span("body", quetta, quetta + 6, "Quetta")),
                null,
                List.of("Quetta"));
        TaggedEntity place = new TaggedEntity(
                "quetta",
                EntityType.PLACE,
                "Quetta",
                1,
                0.05,
                // spans that are not the slice they name, or point nowhere, carry their text
                List.of(
                        new Span("body", quetta, quetta + 6, "QUETTA"),
                        new Span("summary", 0, 3, "Que"),
                        new Span(null, -1, 400, "x"),
                        new Span("title", 500, 510, null)),
                "PK",
                null);
        TaggedEntity bare = new TaggedEntity("x", null, null, 0, 0.0, null, null, List.of());
        List<TaggedEntity> entities = List.of(pakistan, viaPlaces, place, bare);
        TaggedArticle tagged = new TaggedArticle(full, entities, null);
        assertRoundTrip(
                TaggedArticleSerializer.INSTANCE,
                tagged,
                new TaggedArticle(full, List.of(), "a0"),
                new TaggedArticle(sparse, entities, null),
                new TaggedArticle(null, null, null));
        // a span's text that is the slice its offsets name is not sent again
        List<Span> shouted = pakistan.spans().stream()
                .map(sp -> new Span(sp.field(), sp.start(), sp.end(), sp.text().toUpperCase()))
                .toList();
        TaggedEntity shouting = new TaggedEntity("PK", EntityType.COUNTRY, "Pakistan", 3, 0.75, shouted);
        assertThat(size(TaggedArticleSerializer.INSTANCE, new TaggedArticle(full, List.of(pakistan), null)))
                .isLessThanOrEqualTo(
                        size(TaggedArticleSerializer.INSTANCE, new TaggedArticle(full, List.of(shouting), null))
                                - 3 * "PAKISTAN".length());
        TaggedArticle back = roundTrip(TaggedArticleSerializer.INSTANCE, tagged);
        assertUnmodifiable(back.entities());
        assertUnmodifiable(back.entities().get(0).spans());
        assertUnmodifiable(back.entities().get(1).via());

        // the record shares its fingerprint array: compared by content here
        for (FingerprintedArticle f : List.of(
                new FingerprintedArticle(tagged, new long[] {1L, -7L, Long.MAX_VALUE}),
                new FingerprintedArticle(new TaggedArticle(sparse, List.of(), null), new long[0]),
                new FingerprintedArticle(tagged, null))) {
            FingerprintedArticle read = roundTrip(FingerprintedArticleSerializer.INSTANCE, f);
            assertThat(read.tagged()).isEqualTo(f.tagged());
            assertThat(read.fingerprint()).isEqualTo(f.fingerprint());
            assertThat(FingerprintedArticleSerializer.INSTANCE.copy(f)).isSameAs(f);
        }

        CountedArticle counted = CountedArticle.of(tagged);
        assertRoundTrip(
                CountedArticleSerializer.INSTANCE,
                counted,
                new CountedArticle(null, null, List.of()),
                new CountedArticle(new ArticleRef("a3", null, null, null), AddLiftTest.T0, null));
        assertUnmodifiable(roundTrip(CountedArticleSerializer.INSTANCE, counted).entities());
    }

    @Test
    void theLiftsSerializersReadBackEveryFieldAndCopyByReference() throws Exception {
        assertRoundTrip(
                EntityMentionSerializer.INSTANCE,
                new EntityMention(EntityMention.ALL_ARTICLES, AddLiftTest.T0),
                new EntityMention("Zürich-\u4e2d", null),
                new EntityMention(null, Instant.parse("2026-12-01T10:00:00.000000001Z")));
        assertRoundTrip(
                FrequencyQuestionSerializer.INSTANCE,
                new FrequencyQuestion("alert-1", "PK", AddLiftTest.T0, AddLiftTest.T0.plusSeconds(3600)),
                new FrequencyQuestion(null, null, null, null));
        assertRoundTrip(
                FrequencyAnswerSerializer.INSTANCE,
                new FrequencyAnswer("alert-1", "PK", 12),
                new FrequencyAnswer("alert-1", "*", Long.MAX_VALUE),
                new FrequencyAnswer(null, null, -1));
        Alert alert = AddLiftTest.alert(2, AddLiftTest.T0, AddLiftTest.T0.plusSeconds(60));
        List<EntityRef> entities = List.of(new EntityRef("AF", "Afghanistan", EntityType.COUNTRY));
        Alert full = alert.withLift(2.5, "with lift \u2014 2.5\u00d7")
                .withCovers(List.of(new CoveredCombination("AF+PK+US", entities, 3)), "covering");
        assertRoundTrip(AlertSerializer.INSTANCE, alert, full);
        Alert back = roundTrip(AlertSerializer.INSTANCE, full);
        assertUnmodifiable(back.entities());
        assertUnmodifiable(back.covers());
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T record) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(record, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }

    private static <T> int size(TypeSerializer<T> serializer, T record) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(record, out);
        return out.length();
    }

    private static void assertUnmodifiable(List<?> list) {
        assertThatThrownBy(() -> list.add(null)).isInstanceOf(UnsupportedOperationException.class);
        if (!list.isEmpty()) {
            assertThatThrownBy(() -> list.set(0, null)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @SafeVarargs
    private static <T> void assertRoundTrip(TypeSerializer<T> serializer, T... records) throws IOException {
        for (T record : records) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(record, out);
            T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(record);
            assertThat(serializer.copy(record)).isSameAs(record);
            // Flink's copy between buffers reads and writes the same bytes
            DataOutputSerializer copied = new DataOutputSerializer(64);
            serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
            assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        }
    }

    @Test
    void everyRecordOfTheModelPackageIsChecked() throws IOException, URISyntaxException {
        Path model = Path.of(Article.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("io/comention/model");
        List<? extends Class<?>> records;
        try (Stream<Path> files = Files.list(model)) {
            records = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> load("io.comention.model." + n.substring(0, n.length() - ".class".length())))
                    .filter(Class::isRecord)
                    // the rule limits travel inside ParseControl (Java serialization of the function), never on an edge
                    // or in state
                    .filter(c -> c != RuleLimits.class)
                    .toList();
        }
        assertThat(POJOS).containsAll(records);
    }

    @Test
    void theJobGraphBuildsWithGenericTypesDisabledAndNoEdgeUsesKryo() {
        // creating the graph creates every edge's serializer, which fails for a generic type
        StreamGraph graph = bundledJobGraph();
        for (StreamNode node : graph.getStreamNodes()) {
            for (TypeSerializer<?> in : node.getTypeSerializersIn()) {
                assertThat(in).as(node.getOperatorName()).isNotInstanceOf(KryoSerializer.class);
            }
            if (node.getTypeSerializerOut() != null) {
                assertThat(node.getTypeSerializerOut())
                        .as(node.getOperatorName())
                        .isNotInstanceOf(KryoSerializer.class);
            }
        }
    }

    @Test
    void aGraphWithAGenericTypeIsRefusedWhenGenericTypesAreDisabled() {
        // the check above is only worth having if this fails
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(withoutGenericTypes());
        env.fromData(1, 2).map(new Wrap()).print();
        assertThatThrownBy(env::getStreamGraph).hasStackTraceContaining("Generic types have been disabled");
    }

    @Test
    void everyKeyedStateSerializesWithGenericTypesDisabled() throws Exception {
        var dedup = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DropDuplicates(Duration.ofHours(1))), DropDuplicates.KEY, Types.STRING);
        roundTrip(dedup, () -> dedup.processElement(new StreamRecord<>(DropDuplicatesTest.article("a1", "t"), 0)));

        var nearDuplicates = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FlagNearDuplicates(Duration.ofHours(1), 0.6)),
                FlagNearDuplicates.band(0),
                Types.LONG);
        roundTrip(
                nearDuplicates,
                () -> nearDuplicates.processElement(
                        new StreamRecord<>(FlagNearDuplicatesTest.article("a1", FingerprintTest.WIRE), 0)));

        var groups = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GroupAlerts()), GroupAlerts.KEY, Types.STRING);
        Alert alert = AddLiftTest.alert(2, AddLiftTest.T0, AddLiftTest.T0.plusSeconds(60));
        roundTrip(
                groups, () -> groups.processElement(new StreamRecord<>(new AlertVerdict("a1", 2, List.of(alert)), 0)));

        var frequencies = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new EntityFrequencies(Duration.ofMinutes(5), Duration.ofDays(1))),
                EntityFrequencies.MENTION_KEY,
                EntityFrequencies.QUESTION_KEY,
                Types.STRING);
        roundTrip(
                frequencies,
                () -> frequencies.processElement1(new StreamRecord<>(new EntityMention("AF", AddLiftTest.T0), 0)));

        var lift = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new AddLift()), AddLift.ALERT_KEY, AddLift.ANSWER_KEY, Types.STRING);
        roundTrip(lift, () -> {
            lift.processElement1(new StreamRecord<>(alert, 0));
            lift.processElement2(new StreamRecord<>(new FrequencyAnswer(alert.alertId(), "AF", 3), 0));
        });
    }

    /** Opens {@code harness} as the job configures it, fills its state and takes a snapshot of it. */
    private static void roundTrip(AbstractStreamOperatorTestHarness<?> harness, Steps fill) throws Exception {
        harness.getExecutionConfig().configure(withoutGenericTypes(), SerializationTest.class.getClassLoader());
        assertThat(harness.getExecutionConfig().getSerializerConfig().hasGenericTypesDisabled())
                .isTrue();
        harness.setup();
        harness.open();
        fill.run();
        assertThat(harness.snapshot(1, 1).getManagedKeyedState()).isNotEmpty();
        harness.close();
    }

    private static StreamGraph bundledJobGraph() {
        ComentionConfig config = ComentionConfig.bundled();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        ComentionJob.configure(env, config);
        ComentionJob.build(env, config, ComentionJob.kafkaSources(config, false), ComentionJob.kafkaSinks(config));
        return env.getStreamGraph();
    }

    private static Configuration withoutGenericTypes() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    @FunctionalInterface
    private interface Steps {
        void run() throws Exception;
    }

    private static final class Wrap implements MapFunction<Integer, Optional<Integer>> {
        @Override
        public Optional<Integer> map(Integer value) {
            return Optional.of(value);
        }
    }
}
