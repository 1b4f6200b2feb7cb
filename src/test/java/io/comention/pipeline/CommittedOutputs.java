package io.comention.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comention.kafka.TopicReader;
import io.comention.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Test helper: what one run of the job committed to its four output topics (read_committed), with the
 * wall-clock fields ({@code updated_at}, {@code emitted_at}) removed so two runs of the same input can
 * be compared record for record.
 *
 * @param taggedById each tagged article's JSON by id; {@code taggedTwice} the ids seen more than once
 * @param countUpdatesByKey each combination's count updates in the order they were committed
 * @param alertsById each alert's JSON by alert id; {@code alertIdsTwice} the ids seen more than once
 */
public record CommittedOutputs(Map<String, String> taggedById, List<String> taggedTwice, long nearDuplicates,
        Map<String, List<String>> countUpdatesByKey, Map<String, String> alertsById, List<String> alertIdsTwice,
        Map<String, Integer> alertKinds, int deadLetters) {

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
            counts.computeIfAbsent(new String(r.key(), UTF_8), k -> new ArrayList<>()).add(update.toString());
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
     * Nothing lost, nothing doubled, nothing different: every article in {@code articleIds} tagged
     * exactly once and as in {@code baseline}, the same count updates per combination (hence the same
     * latest counts, totals included), the same alerts, each id once.
     */
    public void assertSameAs(CommittedOutputs baseline, Set<String> articleIds) {
        assertThat(taggedTwice).as("articles tagged more than once").isEmpty();
        assertThat(taggedById.keySet()).as("articles tagged").isEqualTo(articleIds);
        assertThat(differences(taggedById, baseline.taggedById())).as("tagged articles that differ").isEmpty();
        assertThat(alertIdsTwice).as("alert ids published more than once").isEmpty();
        assertThat(alertsById.keySet()).as("alert ids").isEqualTo(baseline.alertsById().keySet());
        assertThat(differences(alertsById, baseline.alertsById())).as("alerts that differ").isEmpty();
        assertThat(countUpdatesByKey.keySet()).as("combinations counted").isEqualTo(baseline.countUpdatesByKey().keySet());
        assertThat(differences(latestCounts(), baseline.latestCounts())).as("latest counts that differ").isEmpty();
        assertThat(differences(countUpdatesByKey, baseline.countUpdatesByKey())).as("count updates that differ").isEmpty();
        assertThat(deadLetters).as("dead letters").isEqualTo(baseline.deadLetters());
    }

    /** Up to five keys whose values differ, each with this run's value and the baseline's. */
    static <V> List<String> differences(Map<String, V> run, Map<String, V> baseline) {
        return run.keySet().stream()
                .filter(k -> !java.util.Objects.equals(run.get(k), baseline.get(k)))
                .sorted()
                .limit(5)
                .map(k -> k + "\n  run:      " + run.get(k) + "\n  baseline: " + baseline.get(k))
                .toList();
    }

    /** The latest count update per combination: what the compacted counts topic keeps. */
    public Map<String, String> latestCounts() {
        Map<String, String> latest = new HashMap<>();
        countUpdatesByKey.forEach((key, updates) -> latest.put(key, updates.get(updates.size() - 1)));
        return latest;
    }

    public String describe() {
        long updates = countUpdatesByKey.values().stream().mapToLong(List::size).sum();
        return String.format("%d articles tagged (%d near-duplicates), %d count updates for %d combinations, alerts %s, %d dead letters",
                taggedById.size(), nearDuplicates, updates, countUpdatesByKey.size(), alertKinds, deadLetters);
    }
}
