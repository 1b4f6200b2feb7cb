package io.comention.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The dashboard's model: bounded whatever the topics hold, newest alerts first, filtered by entity. */
class DashboardModelTest {

    static final List<String> HORIZONS = List.of("15m", "1h", "24h");
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    final DashboardLimits limits = DashboardLimits.defaults();
    final DashboardModel model = new DashboardModel(limits, HORIZONS);

    @Test
    void staysAtItsCapsWith10000AlertsAnd50000CombinationsAnd20000Articles() {
        for (int i = 0; i < 10_000; i++) {
            model.onAlert(alert("a" + i, T0.plusSeconds(i), "E" + (i % 700), "E" + ((i + 1) % 700)));
        }
        for (int i = 0; i < 50_000; i++) {
            model.onCounts(null, counts("C" + i + "+D" + i, 1 + i % 5, 1 + i % 50, 1 + i % 400));
        }
        for (int i = 0; i < 20_000; i++) {
            model.onTagged(tagged(T0.plusSeconds(i), "N" + i, "N" + (i + 1), "N" + (i * 7 % 1000)));
        }

        assertThat(model.alertCount()).isEqualTo(limits.maxAlerts());
        assertThat(model.combinationCount()).isPositive().isLessThanOrEqualTo(limits.maxCombinations());
        assertThat(model.nodeCount()).isPositive().isLessThanOrEqualTo(limits.maxNodes());
        assertThat(model.edgeCount()).isPositive().isLessThanOrEqualTo(limits.maxEdges());
        assertThat(model.longestHistory()).isLessThanOrEqualTo(limits.historyPoints());

        ObjectNode view = model.view(null);
        assertThat(view.get("alerts")).hasSize(limits.pageAlerts());
        assertThat(view.get("alerts").get(0).get("alert_id").asText()).isEqualTo("a9999");
        assertThat(view.path("counters").path("alerts_read").asLong()).isEqualTo(10_000);
        assertThat(view.path("counters").path("articles_tagged").asLong()).isEqualTo(20_000);
        for (String h : HORIZONS) {
            assertThat(view.path("top").path(h)).hasSize(limits.pageCombinations());
        }
        assertThat(view.path("network").path("nodes").size()).isEqualTo(limits.pageNodes());
        assertThat(view.path("network").path("edges").size()).isLessThanOrEqualTo(limits.pageEdges());
    }

    @Test
    void keepsTheCombinationsWithTheHighestCountsWhenTrimming() {
        DashboardModel small = new DashboardModel(new DashboardLimits(10, 20, 10, 10, 4, 5, 5, 5, 5), HORIZONS);
        small.onCounts(null, counts("BIG+ONE", 1, 5, 900));
        for (int i = 0; i < 500; i++) {
            small.onCounts(null, counts("S" + i + "+T" + i, 1, 1, 1));
        }
        assertThat(small.combinationCount()).isLessThanOrEqualTo(20);
        assertThat(small.view(null).path("top").path("24h").get(0).path("key").asText())
                .isEqualTo("BIG+ONE");
    }

    @Test
    void showsAlertsNewestFirstAndAReplayedAlertOnce() {
        model.onAlert(alert("old", T0, "PK", "AF"));
        model.onAlert(alert("new", T0.plusSeconds(60), "GR", "DE"));
        model.onAlert(alert("old", T0, "PK", "AF")); // the job replayed it after a restart

        List<String> ids = new ArrayList<>();
        model.view(null).get("alerts").forEach(a -> ids.add(a.get("alert_id").asText()));
        assertThat(ids).containsExactly("new", "old");
    }

    @Test
    void filtersAlertsAndCombinationsByEntity() {
        model.onAlert(alert("pak", T0, "PK", "AF"));
        model.onAlert(alert("greek", T0.plusSeconds(1), "GR", "DE"));
        model.onCounts(null, counts("AF+PK", 2, 3, 4));
        model.onCounts(null, counts("DE+GR", 5, 6, 7));

        ObjectNode view = model.view("GR");
        assertThat(view.get("alerts"))
                .extracting(a -> a.get("alert_id").asText())
                .containsExactly("greek");
        assertThat(view.path("top").path("1h"))
                .extracting(r -> r.get("key").asText())
                .containsExactly("DE+GR");
        assertThat(view.path("filter").path("id").asText()).isEqualTo("GR");
        assertThat(model.view(null).get("alerts")).hasSize(2);
    }

    @Test
    void keepsARecentHistoryPerCombinationForItsSparkline() {
        IntStream.rangeClosed(1, 20).forEach(i -> model.onCounts(null, counts("AF+PK", i, i, i)));

        JsonNode row = model.view(null).path("top").path("15m").get(0);
        assertThat(row.path("history")).hasSize(limits.historyPoints());
        assertThat(row.path("history").get(limits.historyPoints() - 1).asLong()).isEqualTo(20);
        assertThat(row.path("count").asLong()).isEqualTo(20);
    }

    @Test
    void forgetsACombinationThatLeftEveryHorizonOrWasDeleted() {
        model.onCounts(null, counts("AF+PK", 1, 1, 1));
        model.onCounts(null, counts("DE+GR", 1, 1, 1));
        model.onCounts(null, counts("AF+PK", 0, 0, 0));
        model.onCounts("DE+GR".getBytes(StandardCharsets.UTF_8), null);
        assertThat(model.combinationCount()).isZero();
    }

