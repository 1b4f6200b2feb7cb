package io.comention.ops;

import static io.comention.ops.SandboxProcesses.awaitTrue;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.config.ComentionConfig;
import io.comention.kafka.TopicReader;
import io.comention.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The articles of the upgrade and rescale tests on the sandbox cluster: batches a minute apart in event
 * time, every third naming Afghanistan, Pakistan and the United States (the triple the watch rule from
 * {@link #writeWatchRule} looks for), each with a body of its own, plus repeats of earlier ids. It remembers
 * everything fed, so the tests can check the committed outputs against it.
 */
final class TripleFeed {

    static final String TRIPLE_KEY = "AF+PK+US";

    /** An article as produced: its id, whether it names the triple, and its JSON. */
    record Fed(String id, boolean triple, String json) {}

    private static final String[] WORDS = {
        "officials", "ministers", "negotiators", "envoys", "border", "trade", "security", "talks",
        "agreed", "resumed", "delayed", "signed", "monday", "tuesday", "capital", "province",
        "convoy", "pact", "observers", "diplomats", "statement", "spokesman", "crossing", "summit",
        "delegation", "committee", "treaty", "ceasefire", "refugees", "supplies", "council", "parliament"
    };

    private final String idPrefix;
    private final List<Fed> fed = new ArrayList<>();

    TripleFeed(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    /** Writes {@code work/rules.yaml} with one watch rule: the triple three times within an hour. */
    static void writeWatchRule(Path work) throws IOException {
        Files.writeString(
                work.resolve("rules.yaml"),
                String.join(
                        "\n",
                        "watch:",
                        "  - id: pak-afg-us",
                        "    entities: [AF, PK, US]",
                        "    horizon: 1h",
                        "    threshold: 3",
                        ""),
                UTF_8);
    }

    /**
     * {@code count} new articles of run {@code run}, a minute apart from 40 minutes after the previous
     * run's start, followed by {@code repeats} (articles fed before); all of them are remembered as fed.
     */
    List<Fed> batch(int run, int count, List<Fed> repeats) {
        Instant start = Instant.parse("2024-03-01T06:00:00Z").plus(Duration.ofMinutes(40L * run));
        List<Fed> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = idPrefix + "-" + run + "-" + i;
            boolean triple = i % 3 == 0;
            String title = triple
                    ? "Afghanistan, Pakistan and the United States agree on border talks"
                    : (i % 3 == 1 ? "India and China resume trade talks" : "Germany and France sign energy pact");
            String json =
                    "{\"id\":\"" + id + "\",\"url\":\"https://example.org/" + id + "\",\"source\":\"example.org\","
                            + "\"published_at\":\"" + start.plus(Duration.ofMinutes(i)) + "\",\"language\":\"en\","
                            + "\"title\":\"" + title + "\",\"body\":\"" + title + ". " + proseOfItsOwn(id) + "\"}";
            out.add(new Fed(id, triple, json));
        }
        out.addAll(repeats);
        fed.addAll(out);
        return out;
    }

    /** The {@code index}-th article fed (repeats included). */
    Fed get(int index) {
        return fed.get(index);
    }

    /** Every distinct id fed so far. */
    Set<String> ids() {
        Set<String> ids = new HashSet<>();
        fed.forEach(f -> ids.add(f.id()));
        return ids;
    }

    /** Articles fed so far, repeats included. */
    int size() {
        return fed.size();
    }

    /**
     * A sentence of its own for each article: identical bodies under different ids are syndicated copies,
     * which the job rightly counts once.
     */
    private static String proseOfItsOwn(String id) {
        Random random = new Random(id.hashCode());
        StringBuilder out = new StringBuilder();
        for (int w = 0; w < 24; w++) {
            out.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return out.append('.').toString();
    }

    static void produce(ComentionConfig config, List<Fed> batch) throws Exception {
        Properties props = config.kafka().clientProperties();
        props.put("acks", "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (Fed f : batch) {
                producer.send(new ProducerRecord<>(config.topics().raw(), f.id(), f.json()))
                        .get();
            }
        }
    }

    /**
     * Waits (a generous deadline, for a busy machine) until the ids on the committed tagged topic satisfy
     * {@code done}.
     */
    static void awaitTagged(ComentionConfig config, String what, Predicate<Set<String>> done) {
        awaitTrue(what + " tagged and committed", Duration.ofSeconds(600), () -> {
            Set<String> seen = new HashSet<>();
            TopicReader.readCommitted(
                            config.kafka().bootstrapServers(), config.topics().tagged())
                    .forEach(r -> seen.add(new String(r.key(), UTF_8)));
            return done.test(seen);
        });
    }

    /** The triple's last committed counts record totals every distinct article fed that names it. */
    void assertTripleTotalCountsEveryArticle(ComentionConfig config) throws IOException {
        long expected = fed.stream().filter(Fed::triple).map(Fed::id).distinct().count();
        JsonNode latest = null;
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(
                config.kafka().bootstrapServers(), config.topics().counts())) {
            if (TRIPLE_KEY.equals(new String(r.key(), UTF_8))) {
                latest = Json.MAPPER.readTree(r.value());
            }
        }
        assertThat(latest).as("a counts record for " + TRIPLE_KEY).isNotNull();
        assertThat(latest.path("total").asLong()).isEqualTo(expected);
    }
}
