package io.comention.cli;

import io.comention.analytics.AlertRules;
import io.comention.analytics.WatchRule;
import io.comention.analytics.Watchlist;
import io.comention.config.ComentionConfig;
import io.comention.kafka.Producers;
import io.comention.model.ControlMessage;
import io.comention.model.ControlParser;
import io.comention.model.Durations;
import io.comention.model.EntityType;
import io.comention.model.Json;
import io.comention.model.RuleLimits;
import io.comention.pipeline.ControlState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code comention rule add|remove|list} and {@code comention entity add|remove}: live changes through
 * the control topic. The running job applies each change at its next evaluation; no restart.
 */
final class RuleCommand {

    private RuleCommand() {}

    /** Writes one control message, keyed by the object it changes so the compacted topic keeps the latest. */
    static void send(KafkaOptions kafka, ControlMessage message) throws Exception {
        ComentionConfig config = kafka.config();
        Properties props = config.kafka().clientProperties();
        Clients.requireReachable(props, Clients.REACH_TIMEOUT);
        try (var producer = Producers.acknowledged(props)) {
            producer.send(new ProducerRecord<>(
                            config.topics().control(), Json.utf8(message.stateKey()), ControlParser.write(message)))
                    .get();
        } catch (ExecutionException e) {
            throw new ComentionCli.UserError("could not write to "
                    + config.topics().control() + ": " + e.getCause().getMessage());
        }
    }

