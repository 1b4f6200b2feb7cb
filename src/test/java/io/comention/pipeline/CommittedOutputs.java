package io.comention.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comention.config.ComentionConfig;
import io.comention.kafka.TopicReader;
import io.comention.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Test helper: what one run of the job committed to its four output topics (read_committed), with the
 * wall-clock fields ({@code updated_at}, {@code emitted_at}) removed, and the comparison of a run under
 * faults with a failure-free run of the same input ({@link #assertSameGuaranteesAs}).
 *
 * @param taggedById each tagged article's JSON by id; {@code taggedTwice} the ids seen more than once
 * @param countUpdatesByKey each combination's count updates in the order they were committed
 * @param alertsById each alert's JSON by alert id; {@code alertIdsTwice} the ids seen more than once
 */
public record CommittedOutputs(
        Map<String, String> taggedById,
        List<String> taggedTwice,
        long nearDuplicates,
        Map<String, List<String>> countUpdatesByKey,
        Map<String, String> alertsById,
        List<String> alertIdsTwice,
        Map<String, Integer> alertKinds,
        int deadLetters) {

    public static CommittedOutputs read(String bootstrap, ComentionConfig.Topics topics) throws IOException {
        Map<String, String> tagged = new HashMap<>();
        List<String> taggedTwice = new ArrayList<>();
        long nearDuplicates = 0;
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(bootstrap, topics.tagged())) {
            String id = new String(r.key(), UTF_8);
            if (tagged.put(id, new String(r.value(), UTF_8)) != null) {
                taggedTwice.add(id);
            }
            if (Json.MAPPER.readTree(r.value()).hasNonNull("duplicate_of")) {
                nearDuplicates++;
            }
        }
        Map<String, List<String>> counts = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(bootstrap, topics.counts())) {
            ObjectNode update = (ObjectNode) Json.MAPPER.readTree(r.value());
            update.remove("updated_at");
            counts.computeIfAbsent(new String(r.key(), UTF_8), k -> new ArrayList<>())
                    .add(update.toString());
        }
        Map<String, String> alerts = new HashMap<>();
        List<String> alertIdsTwice = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readCommitted(bootstrap, topics.alerts())) {
            ObjectNode alert = (ObjectNode) Json.MAPPER.readTree(r.value());
            alert.remove("emitted_at");
            String id = alert.get("alert_id").asText();
            if (alerts.put(id, alert.toString()) != null) {
                alertIdsTwice.add(id);
            }
            kinds.merge(alert.get("kind").asText(), 1, Integer::sum);
        }
        int dead = TopicReader.readCommitted(bootstrap, topics.deadletter()).size();
        return new CommittedOutputs(tagged, taggedTwice, nearDuplicates, counts, alerts, alertIdsTwice, kinds, dead);
    }

    /**
     * Nothing lost, nothing doubled, nothing different that the job guarantees to be the same. A run under
     * faults and a failure-free run of the same input may interleave the two input partitions differently
     * at every keyed operator (any two runs at parallelism 2 do; a restore from a checkpoint replays in yet
     * another order), so only what does not depend on that order is compared:
     *
     * <ul>
     *   <li>news.tagged: every article in {@code articleIds} exactly once, each with the same content as
     *       in {@code baseline} (text, metadata, entities and their spans), and the same syndicated copies
     *       paired up with their originals. A pair is compared without its direction: which of the two is
     *       published as the original may depend on which reached near-duplicate detection first;
     *   <li>news.comention.counts: the same combinations, and for each its latest update (what the
     *       compacted topic keeps) with the same {@code total}, entities and size. Intermediate updates
     *       and the latest one's horizon counts, baseline and sources depend on how far event time had
     *       moved when it was emitted, so they are not compared;
     *   <li>news.alerts: no alert id twice, and every article an alert cites was tagged. Which alerts
     *       must fire follows from the input ({@link RequiredAlerts}), not from the baseline's exact set;
     *   <li>news.deadletter: the same number of records.
     * </ul>
     */
    public void assertSameGuaranteesAs(CommittedOutputs baseline, Set<String> articleIds) {
        assertThat(taggedTwice).as("articles tagged more than once").isEmpty();
        assertThat(taggedById.keySet()).as("articles tagged").isEqualTo(articleIds);
        assertThat(differences(
                        mapValues(taggedById, CommittedOutputs::withoutDuplicateOf),
                        mapValues(baseline.taggedById(), CommittedOutputs::withoutDuplicateOf)))
                .as("tagged articles whose content differs")
                .isEmpty();
        assertThat(nearDuplicatePairs())
                .as("syndicated copies paired with their originals")
                .isEqualTo(baseline.nearDuplicatePairs());

        assertThat(countUpdatesByKey.keySet())
                .as("combinations counted")
                .isEqualTo(baseline.countUpdatesByKey().keySet());
        assertThat(differences(finalTotals(), baseline.finalTotals()))
                .as("combinations whose latest update has another total (or entities)")
                .isEmpty();

        assertThat(alertIdsTwice).as("alert ids published more than once").isEmpty();
        assertThat(alertedArticlesNotTagged())
                .as("articles cited by alerts but never tagged")
                .isEmpty();

        assertThat(deadLetters).as("dead letters").isEqualTo(baseline.deadLetters());
    }

    /** Each syndicated copy with the article it was paired with, as an unordered pair ("a|b", a before b). */
    public Set<String> nearDuplicatePairs() {
        Set<String> pairs = new HashSet<>();
        taggedById.forEach((id, json) -> {
            JsonNode original = parse(json).path("duplicate_of");
            if (!original.isMissingNode() && !original.isNull()) {
                String other = original.asText();
                pairs.add(id.compareTo(other) < 0 ? id + "|" + other : other + "|" + id);
            }
        });
        return pairs;
    }

    /** For each combination, its latest count update's total, entities and size (what compaction keeps). */
    public Map<String, String> finalTotals() {
        Map<String, String> totals = new HashMap<>();
        countUpdatesByKey.forEach((key, updates) -> {
            JsonNode latest = parse(updates.get(updates.size() - 1));
            totals.put(
                    key,
                    "total " + latest.path("total").asLong() + ", size "
                            + latest.path("size").asInt() + ", entities " + latest.path("entities"));
        });
        return totals;
    }

    /** The ids of articles cited by an alert that are not on news.tagged. */
    List<String> alertedArticlesNotTagged() {
        List<String> missing = new ArrayList<>();
        alertsById
                .values()
                .forEach(a -> parse(a).path("articles").forEach(ref -> {
                    String id = ref.path("id").asText();
                    if (!taggedById.containsKey(id)) {
                        missing.add(id);
                    }
                }));
        return missing;
    }

    private static String withoutDuplicateOf(String taggedJson) {
        ObjectNode node = (ObjectNode) parse(taggedJson);
        node.remove("duplicate_of");
        return node.toString();
    }

    private static Map<String, String> mapValues(Map<String, String> map, UnaryOperator<String> f) {
        Map<String, String> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k, f.apply(v)));
        return out;
    }

    /** Up to five keys whose values differ, each with this run's value and the baseline's. */
    static <V> List<String> differences(Map<String, V> run, Map<String, V> baseline) {
        return run.keySet().stream()
                .filter(k -> !Objects.equals(run.get(k), baseline.get(k)))
                .sorted()
                .limit(5)
                .map(k -> k + "\n  run:      " + run.get(k) + "\n  baseline: " + baseline.get(k))
                .toList();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String describe() {
        long updates = countUpdatesByKey.values().stream().mapToLong(List::size).sum();
        return String.format(
                "%d articles tagged (%d near-duplicates), %d count updates for %d combinations, alerts %s, %d dead letters",
                taggedById.size(), nearDuplicates, updates, countUpdatesByKey.size(), alertKinds, deadLetters);
    }
}
