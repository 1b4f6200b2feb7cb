package io.comention.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.comention.analytics.AlertRules;
import io.comention.analytics.BurstSettings;
import io.comention.analytics.Horizon;
import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The job's whole configuration, read from {@code comention.yaml} (and the watch rules from the file
 * it names). Every field has a default; {@code config/comention.yaml} documents each one.
 */
public record ComentionConfig(
        Kafka kafka,
        Topics topics,
        Job job,
        Input input,
        Events events,
        Tagging tagging,
        Counts counts,
        NearDuplicates nearDuplicates,
        Alerts alerts,
        List<WatchRule> rules,
        List<Watchlist> watchlists)
        implements Serializable {

    /** Where the bundled defaults live on the classpath. */
    public static final String BUNDLED_DIR = "comention/config/";

    /** Kafka connection; {@code properties} carry client settings such as SASL/TLS (never on the command line). */
    public record Kafka(String bootstrapServers, String groupId, Map<String, String> properties)
            implements Serializable {

        /** Client properties including bootstrap servers, with config providers enabled when values use them. */
        public Properties clientProperties() {
            Properties p = new Properties();
            p.putAll(properties);
            p.put("bootstrap.servers", bootstrapServers);
            boolean usesProviders =
                    properties.values().stream().anyMatch(v -> v.contains("${env:") || v.contains("${file:"));
            if (usesProviders && !properties.containsKey("config.providers")) {
                p.put("config.providers", "env,file");
                p.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
                p.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
            }
            return p;
        }

        /** Secret values (passwords, JAAS configs, keys, tokens) are hidden, so a logged config leaks nothing. */
        @Override
        public String toString() {
            Map<String, String> shown = new LinkedHashMap<>();
            properties.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : v));
            return "Kafka[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", properties=" + shown + "]";
        }

        static boolean isSecret(String key) {
            String k = key.toLowerCase(java.util.Locale.ROOT);
            return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                    || k.endsWith(".key") || k.contains("credentials");
        }
    }

    public record Topics(
            String raw, String tagged, String counts, String alerts, String deadletter, String control)
            implements Serializable {
        public List<String> all() {
            return List.of(raw, tagged, counts, alerts, deadletter, control);
        }
    }

    /**
     * @param parallelism the job's parallelism when set explicitly; 0 (the default) leaves it to where the
     *     job runs: a cluster's {@code parallelism.default} or the parallelism given at submission
     *     (the Kubernetes operator's {@code spec.job.parallelism}), so rescaling the cluster rescales the job
     */
    public record Job(
            String name,
            int parallelism,
            int maxParallelism,
            Duration checkpointInterval,
            Duration transactionTimeout,
            String startingOffsets)
            implements Serializable {

        /** The parallelism of a run inside this JVM (demo, run, soak), where no cluster sets one: 2 unless set. */
        public int localParallelism() {
            return parallelism > 0 ? parallelism : 2;
        }
    }

    public record Input(int maxRecordBytes, Duration dedupRetention) implements Serializable {}

    public record Events(Duration maxOutOfOrderness, Duration idleness) implements Serializable {}

    public record Tagging(String entitiesDir, int maxEntitiesPerArticle) implements Serializable {}

    /**
     * @param maxEntitiesInLarger combinations of three or more entities are formed from this many of the
     *     article's most salient entities (pairs from {@link Tagging#maxEntitiesPerArticle()})
     * @param updateInterval the least time between two count updates of one combination on arrival
     */
    public record Counts(
            Duration bucket, List<Horizon> horizons, int minSize, int maxSize, int maxEntitiesInLarger, Duration retention,
            Duration updateInterval)
            implements Serializable {}

    /** Syndicated copies under other ids: compared by content fingerprint within the retention. */
    public record NearDuplicates(boolean enabled, Duration retention, double minSimilarity) implements Serializable {}

    /**
     * Alert settings shared by all rules: the cooldown per (rule, combination), BURST scoring, and how long
     * after the job began watching FIRST_SEEN holds back.
     */
    public record Alerts(Duration cooldown, BurstSettings burst, Duration firstSeenWarmUp) implements Serializable {}

    /** The alert rules as configured, before any change from the control topic. */
    public AlertRules alertRules() {
        return new AlertRules(rules, watchlists, alerts.burst(), alerts.cooldown(), alerts.firstSeenWarmUp());
    }

    /** The bundled defaults (config/comention.yaml and config/rules.yaml as packaged in the jar). */
    public static ComentionConfig bundled() {
        return parse(readResource("comention.yaml"), "comention.yaml (bundled)", null, readResource("rules.yaml"));
    }

    /** Reads {@code file}; a relative {@code rules_file} or {@code properties_file} is resolved next to it. */
    public static ComentionConfig load(Path file) {
        String text = readFile(file, "the configuration file", "pass an existing file with --config");
        return parse(text, file.toString(), file.toAbsolutePath().getParent(), null);
    }

    private static ComentionConfig parse(String yaml, String fileName, Path baseDir, String bundledRules) {
        ConfigReader root = new ConfigReader(fileName, "", readYaml(yaml, fileName));

        ConfigReader k = root.section("kafka");
        Map<String, String> props = new LinkedHashMap<>();
        String propsFile = k.string("properties_file", "");
        if (!propsFile.isBlank()) {
            props.putAll(readProperties(resolve(baseDir, propsFile), fileName));
        }
        props.putAll(k.stringMap("properties"));
        for (String key : props.keySet()) {
            if (key.equals("bootstrap.servers")) {
                throw k.fail(k.path() + ".properties", "set bootstrap servers with kafka.bootstrap_servers, not in properties");
            }
        }
        Kafka kafka = new Kafka(
                k.string("bootstrap_servers", "localhost:9092"), k.string("group_id", "comention"), props);
        k.refuseUnknownKeys();

        ConfigReader t = root.section("topics");
        Topics topics = new Topics(
                t.string("raw", "news.raw"),
                t.string("tagged", "news.tagged"),
                t.string("counts", "news.comention.counts"),
                t.string("alerts", "news.alerts"),
                t.string("deadletter", "news.deadletter"),
                t.string("control", "news.control"));
        t.refuseUnknownKeys();
        if (new HashSet<>(topics.all()).size() != topics.all().size()) {
            throw t.fail("topics", "each topic needs its own name; two are the same: " + topics.all());
        }

        ConfigReader j = root.section("job");
        Job job = new Job(
                j.string("name", "comention"),
                j.integer("parallelism", 0, 1, 1024),
                j.integer("max_parallelism", 128, 1, 32768),
                j.duration("checkpoint_interval", "1s"),
                j.duration("transaction_timeout", "5m"),
                j.string("starting_offsets", "committed"));
        if (!List.of("committed", "earliest", "latest").contains(job.startingOffsets())) {
            throw j.fail("job.starting_offsets", "must be committed, earliest or latest, was '" + job.startingOffsets() + "'");
        }
        if (job.transactionTimeout().compareTo(Duration.ofMinutes(15)) > 0) {
            throw j.fail("job.transaction_timeout", "must not exceed 15m, the broker's default transaction.max.timeout.ms");
        }
        if (job.transactionTimeout().compareTo(job.checkpointInterval().multipliedBy(2)) < 0) {
            throw j.fail("job.transaction_timeout", "must be at least twice job.checkpoint_interval, or transactions expire between checkpoints");
        }
        j.refuseUnknownKeys();

        ConfigReader in = root.section("input");
        Input input = new Input(in.integer("max_record_bytes", 1 << 20, 256, 64 << 20), in.duration("dedup_retention", "7d"));
        in.refuseUnknownKeys();

        ConfigReader ev = root.section("events");
        Events events = new Events(ev.duration("max_out_of_orderness", "5m"), ev.duration("idleness", "1m"));
        ev.refuseUnknownKeys();

        ConfigReader tg = root.section("tagging");
        String entitiesDir = tg.string("entities_dir", "");
        Tagging tagging = new Tagging(
                entitiesDir.isBlank() ? null : resolve(baseDir, entitiesDir).toString(),
                tg.integer("max_entities_per_article", 8, 2, 64));
        tg.refuseUnknownKeys();

        ConfigReader c = root.section("counts");
        Duration bucket = c.duration("bucket", "5m");
        List<Horizon> horizons = new ArrayList<>();
        for (Duration d : c.durations("horizons", List.of("15m", "1h", "24h"))) {
            if (d.toMillis() % bucket.toMillis() != 0 || d.isZero()) {
                throw c.fail("counts.horizons", Horizon.of(d).label() + " is not a multiple of counts.bucket " + Horizon.of(bucket).label());
            }
            horizons.add(Horizon.of(d));
        }
        List<String> sizes = c.strings("sizes");
        int minSize = 2;
        int maxSize = 3;
        if (!sizes.isEmpty()) {
            try {
                minSize = sizes.stream().mapToInt(Integer::parseInt).min().orElseThrow();
                maxSize = sizes.stream().mapToInt(Integer::parseInt).max().orElseThrow();
            } catch (NumberFormatException e) {
                throw c.fail("counts.sizes", "must be a list of combination sizes such as [2, 3]");
            }
            if (minSize < 2 || maxSize > 4) {
                throw c.fail("counts.sizes", "combination sizes must lie between 2 and 4, were " + sizes);
            }
        }
        Counts counts = new Counts(bucket, horizons, minSize, maxSize,
                c.integer("max_entities_in_larger_combinations", 5, 3, 64), c.duration("retention", "7d"),
                c.duration("update_interval", "5s"));
        c.refuseUnknownKeys();

        ConfigReader nd = root.section("near_duplicates");
        NearDuplicates nearDuplicates = new NearDuplicates(
                nd.bool("enabled", true), nd.duration("retention", "2d"), nd.decimal("min_similarity", 0.6, 0.1, 1.0));
        nd.refuseUnknownKeys();

        ConfigReader al = root.section("alerts");
        Duration cooldown = al.duration("cooldown", "1h");
        ConfigReader b = al.section("burst");
        BurstSettings burst = new BurstSettings(
                b.bool("enabled", true),
                b.duration("horizon", "15m"),
                b.integer("min_count", 5, 1, 1_000_000),
                b.decimal("min_score", 6.0, 0.5, 1000),
                b.decimal("noise_floor", 1.0, 0.01, 1000),
                b.duration("half_life", "24h"),
                b.duration("warm_up", "6h"));
        if (counts.horizons().stream().noneMatch(h -> h.length().equals(burst.horizon()))) {
            throw b.fail("alerts.burst.horizon", Horizon.of(burst.horizon()).label() + " is not one of counts.horizons " + counts.horizons().stream().map(Horizon::label).toList());
        }
        b.refuseUnknownKeys();
        Duration firstSeenWarmUp = al.durationOrZero("first_seen_warm_up", "0s");
        al.refuseUnknownKeys();
        Alerts alerts = new Alerts(cooldown, burst, firstSeenWarmUp);

        String rulesFile = root.string("rules_file", "rules.yaml");
        root.refuseUnknownKeys();
        String rulesText;
        String rulesName;
        if (bundledRules != null) {
            rulesText = bundledRules;
            rulesName = "rules.yaml (bundled)";
        } else {
            Path rulesPath = resolve(baseDir, rulesFile);
            rulesText = readFile(rulesPath, "the rules file named by rules_file", "fix rules_file in " + fileName);
            rulesName = rulesPath.toString();
        }
        ConfigReader rulesRoot = new ConfigReader(rulesName, "", readYaml(rulesText, rulesName));
        List<WatchRule> rules = parseRules(rulesRoot, counts);
        List<Watchlist> watchlists = parseWatchlists(rulesRoot, counts);
        rulesRoot.refuseUnknownKeys();
        return new ComentionConfig(kafka, topics, job, input, events, tagging, counts, nearDuplicates, alerts, rules, watchlists);
    }

    /** {@code watchlists:} a list of {id, entities, lookback}; a look-back must fit in what counts remember. */
    static List<Watchlist> parseWatchlists(ConfigReader root, Counts counts) {
        List<Watchlist> lists = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Duration remembered = counts.retention().plus(counts.horizons().get(counts.horizons().size() - 1).length());
        for (ConfigReader r : root.list("watchlists")) {
            String id = r.requiredString("id");
            List<String> entities = r.strings("entities");
            if (new HashSet<>(entities).size() < 2) {
                throw r.fail(r.path() + ".entities", "must name at least 2 distinct entity ids, was " + entities);
            }
            Duration lookback = r.duration("lookback", "7d");
            if (lookback.compareTo(remembered) > 0) {
                throw r.fail(r.path() + ".lookback", "must not exceed counts.retention plus the longest horizon ("
                        + Horizon.of(remembered).label() + "): older meetings are forgotten");
            }
            r.refuseUnknownKeys();
            if (!ids.add(id)) {
                throw r.fail(r.path() + ".id", "duplicate watchlist id '" + id + "'");
            }
            lists.add(new Watchlist(id, entities, lookback));
        }
        return List.copyOf(lists);
    }

    /** {@code watch:} a list of {id, entities, horizon, threshold}. */
    static List<WatchRule> parseRules(ConfigReader root, Counts counts) {
        List<WatchRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigReader r : root.list("watch")) {
            String id = r.requiredString("id");
            List<String> entities = r.strings("entities");
            if (entities.size() < counts.minSize() || entities.size() > counts.maxSize() || new HashSet<>(entities).size() != entities.size()) {
                throw r.fail(r.path() + ".entities", "must name " + counts.minSize() + " to " + counts.maxSize() + " distinct entity ids, was " + entities);
            }
            Duration horizon = r.duration("horizon", "1h");
            if (counts.horizons().stream().noneMatch(h -> h.length().equals(horizon))) {
                throw r.fail(r.path() + ".horizon", Horizon.of(horizon).label() + " is not one of counts.horizons " + counts.horizons().stream().map(Horizon::label).toList());
            }
            int threshold = r.integer("threshold", 3, 1, 1_000_000);
            r.refuseUnknownKeys();
            if (!ids.add(id)) {
                throw r.fail(r.path() + ".id", "duplicate rule id '" + id + "'");
            }
            rules.add(new WatchRule(id, entities, horizon, threshold));
        }
        return List.copyOf(rules);
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode readYaml(String yaml, String fileName) {
        try {
            JsonNode node = YAML.readTree(yaml);
            return node == null || node.isMissingNode() ? YAML.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ConfigException(fileName + ": not valid YAML"
                    + (loc != null ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() : "")
                    + ": " + e.getOriginalMessage());
        }
    }

    private static Path resolve(Path baseDir, String name) {
        Path p = Path.of(name);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    private static String readFile(Path file, String what, String fix) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": " + what + " does not exist; " + fix);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read " + what + " (" + e.getMessage() + "); " + fix);
        }
    }

    private static Map<String, String> readProperties(Path file, String fileName) {
        Properties p = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(fileName + ": kafka.properties_file: " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException(fileName + ": kafka.properties_file: cannot read " + file + " (" + e.getMessage() + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(n -> out.put(n, p.getProperty(n)));
        return out;
    }

    private static String readResource(String name) {
        try (InputStream in = ComentionConfig.class.getClassLoader().getResourceAsStream(BUNDLED_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("bundled " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same configuration pointing at other Kafka bootstrap servers. */
    public ComentionConfig withBootstrapServers(String servers) {
        return new ComentionConfig(new Kafka(servers, kafka.groupId(), kafka.properties()), topics, job, input, events, tagging, counts, nearDuplicates, alerts, rules, watchlists);
    }

    /** The same configuration with other job settings. */
    public ComentionConfig withJob(Job newJob) {
        return new ComentionConfig(kafka, topics, newJob, input, events, tagging, counts, nearDuplicates, alerts, rules, watchlists);
    }

    /** The same configuration with other topic names. */
    public ComentionConfig withTopics(Topics newTopics) {
        return new ComentionConfig(kafka, newTopics, job, input, events, tagging, counts, nearDuplicates, alerts, rules, watchlists);
    }

    /** The same configuration with other watch rules. */
    public ComentionConfig withRules(List<WatchRule> newRules) {
        return new ComentionConfig(kafka, topics, job, input, events, tagging, counts, nearDuplicates, alerts, List.copyOf(newRules), watchlists);
    }

    /** The same configuration with other alert settings. */
    public ComentionConfig withAlerts(Alerts newAlerts) {
        return new ComentionConfig(kafka, topics, job, input, events, tagging, counts, nearDuplicates, newAlerts, rules, watchlists);
    }
}
