package io.comention.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comention.analytics.AlertRules;
import io.comention.analytics.BurstSettings;
import io.comention.analytics.Horizon;
import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import io.comention.model.RuleLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The job's whole configuration, read from {@code comention.yaml} (and the watch rules from the file
 * it names). The bundled {@code config/comention.yaml} holds every default and documents each key; a
 * user's file is laid over it, so it says only what differs. {@link ConfigChecks} holds the limits.
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
            return "Kafka[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", properties=" + shown
                    + "]";
        }

        static boolean isSecret(String key) {
            String k = key.toLowerCase(Locale.ROOT);
            return k.contains("password")
                    || k.contains("jaas")
                    || k.contains("secret")
                    || k.contains("token")
                    || k.endsWith(".key")
                    || k.contains("credentials");
        }
    }

    public record Topics(String raw, String tagged, String counts, String alerts, String deadletter, String control)
            implements Serializable {
        public List<String> all() {
            return List.of(raw, tagged, counts, alerts, deadletter, control);
        }
    }

    /**
     * @param parallelism the job's parallelism when set explicitly; 0 (the default) leaves it to where the
     *     job runs: a cluster's {@code parallelism.default} or the parallelism given at submission
     *     (the Kubernetes operator's {@code spec.job.parallelism}), so rescaling the cluster rescales the job
     * @param snapshotCompression whether checkpoints and savepoints compress the job's state (Snappy, per key
     *     group): about a third fewer bytes to write, store and read back on restore, for a little CPU when a
     *     checkpoint is written; either way a job restores what the other wrote
     */
    public record Job(
            String name,
            int parallelism,
            int maxParallelism,
            Duration checkpointInterval,
            Duration transactionTimeout,
            String startingOffsets,
            boolean snapshotCompression)
            implements Serializable {

        /** A job whose checkpoints and savepoints compress their state (the bundled default). */
        public Job(
                String name,
                int parallelism,
                int maxParallelism,
                Duration checkpointInterval,
                Duration transactionTimeout,
                String startingOffsets) {
            this(name, parallelism, maxParallelism, checkpointInterval, transactionTimeout, startingOffsets, true);
        }

        /** The parallelism of a run inside this JVM (demo, run, soak), where no cluster sets one: 2 unless set. */
        public int localParallelism() {
            return parallelism > 0 ? parallelism : 2;
        }
    }

    public record Input(int maxRecordBytes, Duration dedupRetention) implements Serializable {}

    public record Events(Duration maxOutOfOrderness, Duration idleness) implements Serializable {}

    public record Tagging(String entitiesDir, int maxEntitiesPerArticle, Places places) implements Serializable {}

    /**
     * Places below the country (the GeoNames gazetteer, README "Places"): whether they are tagged, the
     * smallest population loaded, and whether a country named only through places ({@code via}) is added
     * to the article and so takes part in combinations.
     */
    public record Places(boolean enabled, long minPopulation, boolean countVia) implements Serializable {}

    /**
     * @param sizes the combination sizes counted, consecutive: {@code [2, 3]} counts pairs and triples
     * @param maxEntitiesInLarger combinations of three or more entities are formed from this many of the
     *     article's most salient entities (pairs from {@link Tagging#maxEntitiesPerArticle()})
     * @param updateInterval the least time between two count updates of one combination on arrival
     */
    public record Counts(
            Duration bucket,
            List<Horizon> horizons,
            List<Integer> sizes,

            @JsonProperty("max_entities_in_larger_combinations")
            int maxEntitiesInLarger,

            Duration retention,
            Duration updateInterval)
            implements Serializable {

        public int minSize() {
            return sizes.stream().mapToInt(Integer::intValue).min().orElseThrow();
        }

        public int maxSize() {
            return sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        }

        /** A rule names as many entities as a counted combination has, over a counted horizon. */
        public RuleLimits ruleLimits() {
            List<Duration> lengths = horizons.stream().map(Horizon::length).toList();
            return new RuleLimits(minSize(), maxSize(), lengths, retention.plus(Collections.max(lengths)));
        }
    }

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

    /** What a watch rule or watchlist may say under these counts, wherever it comes from. */
    public RuleLimits ruleLimits() {
        return counts.ruleLimits();
    }

    /** The bundled configuration (config/comention.yaml and config/rules.yaml as packaged in the jar). */
    public static ComentionConfig bundled() {
        return read(bundledTree(), "comention.yaml (bundled)", null);
    }

    /**
     * Reads {@code file} over the bundled configuration: what it leaves out keeps the bundled value. A
     * relative {@code rules_file}, {@code kafka.properties_file} or {@code tagging.entities_dir} is
     * resolved next to it.
     */
    public static ComentionConfig load(Path file) {
        String text = readFile(file, "the configuration file", "pass an existing file with --config");
        ObjectNode tree = bundledTree();
        ConfigReader.mergeOnto(tree, ConfigReader.readTree(text, file.toString()));
        return read(tree, file.toString(), file.toAbsolutePath().getParent());
    }

    /** comention.yaml as written; where a section's keys differ from its public record it has its own shape. */
    record ConfigFile(
            KafkaSection kafka,
            Topics topics,
            Job job,
            Input input,
            Events events,
            Tagging tagging,
            Counts counts,
            NearDuplicates nearDuplicates,
            Alerts alerts,
            String rulesFile) {}

    record KafkaSection(
            String bootstrapServers, String groupId, Map<String, String> properties, String propertiesFile) {}

    /** rules.yaml: its own file, read whole (not laid over the bundled rules, which are examples). */
    record RulesFile(List<WatchEntry> watch, List<WatchlistEntry> watchlists) {}

    /** One entry of rules.yaml as written; a missing field is null until {@link RuleLimits} has checked it. */
    interface RuleEntry<R> {
        String id();

        Optional<RuleLimits.Problem> problem(RuleLimits limits);

        R checked();
    }

    record WatchEntry(String id, List<String> entities, Duration horizon, Integer threshold)
            implements RuleEntry<WatchRule> {
        public Optional<RuleLimits.Problem> problem(RuleLimits limits) {
            return limits.checkWatchRule(id, entities, horizon, threshold);
        }

        public WatchRule checked() {
            return new WatchRule(id, entities, horizon, threshold);
        }
    }

    record WatchlistEntry(String id, List<String> entities, Duration lookback) implements RuleEntry<Watchlist> {
        public Optional<RuleLimits.Problem> problem(RuleLimits limits) {
            return limits.checkWatchlist(id, entities, lookback);
        }

        public Watchlist checked() {
            return new Watchlist(id, entities, lookback);
        }
    }

    /** {@code baseDir} is null for the bundled configuration, whose files are resources. */
    private static ComentionConfig read(ObjectNode tree, String fileName, Path baseDir) {
        ConfigFile f = ConfigReader.bind(tree, ConfigFile.class, fileName, true);
        Map<String, String> props = new LinkedHashMap<>();
        if (!f.kafka().propertiesFile().isBlank()) {
            props.putAll(readProperties(resolve(baseDir, f.kafka().propertiesFile()), fileName));
        }
        props.putAll(f.kafka().properties());
        Kafka kafka = new Kafka(f.kafka().bootstrapServers(), f.kafka().groupId(), props);
        String entitiesDir = f.tagging().entitiesDir();
        Tagging tagging = new Tagging(
                entitiesDir.isBlank() ? null : resolve(baseDir, entitiesDir).toString(),
                f.tagging().maxEntitiesPerArticle(),
                f.tagging().places());
        ConfigChecks.check(f, kafka, fileName);

        String rulesName;
        String rulesText;
        if (baseDir == null) {
            rulesName = f.rulesFile() + " (bundled)";
            rulesText = readResource(f.rulesFile());
        } else {
            Path rulesPath = resolve(baseDir, f.rulesFile());
            rulesName = rulesPath.toString();
            rulesText = readFile(rulesPath, "the rules file named by rules_file", "fix rules_file in " + fileName);
        }
        RulesFile rules =
                ConfigReader.bind(ConfigReader.readTree(rulesText, rulesName), RulesFile.class, rulesName, false);
        RuleLimits limits = f.counts().ruleLimits();
        return new ComentionConfig(
                kafka,
                f.topics(),
                f.job(),
                f.input(),
                f.events(),
                tagging,
                f.counts(),
                f.nearDuplicates(),
                f.alerts(),
                checked(rules.watch(), "watch", "rule", limits, rulesName),
                checked(rules.watchlists(), "watchlists", "watchlist", limits, rulesName));
    }

    /** The entries under {@code key}, each within the limits and with an id of its own. */
    private static <R> List<R> checked(
            List<? extends RuleEntry<R>> entries, String key, String what, RuleLimits limits, String file) {
        List<R> checked = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; entries != null && i < entries.size(); i++) {
            String at = key + "[" + i + "]";
            RuleEntry<R> e = entries.get(i);
            if (e == null) {
                throw ConfigReader.fail(file, at, "must be a mapping of keys to values");
            }
            Optional<RuleLimits.Problem> problem = e.problem(limits);
            if (problem.isPresent()) {
                throw ConfigReader.fail(
                        file, at + "." + problem.get().field(), problem.get().reason());
            }
            if (!ids.add(e.id())) {
                throw ConfigReader.fail(file, at + ".id", "duplicate " + what + " id '" + e.id() + "'");
            }
            checked.add(e.checked());
        }
        return List.copyOf(checked);
    }

    private static ObjectNode bundledTree() {
        return ConfigReader.readTree(readResource("comention.yaml"), "comention.yaml (bundled)");
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
            throw new ConfigException(
                    fileName + ": kafka.properties_file: cannot read " + file + " (" + e.getMessage() + ")");
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
            throw new UncheckedIOException(e);
        }
    }

    // Each with… changes one component and keeps the others.

    public ComentionConfig withBootstrapServers(String servers) {
        Kafka k = new Kafka(servers, kafka.groupId(), kafka.properties());
        return new ComentionConfig(
                k, topics, job, input, events, tagging, counts, nearDuplicates, alerts, rules, watchlists);
    }

    public ComentionConfig withTopics(Topics t) {
        return new ComentionConfig(
                kafka, t, job, input, events, tagging, counts, nearDuplicates, alerts, rules, watchlists);
    }

    public ComentionConfig withJob(Job j) {
        return new ComentionConfig(
                kafka, topics, j, input, events, tagging, counts, nearDuplicates, alerts, rules, watchlists);
    }

    /** Where the source starts on a first start (no savepoint): committed, earliest or latest. */
    public ComentionConfig withStartingOffsets(String mode) {
        if (!STARTING_OFFSETS.contains(mode)) {
            throw new ConfigException("starting offsets must be committed, earliest or latest, was '" + mode + "'");
        }
        return withJob(new Job(
                job.name(),
                job.parallelism(),
                job.maxParallelism(),
                job.checkpointInterval(),
                job.transactionTimeout(),
                mode,
                job.snapshotCompression()));
    }

    /**
     * A run that leaves this one's outputs alone, e.g. a replay of {@code topics.raw} after a knowledge-base
     * or rule change: {@code suffix} is appended to the four output topics, to the job name (so its
     * transactional ids fence no producer of this job) and to the consumer group (so its committed
     * offsets are its own). It reads the same {@code raw} and {@code control} topics.
     */
    public ComentionConfig withOutputSuffix(String suffix) {
        String problem = outputSuffixProblem(suffix);
        if (problem != null) {
            throw new ConfigException("output suffix " + problem);
        }
        Topics t = new Topics(
                topics.raw(),
                topics.tagged() + suffix,
                topics.counts() + suffix,
                topics.alerts() + suffix,
                topics.deadletter() + suffix,
                topics.control());
        Kafka k = new Kafka(kafka.bootstrapServers(), kafka.groupId() + suffix, kafka.properties());
        Job j = new Job(
                job.name() + suffix,
                job.parallelism(),
                job.maxParallelism(),
                job.checkpointInterval(),
                job.transactionTimeout(),
                job.startingOffsets(),
                job.snapshotCompression());
        return new ComentionConfig(k, t, j, input, events, tagging, counts, nearDuplicates, alerts, rules, watchlists);
    }

    /** The values {@code job.starting_offsets} takes. */
    public static final List<String> STARTING_OFFSETS = List.of("committed", "earliest", "latest");

    /**
     * What is wrong with {@code suffix} as the end of a Kafka topic name, or null: it must be 1–100 of
     * the characters topic names allow (letters, digits, '.', '_', '-').
     */
    public static String outputSuffixProblem(String suffix) {
        if (suffix == null || suffix.isEmpty() || suffix.length() > 100) {
            return "must be 1 to 100 characters, was '" + suffix + "'";
        }
        if (!suffix.chars()
                .allMatch(c -> (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '.'
                        || c == '_'
                        || c == '-')) {
            return "may hold only letters, digits, '.', '_' and '-' (it ends Kafka topic names), was '" + suffix + "'";
        }
        return null;
    }

    public ComentionConfig withAlerts(Alerts a) {
        return new ComentionConfig(
                kafka, topics, job, input, events, tagging, counts, nearDuplicates, a, rules, watchlists);
    }

    public ComentionConfig withRules(List<WatchRule> r) {
        return new ComentionConfig(
                kafka, topics, job, input, events, tagging, counts, nearDuplicates, alerts, r, watchlists);
    }
}