    @Test
    void countsUnreadableRecordsAndCarriesOn() {
        model.onAlert("not json".getBytes(StandardCharsets.UTF_8));
        model.onCounts(null, "{\"key\":\"X\"}".getBytes(StandardCharsets.UTF_8));
        model.onTagged("[1,2]".getBytes(StandardCharsets.UTF_8));
        model.onAlert(alert("fine", T0, "PK", "AF"));

        ObjectNode view = model.view(null);
        assertThat(view.path("counters").path("unreadable").asLong()).isEqualTo(3);
        assertThat(view.get("alerts")).hasSize(1);
    }

    @Test
    void countsArticlesAndKeepsTheLatestArticleTime() {
        model.onRaw();
        model.onRaw();
        model.onRaw();
        model.onDeadLetter();
        model.onTagged(tagged(T0.plusSeconds(30), "PK", "AF"));
        model.onTagged(tagged(T0, "PK", "US"));

        JsonNode c = model.view(null).path("counters");
        assertThat(c.path("articles_seen").asLong()).isEqualTo(3);
        assertThat(c.path("dead_letters").asLong()).isEqualTo(1);
        assertThat(c.path("articles_tagged").asLong()).isEqualTo(2);
        assertThat(c.path("latest_article_time").asText()).isEqualTo("2026-03-01T08:00:30Z");
        JsonNode net = model.view(null).path("network");
        assertThat(net.path("nodes").get(0).path("id").asText()).isEqualTo("PK");
        assertThat(net.path("nodes").get(0).path("articles").asLong()).isEqualTo(2);
        assertThat(net.path("edges")).hasSize(2);
    }

    @Test
    void aGroupedAlertShowsTheCombinationsItCoversByNameAndCountsTheRest() throws Exception {
        StringBuilder covers = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            covers.append(i == 0 ? "" : ",")
                    .append("{\"key\":\"CN+X")
                    .append(i)
                    .append("\",\"entities\":[")
                    .append("{\"id\":\"CN\",\"name\":\"China\",\"type\":\"COUNTRY\"},{\"id\":\"X")
                    .append(i)
                    .append("\",\"name\":\"Land ")
                    .append(i)
                    .append("\",\"type\":\"COUNTRY\"}],\"count\":1}");
        }
        String grouped = new String(alert("g1", T0, "CN", "IR"), StandardCharsets.UTF_8)
                .replace("\"emitted_at\"", "\"covers\":[" + covers + "],\"emitted_at\"");
        model.onAlert(grouped.getBytes(StandardCharsets.UTF_8));
        JsonNode shown = model.view(null).path("alerts").get(0);
        assertThat(shown.path("covers")).hasSize(DashboardModel.COVERS_PER_ALERT);
        assertThat(shown.path("covers").get(0).asText()).isEqualTo("China + Land 0");
        assertThat(shown.path("covers_total").asInt()).isEqualTo(9);
        // an ungrouped alert covers nothing
        model.onAlert(alert("plain", T0.plusSeconds(1), "PK", "AF"));
        assertThat(model.view(null).path("alerts").get(0).path("covers")).isEmpty();
    }

    static byte[] alert(String id, Instant emitted, String... entities) {
        StringBuilder ents = new StringBuilder();
        for (String e : entities) {
            ents.append(ents.length() == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(e)
                    .append("\",\"name\":\"")
                    .append(e)
                    .append(" name\",\"type\":\"COUNTRY\"}");
        }
        return ("{\"schema\":1,\"alert_id\":\"" + id
                        + "\",\"kind\":\"WATCH\",\"rule\":\"r\",\"key\":\"k\",\"entities\":[" + ents
                        + "],\"window_start\":\"" + emitted.minusSeconds(3600) + "\",\"window_end\":\"" + emitted
                        + "\",\"count\":3,\"baseline\":0.5,\"score\":2.1,\"explanation\":\"named together\",\"articles\":["
                        + "{\"id\":\"x\",\"title\":\"Headline\",\"url\":\"https://news.example/x\",\"source\":\"news.example\"}],"
                        + "\"emitted_at\":\"" + emitted + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] counts(String key, long c15m, long c1h, long c24h) {
        StringBuilder ents = new StringBuilder();
        for (String e : key.split("\\+")) {
            ents.append(ents.length() == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(e)
                    .append("\",\"name\":\"")
                    .append(e)
                    .append("\",\"type\":\"COUNTRY\"}");
        }
        return ("{\"schema\":1,\"key\":\"" + key + "\",\"entities\":[" + ents + "],\"size\":2,\"counts\":{\"15m\":"
                        + c15m + ",\"1h\":" + c1h + ",\"24h\":" + c24h + "},\"total\":" + c24h
                        + ",\"baseline\":0.4,\"updated_at\":\"" + T0 + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] tagged(Instant eventTime, String... entities) {
        StringBuilder ents = new StringBuilder();
        for (String e : entities) {
            ents.append(ents.length() == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(e)
                    .append("\",\"name\":\"")
                    .append(e)
                    .append("\",\"type\":\"COUNTRY\",\"mentions\":1,\"salience\":0.5,\"spans\":[]}");
        }
        return ("{\"schema\":1,\"id\":\"" + eventTime + "\",\"title\":\"t\",\"event_time\":\"" + eventTime
                        + "\",\"entities\":[" + ents + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
