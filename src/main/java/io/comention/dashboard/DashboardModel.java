package io.comention.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comention.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the dashboard knows, kept within {@link DashboardLimits}: the newest alerts, the combinations
 * with the highest counts and a short history of each, the most-named entities and the pairs named
 * together, and counters of articles seen, tagged and dead-lettered. The Kafka readers feed it raw record
 * values; {@link #view} renders what one page shows, optionally filtered to one entity.
 *
 * <p>Thread-safe: writers and readers synchronise on the model; {@link #awaitChange} lets the push
 * connections sleep until something changes. Records that are not the JSON the topics promise are
 * counted as unreadable and otherwise ignored.
 */
public final class DashboardModel {

    /** Entities per article that join the network: the most salient ones, as the job's combinations do. */
    static final int NETWORK_ENTITIES_PER_ARTICLE = 8;
    /** Sample headlines kept per alert, and the longest text kept from any field. */
    static final int HEADLINES_PER_ALERT = 3;
    /** Combinations a grouped alert covers, shown by name. */
    static final int COVERS_PER_ALERT = 6;

    static final int MAX_TEXT = 400;

    private final DashboardLimits limits;
    private final List<String> horizons;

    private final TreeMap<AlertOrder, ObjectNode> alerts = new TreeMap<>();
    private final Map<String, AlertOrder> alertOrderById = new HashMap<>();
    private final Map<String, Combination> combinations = new HashMap<>();
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Edge> edges = new HashMap<>();

    private long articlesSeen;
    private long articlesTagged;
    private long deadLetters;
    private long alertsRead;
    private long countsRead;
    private long unreadable;
    private Instant latestArticle;
    private long version;
    private long updateSequence;
    private final Map<String, String> topicStatus = new LinkedHashMap<>();

    public DashboardModel(DashboardLimits limits, List<String> horizons) {
        if (horizons.isEmpty()) {
            throw new IllegalArgumentException("at least one horizon");
        }
        this.limits = limits;
        this.horizons = List.copyOf(horizons);
    }

    // ---- writers: one call per record read from a topic ----

    /** A record of {@code news.raw}: only counted. */
    public synchronized void onRaw() {
        articlesSeen++;
        changed();
    }

    /** A record of {@code news.deadletter}: only counted. */
    public synchronized void onDeadLetter() {
        deadLetters++;
        changed();
    }

    /** A value of {@code news.alerts}. */
    public synchronized void onAlert(byte[] value) {
        JsonNode a = parse(value);
        String id = a == null ? "" : a.path("alert_id").asText("");
        Instant emitted = a == null ? null : instant(a.path("emitted_at").asText(null));
        if (id.isEmpty() || emitted == null || !a.path("entities").isArray()) {
            unreadable++;
            changed();
            return;
        }
        alertsRead++;
        ObjectNode kept = compactAlert(a);
        AlertOrder previous = alertOrderById.remove(id);
        if (previous != null) {
            alerts.remove(previous); // a replayed alert keeps its id: show it once
        }
        AlertOrder order = new AlertOrder(emitted, id);
        alerts.put(order, kept);
        alertOrderById.put(id, order);
        while (alerts.size() > limits.maxAlerts()) {
            var oldest = alerts.pollFirstEntry();
            alertOrderById.remove(oldest.getKey().alertId());
        }
        changed();
    }

    /** A value of {@code news.comention.counts}; a null value (a compaction tombstone) forgets the key. */
    public synchronized void onCounts(byte[] key, byte[] value) {
        if (value == null) {
            if (key != null) {
                combinations.remove(new String(key, StandardCharsets.UTF_8));
                changed();
            }
            return;
        }
        JsonNode c = parse(value);
        String k = c == null ? "" : c.path("key").asText("");
        if (k.isEmpty() || !c.path("counts").isObject() || !c.path("entities").isArray()) {
            unreadable++;
            changed();
            return;
        }
        countsRead++;
        long[] counts = new long[horizons.size()];
        boolean any = false;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = c.path("counts").path(horizons.get(i)).asLong(0);
            any |= counts[i] > 0;
        }
        if (!any) {
            combinations.remove(k); // out of every horizon: nothing left to show
            changed();
            return;
        }
        Combination combination = combinations.get(k);
        if (combination == null) {
            combination = new Combination(k, entityRefs(c.path("entities")));
            combinations.put(k, combination);
        }
        combination.record(
                counts,
                c.path("total").asLong(0),
                c.path("baseline").asDouble(0),
                ++updateSequence,
                limits.historyPoints());
        if (combinations.size() > limits.maxCombinations()) {
            trim(
                    combinations,
                    limits.maxCombinations(),
                    Comparator.comparingLong((Combination x) -> x.counts[x.counts.length - 1])
                            .thenComparingLong(x -> x.counts[0])
                            .thenComparingLong(x -> x.sequence));
        }
        changed();
    }

    /** A value of {@code news.tagged}: counted, its time kept, its most salient entities join the network. */
    public synchronized void onTagged(byte[] value) {
        JsonNode t = parse(value);
        if (t == null || !t.path("entities").isArray()) {
            unreadable++;
            changed();
            return;
        }
        articlesTagged++;
        Instant time = instant(t.path("event_time").asText(null));
        if (time != null && (latestArticle == null || time.isAfter(latestArticle))) {
            latestArticle = time;
        }
        List<ObjectNode> named = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode e : t.path("entities")) {
            String id = e.path("id").asText("");
            if (!id.isEmpty() && ids.add(id) && named.size() < NETWORK_ENTITIES_PER_ARTICLE) {
                named.add(entityRef(e));
            }
        }
        for (ObjectNode e : named) {
            nodes.computeIfAbsent(e.get("id").asText(), id -> new Node(e)).articles++;
        }
        for (int i = 0; i < named.size(); i++) {
            for (int j = i + 1; j < named.size(); j++) {
                String a = named.get(i).get("id").asText();
                String b = named.get(j).get("id").asText();
                String first = a.compareTo(b) < 0 ? a : b;
                String second = first.equals(a) ? b : a;
                edges.computeIfAbsent(first + "\n" + second, x -> new Edge(first, second)).articles++;
            }
        }
        if (nodes.size() > limits.maxNodes()) {
            trim(nodes, limits.maxNodes(), Comparator.comparingLong((Node n) -> n.articles));
        }
        if (edges.size() > limits.maxEdges()) {
            trim(edges, limits.maxEdges(), Comparator.comparingLong((Edge e) -> e.articles));
        }
        changed();
    }

    /** What a reader of one topic is doing, shown on the page (e.g. "waiting for the topic"). */
    public synchronized void topicStatus(String topic, String status) {
        if (!status.equals(topicStatus.put(topic, status))) {
            changed();
        }
    }

    // ---- readers ----

    /** Increases with every change; a page is current when it has rendered this version. */
    public synchronized long version() {
        return version;
    }

    /** Waits until the version passes {@code seen} or the timeout ends; returns the version then. */
    public synchronized long awaitChange(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (version <= seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return version;
    }

    /** Wakes every waiting push connection, e.g. when the server stops. */
    public synchronized void wakeAll() {
        notifyAll();
    }

    public synchronized int alertCount() {
        return alerts.size();
    }

    public synchronized int combinationCount() {
        return combinations.size();
    }

    public synchronized int nodeCount() {
        return nodes.size();
    }

    public synchronized int edgeCount() {
        return edges.size();
    }

    /** How many records of each kind have been read so far (cheap; for progress checks). */
    public synchronized Progress progress() {
        return new Progress(articlesSeen, articlesTagged, deadLetters, alertsRead, countsRead, unreadable);
    }

    /** Records read per topic since the start, unreadable ones counted apart. */
    public record Progress(long raw, long tagged, long deadLetters, long alerts, long counts, long unreadable) {}

    /** The longest history any combination keeps. */
    public synchronized int longestHistory() {
        return combinations.values().stream()
                .mapToInt(c -> c.history.size())
                .max()
                .orElse(0);
    }

    /**
     * What one page shows: the newest alerts, the top combinations per horizon with their recent
     * counts, the network of the most-named entities, the counters. With {@code entity} set, alerts and
     * combinations are only those naming it.
     */
    public synchronized ObjectNode view(String entity) {
        String filter = entity == null || entity.isBlank() ? null : entity;
        ObjectNode v = Json.MAPPER.createObjectNode();
        v.put("version", version);
        ObjectNode counters = v.putObject("counters");
        counters.put("articles_seen", articlesSeen);
        counters.put("articles_tagged", articlesTagged);
        counters.put("dead_letters", deadLetters);
        counters.put("alerts_read", alertsRead);
        counters.put("counts_read", countsRead);
        counters.put("unreadable", unreadable);
        counters.put("latest_article_time", latestArticle == null ? null : latestArticle.toString());
        ObjectNode status = v.putObject("topics");
        topicStatus.forEach(status::put);
        if (filter != null) {
            Node n = nodes.get(filter);
            ObjectNode f = v.putObject("filter");
            f.put("id", filter);
            f.put("name", n != null ? n.ref.path("name").asText(filter) : nameFromData(filter));
        }

        ArrayNode feed = v.putArray("alerts");
        int matching = 0;
        for (ObjectNode a : alerts.descendingMap().values()) {
            if (filter == null || names(a.path("entities"), filter)) {
                if (matching++ < limits.pageAlerts()) {
                    feed.add(a);
                }
            }
        }
        v.put("alerts_matching", matching);
        v.put("alerts_kept", alerts.size());

        v.putArray("horizons")
                .addAll(horizons.stream()
                        .map(h -> Json.MAPPER.getNodeFactory().textNode(h))
                        .toList());
        ObjectNode top = v.putObject("top");
        for (int i = 0; i < horizons.size(); i++) {
            int h = i;
            ArrayNode rows = top.putArray(horizons.get(i));
            combinations.values().stream()
                    .filter(c -> c.counts[h] > 0 && (filter == null || names(c.entities, filter)))
                    .sorted(Comparator.comparingLong((Combination c) -> c.counts[h])
                            .reversed()
                            .thenComparing(Comparator.comparingLong((Combination c) -> c.sequence)
                                    .reversed()))
                    .limit(limits.pageCombinations())
                    .forEach(c -> rows.add(c.row(h)));
        }
        v.set("network", network(filter));
        return v;
    }

    private ObjectNode network(String filter) {
        List<Node> shown = new ArrayList<>(nodes.values().stream()
                .sorted(Comparator.comparingLong((Node n) -> n.articles)
                        .reversed()
                        .thenComparing(n -> n.ref.get("id").asText()))
                .limit(limits.pageNodes())
                .toList());
        if (filter != null && nodes.containsKey(filter) && !shown.contains(nodes.get(filter))) {
            shown.set(shown.size() - 1, nodes.get(filter));
        }
        Set<String> ids = new HashSet<>();
        ObjectNode net = Json.MAPPER.createObjectNode();
        ArrayNode ns = net.putArray("nodes");
        for (Node n : shown) {
            ids.add(n.ref.get("id").asText());
            ns.add(n.ref.deepCopy().put("articles", n.articles));
        }
        ArrayNode es = net.putArray("edges");
        edges.values().stream()
                .filter(e -> ids.contains(e.a) && ids.contains(e.b))
                .sorted(Comparator.comparingLong((Edge e) -> e.articles)
                        .reversed()
                        .thenComparing(e -> e.a + e.b))
                .limit(limits.pageEdges())
                .forEach(e -> es.addObject().put("a", e.a).put("b", e.b).put("articles", e.articles));
        return net;
    }

    // ---- helpers ----

    private void changed() {
        version++;
        notifyAll();
    }

    /** Drops the lowest-ranked tenth beyond the cap at once, so trimming is rare and the size never exceeds the cap. */
    private static <V> void trim(Map<String, V> map, int cap, Comparator<V> lowestFirst) {
        int target = Math.max(1, cap - cap / 10);
        List<Map.Entry<String, V>> ranked = new ArrayList<>(map.entrySet());
        ranked.sort(Map.Entry.comparingByValue(lowestFirst));
        for (int i = 0; i < ranked.size() - target; i++) {
            map.remove(ranked.get(i).getKey());
        }
    }

    private String nameFromData(String id) {
        for (Combination c : combinations.values()) {
            for (JsonNode e : c.entities) {
                if (id.equals(e.path("id").asText())) {
                    return e.path("name").asText(id);
                }
            }
        }
        return id;
    }

    private static boolean names(JsonNode entities, String id) {
        for (JsonNode e : entities) {
            if (id.equals(e.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(value);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode n) {
        String s = n.asText("");
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }

    private static ObjectNode entityRef(JsonNode e) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("id", text(e.path("id")));
        r.put("name", text(e.path("name").isMissingNode() ? e.path("id") : e.path("name")));
        r.put("type", text(e.path("type")));
        return r;
    }

    private static ArrayNode entityRefs(JsonNode entities) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode e : entities) {
            if (out.size() < 8) {
                out.add(entityRef(e));
            }
        }
        return out;
    }

    /** Only the fields the page shows, with text and headlines capped, so each kept alert is small. */
    private static ObjectNode compactAlert(JsonNode a) {
        ObjectNode k = Json.MAPPER.createObjectNode();
        for (String f :
                List.of("alert_id", "kind", "rule", "key", "window_start", "window_end", "explanation", "emitted_at")) {
            k.put(f, text(a.path(f)));
        }
        k.put("count", a.path("count").asLong(0));
        k.put("baseline", a.path("baseline").asDouble(0));
        k.put("score", a.path("score").asDouble(0));
        k.set("entities", entityRefs(a.path("entities")));
        // a grouped alert's other combinations, as names ("China and Iran"), a few at most
        ArrayNode covers = k.putArray("covers");
        for (JsonNode c : a.path("covers")) {
            if (covers.size() == COVERS_PER_ALERT) {
                break;
            }
            List<String> names = new ArrayList<>();
            c.path("entities").forEach(e -> names.add(text(e.path("name"))));
            covers.add(String.join(" + ", names));
        }
        k.put("covers_total", a.path("covers").size());
        ArrayNode articles = k.putArray("articles");
        for (JsonNode art : a.path("articles")) {
            if (articles.size() == HEADLINES_PER_ALERT) {
                break;
            }
            ObjectNode ref = articles.addObject();
            for (String f : List.of("id", "title", "url", "source")) {
                ref.put(f, text(art.path(f)));
            }
        }
        return k;
    }

    private record AlertOrder(Instant emittedAt, String alertId) implements Comparable<AlertOrder> {
        @Override
        public int compareTo(AlertOrder o) {
            int c = emittedAt.compareTo(o.emittedAt);
            return c != 0 ? c : alertId.compareTo(o.alertId);
        }
    }

    /** One combination: its latest counts per horizon and the counts of its last few updates. */
    private static final class Combination {
        final String key;
        final ArrayNode entities;
        long[] counts;
        long total;
        double baseline;
        long sequence;
        final ArrayDeque<long[]> history = new ArrayDeque<>();

        Combination(String key, ArrayNode entities) {
            this.key = key;
            this.entities = entities;
        }

        void record(long[] counts, long total, double baseline, long sequence, int historyPoints) {
            this.counts = counts;
            this.total = total;
            this.baseline = baseline;
            this.sequence = sequence;
            history.addLast(counts);
            while (history.size() > historyPoints) {
                history.removeFirst();
            }
        }

        ObjectNode row(int horizon) {
            ObjectNode r = Json.MAPPER.createObjectNode();
            r.put("key", key);
            r.set("entities", entities);
            r.put("count", counts[horizon]);
            r.put("total", total);
            r.put("baseline", baseline);
            ArrayNode h = r.putArray("history");
            history.forEach(point -> h.add(point[horizon]));
            return r;
        }
    }

    private static final class Node {
        final ObjectNode ref;
        long articles;

        Node(ObjectNode ref) {
            this.ref = ref;
        }
    }

    private static final class Edge {
        final String a;
        final String b;
        long articles;

        Edge(String a, String b) {
            this.a = a;
            this.b = b;
        }
    }
}