    @Command(
            name = "rule",
            mixinStandardHelpOptions = true,
            description = "Adds, removes and lists watch rules and watchlists live, through the control topic.",
            subcommands = {Add.class, Remove.class, ListRules.class})
    static final class Rule implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Adds or replaces a watch rule (WATCH alerts when the entities are named together at least",
                "THRESHOLD times within HORIZON), or with --watchlist a watchlist (FIRST_SEEN alerts). It is",
                "checked as the job checks it, against the counts of --config (else the bundled configuration)."
            })
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Parameters(index = "0", paramLabel = "ID", description = "The rule's or watchlist's id.")
        String id;

        @Option(
                names = "--entities",
                required = true,
                split = ",",
                paramLabel = "ID,ID[,ID]",
                description =
                        "Distinct entity ids, as many as a counted combination has (counts.sizes), e.g. AF,PK,US.")
        List<String> entities;

        @Option(
                names = "--horizon",
                converter = DurationConverter.class,
                description = "A watch rule's horizon, one of counts.horizons, e.g. 1h.")
        Duration horizon;

        @Option(names = "--threshold", description = "A watch rule's threshold: at least this many articles, e.g. 3.")
        Integer threshold;

        @Option(names = "--watchlist", description = "Add a watchlist instead of a watch rule.")
        boolean watchlist;

        @Option(
                names = "--lookback",
                converter = DurationConverter.class,
                description = "A watchlist's look-back, e.g. 7d.")
        Duration lookback;

        @Override
        public Integer call() throws Exception {
            ComentionConfig config = kafka.config();
            ControlMessage message = watchlist
                    ? watchlistMessage(config.ruleLimits(), id, entities, lookback)
                    : watchRuleMessage(config.ruleLimits(), id, entities, horizon, threshold);
            send(kafka, message);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "sent %s to %s%n",
                            message.stateKey(), config.topics().control());
            return 0;
        }
    }

    /** The control message for {@code rule add}, or the one-line reason the job would refuse it. */
    static ControlMessage watchRuleMessage(
            RuleLimits limits, String id, List<String> entities, Duration horizon, Integer threshold) {
        List<String> ids = trimmed(entities);
        refuse(limits.checkWatchRule(id, ids, horizon, threshold));
        return new ControlMessage(
                ControlMessage.Action.UPSERT_RULE,
                id,
                ids.stream().sorted().toList(),
                horizon.toMillis(),
                threshold,
                0,
                null,
                null,
                List.of(),
                List.of());
    }

    /** The control message for {@code rule add --watchlist}, or the one-line reason the job would refuse it. */
    static ControlMessage watchlistMessage(RuleLimits limits, String id, List<String> entities, Duration lookback) {
        List<String> ids = trimmed(entities);
        refuse(limits.checkWatchlist(id, ids, lookback));
        return new ControlMessage(
                ControlMessage.Action.UPSERT_WATCHLIST,
                id,
                ids.stream().sorted().toList(),
                0,
                0,
                lookback.toMillis(),
                null,
                null,
                List.of(),
                List.of());
    }

    private static List<String> trimmed(List<String> entities) {
        return entities == null ? null : entities.stream().map(String::trim).toList();
    }

    /** The reason in the words every rule path uses, the field as this command's option. */
    private static void refuse(Optional<RuleLimits.Problem> problem) {
        if (problem.isPresent()) {
            String field = problem.get().field();
            throw new ComentionCli.UserError((field.equals("id") ? "ID" : "--" + field) + ": "
                    + problem.get().reason());
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Removes a watch rule (or with --watchlist a watchlist), configured ones too.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--watchlist", description = "Remove a watchlist instead of a watch rule.")
        boolean watchlist;

        @Override
        public Integer call() throws Exception {
            ControlMessage message = new ControlMessage(
                    watchlist ? ControlMessage.Action.DELETE_WATCHLIST : ControlMessage.Action.DELETE_RULE,
                    id,
                    List.of(),
                    0,
                    0,
                    0,
                    null,
                    null,
                    List.of(),
                    List.of());
            send(kafka, message);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "sent removal of %s to %s%n",
                            message.stateKey(), kafka.config().topics().control());
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "Lists the rules in force: the configured ones (from --config, else the bundled) with every change",
                "on the control topic applied."
            })
    static final class ListRules implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() {
            ComentionConfig config = kafka.config();
            Map<String, ControlMessage> changes = readControl(config);
            List<Map.Entry<String, ControlMessage>> entries = new ArrayList<>();
            changes.forEach((k, v) -> entries.add(new AbstractMap.SimpleEntry<>(k, v)));
            AlertRules rules = ControlState.apply(config.alertRules(), entries);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-24s %-8s %-40s %s%n", "ID", "KIND", "ENTITIES", "TRIGGER");
            for (WatchRule r : rules.watchRules()) {
                out.printf(
                        "%-24s %-8s %-40s %d in %s%n",
                        r.id(), "watch", String.join(",", r.entities()), r.threshold(), Durations.format(r.horizon()));
            }
            for (Watchlist w : rules.watchlists()) {
                out.printf(
                        "%-24s %-8s %-40s first time in %s%n",
                        w.id(), "watchlist", String.join(",", w.entities()), Durations.format(w.lookback()));
            }
            long entityChanges = changes.values().stream()
                    .filter(ControlMessage::isEntityChange)
                    .count();
            out.printf(
                    "%d live changes on %s (%d to entities)%n",
                    changes.size(), config.topics().control(), entityChanges);
            return 0;
        }
    }

    /** The latest change per object on the control topic, in the order they were made. */
    static Map<String, ControlMessage> readControl(ComentionConfig config) {
        Properties props = config.kafka().clientProperties();
        Clients.requireReachable(props, Clients.REACH_TIMEOUT);
        Map<String, ControlMessage> latest = new LinkedHashMap<>();
        try (var consumer = Clients.committedReader(props)) {
            List<TopicPartition> partitions =
                    Clients.partitionsOf(consumer, config.topics().control(), Duration.ofSeconds(15));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        ControlMessage m = ControlParser.parse(r.value(), config.ruleLimits());
                        latest.remove(m.stateKey());
                        latest.put(m.stateKey(), m);
                    } catch (ControlParser.InvalidControl e) {
                        // the job dead-letters these too; listing skips them
                    }
                }
            }
        }
        return latest;
    }

    @Command(
            name = "entity",
            mixinStandardHelpOptions = true,
            description = "Adds or removes knowledge-base entities live, through the control topic.",
            subcommands = {EntityAdd.class, EntityRemove.class})
    static final class Entity implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Adds or replaces an entity (its aliases replace the old ones).")
    static final class EntityAdd implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Parameters(
                index = "0",
                paramLabel = "ID",
                description = "e.g. org:wagner-group or person:jane-doe (countries: the ISO code).")
        String id;

        @Option(names = "--type", required = true, description = "COUNTRY, ORGANIZATION or PERSON.")
        EntityType type;

        @Option(names = "--name", required = true, description = "The canonical name.")
        String name;

        @Option(names = "--aliases", split = ",", description = "Other names, matched in any case.")
        List<String> aliases = new ArrayList<>();

        @Option(
                names = "--exact-case",
                split = ",",
                description = "Names matched only in exactly this case (acronyms).")
        List<String> exactCase = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            ControlMessage message = new ControlMessage(
                    ControlMessage.Action.UPSERT_ENTITY, id, List.of(), 0, 0, 0, type, name, aliases, exactCase);
            send(kafka, message);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "sent %s to %s%n",
                            message.stateKey(), kafka.config().topics().control());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes an entity, bundled ones too.")
    static final class EntityRemove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            ControlMessage message = new ControlMessage(
                    ControlMessage.Action.DELETE_ENTITY, id, List.of(), 0, 0, 0, null, null, List.of(), List.of());
            send(kafka, message);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "sent removal of %s to %s%n",
                            message.stateKey(), kafka.config().topics().control());
            return 0;
        }
    }
}
