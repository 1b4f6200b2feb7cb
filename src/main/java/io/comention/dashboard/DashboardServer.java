package io.comention.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.comention.analytics.Horizon;
import io.comention.config.ComentionConfig;
import io.comention.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live newsroom dashboard: one HTTP server (the JDK's) serving the page and its assets from the
 * classpath ({@code dashboard/}), and pushing the page's state to every open page as server-sent events
 * ({@code /events?entity=ID}) whenever the model changes, at most a few times a second. Five Kafka
 * readers ({@link TopicFollower}, {@code read_committed}) fill the {@link DashboardModel}: alerts,
 * counts, tagged articles, and the raw and dead-letter topics, which are only counted.
 *
 * <p>Everything the page loads comes from this server; a Content-Security-Policy of {@code 'self'}
 * makes a browser refuse anything else.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");
    private static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                    + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
    /** Pushes to one page at most this often: fast enough to feel live, slow enough for a wall of updates. */
    static final long MIN_PUSH_INTERVAL_MS = 200;

    private static final long HEARTBEAT_MS = 15_000;
    private static final int MAX_PAGES = 64;

    private final HttpServer http;
    private final ExecutorService executor;
    private final DashboardModel model;
    private final List<TopicFollower> followers;
    private final String host;
    private final Semaphore pageSlots = new Semaphore(MAX_PAGES);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, Rendered> rendered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rendered> eldest) {
            return size() > 32;
        }
    };

    private record Rendered(long version, String json) {}

    private DashboardServer(
            HttpServer http,
            ExecutorService executor,
            DashboardModel model,
            List<TopicFollower> followers,
            String host) {
        this.http = http;
        this.executor = executor;
        this.model = model;
        this.followers = followers;
        this.host = host;
    }

    /**
     * Starts the readers of {@code config}'s topics and the HTTP server on {@code bindAddress:port}
     * (port 0 picks a free one).
     */
    public static DashboardServer start(ComentionConfig config, String bindAddress, int port, DashboardLimits limits)
            throws IOException {
        DashboardModel model = new DashboardModel(
                limits, config.counts().horizons().stream().map(Horizon::label).toList());
        HttpServer http = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        String host = List.of("0.0.0.0", "::", "127.0.0.1").contains(bindAddress) ? "localhost" : bindAddress;
        var topics = config.topics();
        Properties props = config.kafka().clientProperties();
        List<TopicFollower> followers = new ArrayList<>();
        DashboardServer server = new DashboardServer(http, executor, model, followers, host);
        http.createContext("/", server::serveAsset);
        http.createContext("/events", server::serveEvents);
        http.createContext("/api/state", server::serveState);
        followers.add(new TopicFollower(topics.alerts(), props, model, r -> model.onAlert(r.value())).start());
        followers.add(
                new TopicFollower(topics.counts(), props, model, r -> model.onCounts(r.key(), r.value())).start());
        followers.add(new TopicFollower(topics.tagged(), props, model, r -> model.onTagged(r.value())).start());
        followers.add(new TopicFollower(topics.raw(), props, model, r -> model.onRaw()).start());
        followers.add(new TopicFollower(topics.deadletter(), props, model, r -> model.onDeadLetter()).start());
        http.start();
        return server;
    }

    /** The page's address, e.g. {@code http://localhost:8080/}. */
    public URI address() {
        return URI.create("http://" + host + ":" + http.getAddress().getPort() + "/");
    }

    public DashboardModel model() {
        return model;
    }

    private void serveAsset(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String name = path.equals("/") ? "index.html" : path.substring(1);
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "text/plain; charset=utf-8", "GET only".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = ASSET.matcher(name).matches() ? asset(name) : null;
            if (body == null) {
                send(ex, 404, "text/plain; charset=utf-8", ("no such page: " + path).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), body);
        }
    }

    private static byte[] asset(String name) throws IOException {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream("dashboard/" + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private void serveState(HttpExchange ex) throws IOException {
        try (ex) {
            send(
                    ex,
                    200,
                    "application/json; charset=utf-8",
                    render(entityParam(ex)).json().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A server-sent event stream: the whole view after every change, a comment line as a heartbeat. */
    private void serveEvents(HttpExchange ex) throws IOException {
        try (ex) {
            if (!pageSlots.tryAcquire()) {
                send(ex, 503, "text/plain; charset=utf-8", "too many open pages".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                String entity = entityParam(ex);
                headers(ex, "text/event-stream; charset=utf-8");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                long sent = -1;
                while (closing.getCount() > 0) {
                    long version = model.awaitChange(sent, HEARTBEAT_MS);
                    if (closing.getCount() == 0) {
                        break;
                    }
                    if (version == sent) {
                        out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                    } else {
                        Rendered view = render(entity);
                        out.write(("event: state\nid: " + view.version() + "\ndata: " + view.json() + "\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                        sent = view.version();
                    }
                    out.flush();
                    closing.await(MIN_PUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
                }
            } catch (IOException pageWentAway) {
                // the browser closed the page or changed its filter
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pageSlots.release();
            }
        }
    }

    /** The view for one filter, rendered once per model version however many pages share it. */
    private Rendered render(String entity) {
        String cacheKey = entity == null ? "" : entity;
        long version = model.version();
        synchronized (rendered) {
            Rendered r = rendered.get(cacheKey);
            if (r != null && r.version() == version) {
                return r;
            }
        }
        ObjectNode view = model.view(entity);
        Rendered r;
        try {
            r = new Rendered(view.get("version").asLong(), Json.MAPPER.writeValueAsString(view));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (rendered) {
            rendered.put(cacheKey, r);
        }
        return r;
    }

    private static String entityParam(HttpExchange ex) {
        String query = ex.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("entity=")) {
                String id = URLDecoder.decode(pair.substring("entity=".length()), StandardCharsets.UTF_8)
                        .strip();
                return id.isEmpty() || id.length() > 200 ? null : id;
            }
        }
        return null;
    }

    private static void headers(HttpExchange ex, String type) {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        headers(ex, type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            ex.getResponseBody().write(body);
        }
    }

    /** Stops pushing, closes every page's stream, the server and the Kafka readers. */
    @Override
    public void close() {
        closing.countDown();
        model.wakeAll();
        http.stop(0);
        executor.shutdownNow();
        for (TopicFollower f : followers) {
            f.close();
        }
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("dashboard connections did not close within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
