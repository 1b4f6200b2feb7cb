package io.comention.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.comention.config.ComentionConfig;
import io.comention.kafka.SharedKafka;
import io.comention.kafka.TopicAdmin;
import io.comention.model.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: a real Kafka broker, the dashboard server, and Debian's headless
 * Chromium driven through its chromedriver. Records are produced in Kafka transactions, as the job
 * writes them; the page must show each, pushed (never polled or reloaded). How long each took after its
 * commit is printed (a few hundred ms here; the dashboard's target is two seconds) but not asserted: on
 * a busy machine any bound on wall-clock latency fails for reasons that are not the dashboard's, so the
 * waits only have generous deadlines. Without Chromium this test fails: it never skips
 * ({@code bin/comention test} installs it).
 */
class DashboardBrowserITCase {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** How long a wait for the page gives up after: a deadline for a stuck page, not a latency bound. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    @TempDir
    static Path browserHome;

    @RegisterExtension
    static final SharedKafka KAFKA = new SharedKafka();

    static ChromeDriverService driverService;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new AssertionError(
                    "the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                            + ": install them with `apt-get install -y chromium chromium-driver` (`bin/comention test` does so when they are missing)");
        }
        // TMPDIR stays /tmp: Chromium puts sockets there, and under a deep checkout the path outgrows the
        // 108-byte limit of a Unix socket address and Chromium aborts at start. It removes them when it quits.
        Map<String, String> env = Map.of(
                "HOME", browserHome.toString(),
                "XDG_CONFIG_HOME", browserHome.resolve("config").toString(),
                "XDG_CACHE_HOME", browserHome.resolve("cache").toString(),
                "XDG_DATA_HOME", browserHome.resolve("data").toString());
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withEnvironment(env)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--user-data-dir=" + browserHome.resolve("profile"),
                "--window-size=1600,1000",
                "--hide-scrollbars");
        browser = new ChromeDriver(driverService, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
    }

    @Test
    void showsTaggedArticlesCountsAndAlertsAsTheyAreCommittedAndFiltersByAClickedEntity() throws Exception {
        ComentionConfig config = freshTopics();
        SampleNewsroom news = SampleNewsroom.fromBundledFeed();
        assertThat(news.alerts)
                .as("the sample feed raises alerts on both watched stories")
                .hasSizeGreaterThanOrEqualTo(2);
        try (DashboardServer server = DashboardServer.start(config, "127.0.0.1", 0, DashboardLimits.defaults());
                KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
            browser.get(server.address().toString());
            waitUntil(
                    "the page to connect",
                    DEADLINE,
                    () -> browser.findElement(By.id("connection"))
                            .getAttribute("class")
                            .contains("live"));
            js("window.comentionNotReloaded = true");

            // raw articles and a dead letter: the counters
            byte[] broken = "{\"id\": \"broken\", \"title\": 42}".getBytes(StandardCharsets.UTF_8);
            long ms = commitAndMeasure(
                    producer,
                    config.topics().raw(),
                    news.raw,
                    () -> text("articles-seen").equals(Integer.toString(news.raw.size())));
            System.out.printf("raw articles counted %d ms after commit%n", ms);
            ms = commitAndMeasure(
                    producer,
                    config.topics().deadletter(),
                    List.of(broken),
                    () -> text("dead-letters").equals("1"));
            System.out.printf("a dead letter counted %d ms after commit%n", ms);

            // tagged articles: counters, latest article time, the network
            ms = commitAndMeasure(
                    producer,
                    config.topics().tagged(),
                    news.tagged,
                    () -> text("articles-tagged").equals(Integer.toString(news.tagged.size())));
            System.out.printf("tagged articles visible %d ms after commit%n", ms);
            assertThat(text("latest-article"))
                    .isEqualTo(
                            news.latestArticleTime().toString().substring(0, 16).replace('T', ' ') + " UTC");
            assertThat(browser.findElements(By.cssSelector("#network g.node"))).hasSizeGreaterThan(5);
            assertThat(browser.findElements(By.cssSelector("#network line.edge")))
                    .isNotEmpty();

            // counts updates: the tables per horizon, with a sparkline of recent buckets
            ms = commitAndMeasure(
                    producer,
                    config.topics().counts(),
                    news.counts,
                    () -> List.of("top-15m", "top-1h", "top-24h").stream()
                            .allMatch(t -> !firstRowKey(t).isEmpty()));
            System.out.printf("%d counts updates committed; the tables filled %d ms later%n", news.counts.size(), ms);
            waitUntil(
                    "every counts update to be read",
                    DEADLINE,
                    () -> server.model().progress().counts() == news.counts.size());
            byte[] surge = DashboardModelTest.counts("AF+PK", 41, 42, 43);
            ms = commitAndMeasure(
                    producer,
                    config.topics().counts(),
                    List.of(surge),
                    () -> firstRowKey("top-1h").equals("AF+PK")
                            && firstRowCount("top-1h").equals("42"));
            System.out.printf("a counts update visible %d ms after commit%n", ms);
            assertThat(browser.findElements(By.cssSelector("#top-15m tr[data-key] svg.spark polyline")))
                    .isNotEmpty();

            // alerts: an aborted one never shows; committed ones show, newest first
            producer.beginTransaction();
            byte[] aborted =
                    DashboardModelTest.alert("aborted-alert", Instant.parse("2011-10-19T20:00:00Z"), "PK", "AF");
            producer.send(new ProducerRecord<>(config.topics().alerts(), keyOf(aborted), aborted));
            producer.flush();
            producer.abortTransaction();
            String lastAlertId = alertId(news.alerts.get(news.alerts.size() - 1));
            ms = commitAndMeasure(
                    producer,
                    config.topics().alerts(),
                    news.alerts,
                    () -> browser.findElements(By.cssSelector("#alerts li.alert"))
                                    .size()
                            == news.alerts.size());
            System.out.printf("alerts visible %d ms after commit%n", ms);
            assertThat(browser.findElements(By.cssSelector("li.alert[data-alert-id='aborted-alert']")))
                    .isEmpty();
            WebElement newest = browser.findElement(By.cssSelector("#alerts li.alert"));
            assertThat(newest.getAttribute("data-alert-id")).isEqualTo(lastAlertId);
            var lastAlert = Json.MAPPER.readTree(news.alerts.get(news.alerts.size() - 1));
            assertThat(newest.getText()).contains(lastAlert.get("explanation").asText(), "articles vs usual");
            WebElement headline = newest.findElement(By.cssSelector(".headlines a"));
            assertThat(headline.getAttribute("href")).startsWith("https://");
            assertThat(headline.getText()).isNotBlank();

            // clicking an entity in the network filters the feed and the tables to it
            browser.findElement(By.cssSelector("#network g.node[data-entity='GR'] circle"))
                    .click();
            waitUntil("the feed to show only alerts naming Greece", DEADLINE, () -> {
                List<WebElement> shown = browser.findElements(By.cssSelector("#alerts li.alert"));
                return !shown.isEmpty()
                        && shown.size() < news.alerts.size()
                        && shown.stream()
                                .allMatch(a -> !a.findElements(By.cssSelector("button.entity[data-entity='GR']"))
                                        .isEmpty());
            });
            assertThat(browser.findElement(By.id("filter")).isDisplayed()).isTrue();
            assertThat(text("filter-name")).isEqualTo("Greece");
            assertThat(browser.getCurrentUrl()).endsWith("#entity=GR");
            for (WebElement row : browser.findElements(By.cssSelector("#horizons tr[data-key]"))) {
                assertThat(row.getAttribute("data-key").split("\\+")).contains("GR");
            }
            browser.findElement(By.id("filter-clear")).click();
            waitUntil(
                    "every alert to come back",
                    DEADLINE,
                    () -> browser.findElements(By.cssSelector("#alerts li.alert"))
                                    .size()
                            == news.alerts.size());
            Files.createDirectories(SCREENSHOT.getParent());
            Files.copy(
                    browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);

            // pushed, never polled or reloaded, and nothing loaded from anywhere but the dashboard
            assertThat(js("return window.comentionNotReloaded === true")).isEqualTo(true);
            @SuppressWarnings("unchecked")
            List<String> loaded = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)");
            assertThat(loaded)
                    .isNotEmpty()
                    .allMatch(url -> url.startsWith(server.address().toString()));
            assertThat(loaded).noneMatch(url -> url.contains("/api/state"));
        }
    }

    @Test
    void pageAndServerStayBoundedWith10000AlertsAnd50000Combinations() throws Exception {
        ComentionConfig config = freshTopics();
        DashboardLimits limits = DashboardLimits.defaults();
        try (DashboardServer server = DashboardServer.start(config, "127.0.0.1", 0, limits);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(null))) {
            Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
            for (int i = 0; i < 10_000; i++) {
                producer.send(new ProducerRecord<>(
                        config.topics().alerts(),
                        DashboardModelTest.alert(
                                "bulk-" + i, t0.plusSeconds(i), "E" + (i % 900), "E" + ((i * 7 + 1) % 900))));
            }
            for (int i = 0; i < 50_000; i++) {
                producer.send(new ProducerRecord<>(
                        config.topics().counts(),
                        ("K" + i).getBytes(StandardCharsets.UTF_8),
                        DashboardModelTest.counts("E" + (i % 900) + "+F" + i, 1 + i % 7, 1 + i % 60, 1 + i % 500)));
            }
            for (int i = 0; i < 5_000; i++) {
                producer.send(new ProducerRecord<>(
                        config.topics().tagged(),
                        DashboardModelTest.tagged(t0.plusSeconds(i), "E" + (i % 900), "E" + (i * 13 % 900), "G" + i)));
            }
            producer.flush();
            waitUntil("the dashboard to read every record", Duration.ofSeconds(120), () -> {
                var read = server.model().progress();
                return read.alerts() == 10_000 && read.counts() == 50_000 && read.tagged() == 5_000;
            });
            DashboardModel model = server.model();
            assertThat(model.alertCount()).isEqualTo(limits.maxAlerts());
            assertThat(model.combinationCount()).isLessThanOrEqualTo(limits.maxCombinations());
            assertThat(model.nodeCount()).isLessThanOrEqualTo(limits.maxNodes());
            assertThat(model.edgeCount()).isLessThanOrEqualTo(limits.maxEdges());
            int pushedBytes = Json.MAPPER.writeValueAsBytes(model.view(null)).length;
            System.out.printf("one push after 10,000 alerts and 50,000 combinations: %d bytes%n", pushedBytes);

            browser.get(server.address().toString());
            waitUntil(
                    "the newest alert on the page",
                    DEADLINE,
                    () -> !browser.findElements(By.cssSelector("#alerts li.alert[data-alert-id='bulk-9999']"))
                            .isEmpty());
            assertThat(browser.findElements(By.cssSelector("#alerts li.alert"))).hasSize(limits.pageAlerts());
            assertThat(text("alerts-note")).isEqualTo("newest 40 of 1,000");
            for (String h : List.of("15m", "1h", "24h")) {
                assertThat(browser.findElements(By.cssSelector("#top-" + h + " tr[data-key]")))
                        .hasSize(limits.pageCombinations());
            }
            assertThat(browser.findElements(By.cssSelector("#network g.node"))).hasSize(limits.pageNodes());
            assertThat(browser.findElements(By.cssSelector("#network line.edge"))
                            .size())
                    .isLessThanOrEqualTo(limits.pageEdges());
            assertThat(text("articles-tagged")).isEqualTo("5,000");
        }
    }

    // ---- helpers ----

    static ComentionConfig freshTopics() throws Exception {
        ComentionConfig bundled = ComentionConfig.bundled();
        var t = bundled.topics();
        String s = UUID.randomUUID().toString().substring(0, 8);
        ComentionConfig config = bundled.withBootstrapServers(KAFKA.bootstrapServers())
                .withTopics(new ComentionConfig.Topics(
                        t.raw() + "-" + s,
                        t.tagged() + "-" + s,
                        t.counts() + "-" + s,
                        t.alerts() + "-" + s,
                        t.deadletter() + "-" + s,
                        t.control() + "-" + s));
        TopicAdmin.ensureTopics(config.kafka().clientProperties(), config.topics(), 2, (short) 1);
        return config;
    }

    static Properties producerProps(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // one request in flight: a retried first batch (a new topic's leader not elected yet on a busy machine)
        // cannot be overtaken by later ones and then refused as out of sequence, which would lose it
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return p;
    }

    static KafkaProducer<byte[], byte[]> transactionalProducer() {
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProps("dashboard-it-" + UUID.randomUUID()));
        p.initTransactions();
        return p;
    }

    /** Produces the values in one transaction and returns how long after the commit the condition held. */
    static long commitAndMeasure(
            KafkaProducer<byte[], byte[]> producer, String topic, List<byte[]> values, Supplier<Boolean> shown) {
        producer.beginTransaction();
        for (byte[] v : values) {
            producer.send(new ProducerRecord<>(topic, keyOf(v), v));
        }
        producer.commitTransaction();
        long committed = System.nanoTime();
        waitUntil("the page to show what was committed to " + topic, DEADLINE, shown);
        return (System.nanoTime() - committed) / 1_000_000;
    }

    static void waitUntil(String what, Duration timeout, Supplier<Boolean> condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(25))
                .withMessage(() -> what + " within " + timeout.toMillis() + " ms")
                .ignoring(StaleElementReferenceException.class)
                .until(d -> condition.get());
    }

    static String text(String id) {
        return (String) js("return document.getElementById('" + id + "').textContent;");
    }

    // read in one script: the page re-renders on every push, so a found element can go stale

    static String firstRowKey(String table) {
        return (String)
                js("const r = document.querySelector('#" + table + " tr[data-key]'); return r ? r.dataset.key : '';");
    }

    static String firstRowCount(String table) {
        return (String) js(
                "const c = document.querySelector('#" + table + " tr[data-key] td.n'); return c ? c.textContent : '';");
    }

    static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** The key the job gives a record: the combination key of counts and alerts, the id of an article. */
    static byte[] keyOf(byte[] value) {
        try {
            var json = Json.MAPPER.readTree(value);
            return json.path(json.has("key") ? "key" : "id").asText().getBytes(StandardCharsets.UTF_8);
        } catch (IOException notJson) {
            return null; // a dead letter keeps whatever key it came with
        }
    }

    static String alertId(byte[] alert) throws IOException {
        return Json.MAPPER.readTree(alert).path("alert_id").asText();
    }
}
