package io.comention.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comention.config.ConfigException;
import io.comention.tagging.KnowledgeBaseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small client for the Flink REST API, the same calls {@code flink run} and the web UI make: jar
 * upload and run, savepoints, stop-with-savepoint, job status, checkpoints and metrics. Works against any
 * Flink 2.x JobManager (the sandbox cluster, a session cluster, a Kubernetes deployment's REST service).
 */
public final class FlinkRest {

    /** A request the cluster refused or could not complete; the message carries Flink's own reason. */
    public static final class RestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RestException(String message) {
            super(message);
        }
    }

    /** One job as listed by {@code /jobs/overview}. */
    public record JobSummary(String id, String name, String state, long startTime, long durationMs) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;

    public FlinkRest(String baseUrl) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(url);
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String url() {
        return base.toString();
    }

    /** {@code GET /overview}: task managers, slots, running jobs, Flink version. */
    public JsonNode clusterOverview() {
        return get("/overview");
    }

    /** Every job the cluster knows, newest first. */
    public List<JobSummary> jobs() {
        List<JobSummary> jobs = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            jobs.add(new JobSummary(
                    j.path("jid").asText(),
                    j.path("name").asText(),
                    j.path("state").asText(),
                    j.path("start-time").asLong(),
                    j.path("duration").asLong()));
        }
        jobs.sort((a, b) -> Long.compare(b.startTime(), a.startTime()));
        return jobs;
    }

    /** {@code GET /jobs/{id}}: state, vertices with their parallelism and status. */
    public JsonNode job(String jobId) {
        return get("/jobs/" + jobId);
    }

    /** The highest parallelism among the job's vertices (the job's parallelism as submitted). */
    public int parallelism(String jobId) {
        int max = 0;
        for (JsonNode v : job(jobId).path("vertices")) {
            max = Math.max(max, v.path("parallelism").asInt());
        }
        return max;
    }

    /**
     * The cluster's {@code parallelism.default} ({@code GET /jobmanager/config}; 1 when it sets none). A jar
     * run through REST does not get it by itself: Flink's run handler uses the request's parallelism, else 1.
     */
    public int defaultParallelism() {
        for (JsonNode entry : get("/jobmanager/config")) {
            if (entry.path("key").asText().equals("parallelism.default")) {
                return Integer.parseInt(entry.path("value").asText().trim());
            }
        }
        return 1;
    }

    /** {@code GET /jobs/{id}/checkpoints}: counts and the latest completed checkpoint and savepoint. */
    public JsonNode checkpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** Uploads a job jar ({@code POST /jars/upload}) and returns the id the cluster gave it. */
    public String uploadJar(Path jar) {
        String boundary = "comention-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                            + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        String filename = send(request).path("filename").asText();
        if (filename.isEmpty()) {
            throw new RestException("the cluster accepted the upload but returned no jar id");
        }
        return Path.of(filename).getFileName().toString();
    }

    /**
     * Runs an uploaded jar ({@code POST /jars/{id}/run}) and returns the new job's id. {@code savepoint}
     * may be null; {@code parallelism} 0 leaves it to the program, else Flink's default of 1 (not the cluster's).
     */
    public String runJar(
            String jarId,
            String entryClass,
            List<String> args,
            int parallelism,
            String savepoint,
            boolean allowNonRestoredState) {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putPOJO("programArgsList", args);
        if (parallelism > 0) {
            body.put("parallelism", parallelism);
        }
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
            body.put("allowNonRestoredState", allowNonRestoredState);
        }
        return post("/jars/" + jarId + "/run", body, Duration.ofMinutes(3))
                .path("jobid")
                .asText();
    }

    /** Removes an uploaded jar from the cluster's upload directory (the running job keeps its own copy). */
    public void deleteJar(String jarId) {
        send(HttpRequest.newBuilder(uri("/jars/" + jarId))
                .timeout(Duration.ofSeconds(30))
                .DELETE()
                .build());
    }

    /** Triggers a savepoint of a running job and returns the trigger id; {@code targetDir} may be null. */
    public String triggerSavepoint(String jobId, String targetDir) {
        ObjectNode body = JSON.createObjectNode();
        body.put("cancel-job", false);
        if (targetDir != null) {
            body.put("target-directory", targetDir);
        }
        return post("/jobs/" + jobId + "/savepoints", body, Duration.ofSeconds(30))
                .path("request-id")
                .asText();
    }

    /**
     * Stops a job with a savepoint and returns the trigger id. {@code drain} first emits the final
     * watermark, firing every event-time timer: only for a job that will not be resumed.
     */
    public String stopWithSavepoint(String jobId, String targetDir, boolean drain) {
        ObjectNode body = JSON.createObjectNode();
        body.put("drain", drain);
        if (targetDir != null) {
            body.put("targetDirectory", targetDir);
        }
        return post("/jobs/" + jobId + "/stop", body, Duration.ofSeconds(30))
                .path("request-id")
                .asText();
    }

    /** Cancels a job without a savepoint. */
    public void cancel(String jobId) {
        send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                .timeout(Duration.ofSeconds(30))
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** Waits for a savepoint (or stop-with-savepoint) to complete and returns its location. */
    public String awaitSavepoint(String jobId, String triggerId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + triggerId);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = status.path("operation");
                if (op.hasNonNull("location")) {
                    return op.get("location").asText();
                }
                throw new RestException("savepoint of job " + jobId + " failed: " + failureCause(op));
            }
            pause(deadline, "the savepoint of job " + jobId + " did not complete within " + timeout.toSeconds() + " s");
        }
    }

    /** Waits until the job is in one of {@code states} and returns the state; fails early on FAILED. */
    public String awaitJobState(String jobId, Set<String> states, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            String state = job(jobId).path("state").asText();
            if (states.contains(state)) {
                return state;
            }
            if (state.equals("FAILED") || (state.equals("CANCELED") && !states.contains("CANCELED"))) {
                throw new RestException("job " + jobId + " is " + state + rootException(jobId));
            }
            pause(
                    deadline,
                    "job " + jobId + " did not reach " + states + " within " + timeout.toSeconds() + " s (now " + state
                            + ")");
        }
    }

    /** Waits until the job runs and every one of its tasks is RUNNING (so it can take savepoints). */
    public void awaitTasksRunning(String jobId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode job = job(jobId);
            String state = job.path("state").asText();
            if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                throw new RestException("job " + jobId + " is " + state + rootException(jobId));
            }
            boolean allRunning = job.path("vertices").size() > 0;
            for (JsonNode v : job.path("vertices")) {
                allRunning &= v.path("status").asText().equals("RUNNING")
                        && v.path("tasks").path("RUNNING").asInt()
                                == v.path("parallelism").asInt();
            }
            if (state.equals("RUNNING") && allRunning) {
                return;
            }
            pause(
                    deadline,
                    "the tasks of job " + jobId + " were not all running within " + timeout.toSeconds() + " s (job "
                            + state + ")");
        }
    }

    /**
     * The job's metrics whose names are in {@code names}, each aggregated over all subtasks of all vertices
     * with {@code agg} ({@code sum} for counters, {@code max} for gauges such as a lag). Operator metrics
     * appear in REST as {@code <operator name>.<metric>}; the key here is the bare name.
     */
    public Map<String, Double> jobMetrics(String jobId, Set<String> names, String agg) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (JsonNode v : job(jobId).path("vertices")) {
            String vertexPath = "/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/subtasks/metrics";
            List<String> wanted = new ArrayList<>();
            for (JsonNode m : get(vertexPath)) {
                String id = m.path("id").asText();
                if (names.contains(id.substring(id.lastIndexOf('.') + 1))) {
                    wanted.add(id);
                }
            }
            if (wanted.isEmpty()) {
                continue;
            }
            String query = URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8);
            for (JsonNode m : get(vertexPath + "?agg=" + agg + "&get=" + query)) {
                String id = m.path("id").asText();
                double value = m.path(agg).asDouble();
                sums.merge(id.substring(id.lastIndexOf('.') + 1), value, agg.equals("max") ? Math::max : Double::sum);
            }
        }
        return sums;
    }

    private String rootException(String jobId) {
        try {
            JsonNode ex = get("/jobs/" + jobId + "/exceptions");
            String root = ex.path("exceptionHistory")
                    .path("entries")
                    .path(0)
                    .path("stacktrace")
                    .asText("");
            if (root.isEmpty()) {
                root = ex.path("root-exception").asText("");
            }
            return root.isEmpty() ? "" : ": " + root.lines().findFirst().orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String failureCause(JsonNode operation) {
        JsonNode cause = operation.path("failure-cause");
        String text = cause.path("stack-trace").asText(cause.path("class").asText("unknown cause"));
        return text.lines()
                .filter(l -> l.startsWith("Caused by") || !l.startsWith("\t"))
                .reduce((a, b) -> b)
                .orElse(text);
    }

    private static void pause(Instant deadline, String timeoutMessage) {
        if (Instant.now().isAfter(deadline)) {
            throw new RestException(timeoutMessage);
        }
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException("interrupted while waiting");
        }
    }

    /** GET {@code path} against the REST API; the parsed reply. */
    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    private JsonNode post(String path, JsonNode body, Duration timeout) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new RestException("cannot reach Flink's REST API at " + base
                    + "; is the cluster running (comention cluster start) and --rest right?");
        } catch (IOException e) {
            throw new RestException("request to " + request.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException("interrupted during " + request.uri());
        }
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RestException(request.method() + " " + request.uri() + " returned HTTP " + response.statusCode()
                    + " and no JSON (is " + base + " a Flink REST endpoint?)");
        }
        if (response.statusCode() >= 300) {
            configError(body).ifPresent(message -> {
                throw new ConfigException(message);
            });
            throw new RestException(request.method() + " " + request.uri().getPath() + " failed (HTTP "
                    + response.statusCode() + "): " + errorText(body));
        }
        return body;
    }

    /**
     * The job's own configuration error (its settings or its knowledge base), when its {@code main} refused
     * them on the cluster: the same one-line message a local start prints, instead of Flink's wrapped stack trace.
     */
    static Optional<String> configError(JsonNode body) {
        for (JsonNode e : body.path("errors")) {
            Matcher m = CONFIG_ERROR.matcher(e.asText());
            if (m.find()) {
                return Optional.of(m.group(1).strip());
            }
        }
        return Optional.empty();
    }

    private static final Pattern CONFIG_ERROR = Pattern.compile("(?:" + Pattern.quote(ConfigException.class.getName())
            + "|" + Pattern.quote(KnowledgeBaseException.class.getName()) + "): ([^\n]*)");

    /** Flink answers errors as {"errors": ["message", "stack trace…"]}: keep the first lines that say why. */
    private static String errorText(JsonNode body) {
        List<String> lines = new ArrayList<>();
        for (JsonNode e : body.path("errors")) {
            e.asText()
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("\tat ") && !l.startsWith("\t..."))
                    .limit(6)
                    .forEach(lines::add);
        }
        return lines.isEmpty() ? body.toString() : String.join(" | ", lines);
    }
}
