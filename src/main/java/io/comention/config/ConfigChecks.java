package io.comention.config;

import io.comention.analytics.BurstSettings;
import io.comention.analytics.Horizon;
import io.comention.config.ComentionConfig.Counts;
import io.comention.config.ComentionConfig.Job;
import io.comention.config.ComentionConfig.Kafka;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * The limits of every setting in comention.yaml, checked once it is read: ranges, durations that must
 * be longer than zero, and settings that must agree with each other. The first problem stops start-up
 * with one line naming the field. (Watch rules are checked by {@link io.comention.model.RuleLimits}.)
 */
final class ConfigChecks {

    private final String file;

    private ConfigChecks(String file) {
        this.file = file;
    }

    static void check(ComentionConfig.ConfigFile f, Kafka kafka, String file) {
        new ConfigChecks(file).check(f, kafka);
    }

    private void check(ComentionConfig.ConfigFile f, Kafka kafka) {
        kafka.properties().forEach((key, value) -> {
            require(
                    !key.equals("bootstrap.servers"),
                    "kafka.properties",
                    "set bootstrap servers with kafka.bootstrap_servers, not in properties");
            require(value != null, "kafka.properties." + key, "needs a value");
        });

        List<String> topics = f.topics().all();
        require(
                new HashSet<>(topics).size() == topics.size(),
                "topics",
                "each topic needs its own name; two are the same: " + topics);

        Job job = f.job();
        range("job.parallelism", job.parallelism(), 0, 1024);
        range("job.max_parallelism", job.maxParallelism(), 1, 32768);
        positive("job.checkpoint_interval", job.checkpointInterval());
        positive("job.transaction_timeout", job.transactionTimeout());
        require(
                ComentionConfig.STARTING_OFFSETS.contains(job.startingOffsets()),
                "job.starting_offsets",
                "must be committed, earliest or latest, was '" + job.startingOffsets() + "'");
        require(
                job.transactionTimeout().compareTo(Duration.ofMinutes(15)) <= 0,
                "job.transaction_timeout",
                "must not exceed 15m, the broker's default transaction.max.timeout.ms");
        require(
                job.transactionTimeout().compareTo(job.checkpointInterval().multipliedBy(2)) >= 0,
                "job.transaction_timeout",
                "must be at least twice job.checkpoint_interval, or transactions expire between checkpoints");

        range("input.max_record_bytes", f.input().maxRecordBytes(), 256, 64 << 20);
        positive("input.dedup_retention", f.input().dedupRetention());
        positive("events.max_out_of_orderness", f.events().maxOutOfOrderness());
        positive("events.idleness", f.events().idleness());
        range("tagging.max_entities_per_article", f.tagging().maxEntitiesPerArticle(), 2, 64);
        require(
                f.tagging().places() != null && f.tagging().places().minPopulation() >= 0,
                "tagging.places.min_population",
                "must be 0 (every place in the gazetteer) or a number of people, e.g. 100000");

        Counts counts = f.counts();
        positive("counts.bucket", counts.bucket());
        require(
                !counts.horizons().isEmpty() && !counts.horizons().contains(null),
                "counts.horizons",
                "must be a non-empty list of durations such as [15m, 1h, 24h]");
        for (Horizon h : counts.horizons()) {
            require(
                    !h.length().isZero()
                            && h.length().toMillis() % counts.bucket().toMillis() == 0,
                    "counts.horizons",
                    h.label() + " is not a multiple of counts.bucket "
                            + Horizon.of(counts.bucket()).label());
        }
        List<Integer> sizes = counts.sizes();
        require(
                !sizes.isEmpty() && !sizes.contains(null),
                "counts.sizes",
                "must be a list of combination sizes such as [2, 3]");
        require(
                counts.minSize() >= 2 && counts.maxSize() <= 4,
                "counts.sizes",
                "combination sizes must lie between 2 and 4, were " + sizes);
        require(
                new HashSet<>(sizes).size() == counts.maxSize() - counts.minSize() + 1,
                "counts.sizes",
                "must be consecutive, such as [2, 3] or [2, 3, 4]; were " + sizes);
        range("counts.max_entities_in_larger_combinations", counts.maxEntitiesInLarger(), 3, 64);
        positive("counts.retention", counts.retention());
        positive("counts.update_interval", counts.updateInterval());

        positive("near_duplicates.retention", f.nearDuplicates().retention());
        range("near_duplicates.min_similarity", f.nearDuplicates().minSimilarity(), 0.1, 1.0);

        positive("alerts.cooldown", f.alerts().cooldown());
        BurstSettings burst = f.alerts().burst();
        require(
                counts.horizons().stream().anyMatch(h -> h.length().equals(burst.horizon())),
                "alerts.burst.horizon",
                Horizon.of(burst.horizon()).label() + " is not one of counts.horizons "
                        + counts.horizons().stream().map(Horizon::label).toList());
        range("alerts.burst.min_count", burst.minCount(), 1, 1_000_000);
        range("alerts.burst.min_score", burst.minScore(), 0.5, 1000);
        range("alerts.burst.noise_floor", burst.noiseFloor(), 0.01, 1000);
        positive("alerts.burst.half_life", burst.halfLife());
        // alerts.burst.warm_up and alerts.first_seen_warm_up may be 0s: no warm-up
    }

    private void require(boolean ok, String path, String problem) {
        if (!ok) {
            throw ConfigReader.fail(file, path, problem);
        }
    }

    private void range(String path, long value, long min, long max) {
        require(value >= min && value <= max, path, "must be between " + min + " and " + max + ", was " + value);
    }

    private void range(String path, double value, double min, double max) {
        require(value >= min && value <= max, path, "must be between " + min + " and " + max + ", was " + value);
    }

    private void positive(String path, Duration d) {
        require(!d.isZero() && !d.isNegative(), path, "must be longer than zero");
    }
}
