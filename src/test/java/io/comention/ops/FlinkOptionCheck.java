package io.comention.ops;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;

/**
 * Checks Flink settings written in deployment files against Flink's own option definitions: every key
 * must be an option of Flink 2.2 (or a deprecated spelling of one, which is reported too), and its value
 * must parse as that option's type. Keys of components whose classes are not on this classpath (the
 * Kubernetes operator, the S3 plugin, metric reporters) are listed as {@link #NOT_CHECKED} prefixes.
 */
final class FlinkOptionCheck {

    /** Option families read by code that is not on the test classpath: the operator, the S3 plugin, reporters. */
    static final List<String> NOT_CHECKED = List.of("kubernetes.operator.", "s3.", "metrics.reporter.");

    private static final List<String> OPTION_CLASSES = List.of(
            "org.apache.flink.configuration.CoreOptions",
            "org.apache.flink.configuration.CheckpointingOptions",
            "org.apache.flink.configuration.StateBackendOptions",
            "org.apache.flink.configuration.StateRecoveryOptions",
            "org.apache.flink.configuration.HighAvailabilityOptions",
            "org.apache.flink.configuration.TaskManagerOptions",
            "org.apache.flink.configuration.JobManagerOptions",
            "org.apache.flink.configuration.RestOptions",
            "org.apache.flink.configuration.MetricOptions",
            "org.apache.flink.configuration.PipelineOptions",
            "org.apache.flink.configuration.ExecutionOptions",
            "org.apache.flink.configuration.SecurityOptions",
            "org.apache.flink.configuration.BlobServerOptions",
            "org.apache.flink.configuration.RestartStrategyOptions",
            "org.apache.flink.state.rocksdb.RocksDBOptions",
            "org.apache.flink.state.rocksdb.RocksDBConfigurableOptions");

    private FlinkOptionCheck() {}

    /** Current key → option, and deprecated key → option, over {@link #OPTION_CLASSES}. */
    private static Map<String, ConfigOption<?>> options(boolean deprecated) {
        Map<String, ConfigOption<?>> out = new HashMap<>();
        for (String className : OPTION_CLASSES) {
            Class<?> type;
            try {
                type = Class.forName(className);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Flink option class missing from the test classpath: " + className, e);
            }
            for (Field f : type.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || !ConfigOption.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                ConfigOption<?> option;
                try {
                    option = (ConfigOption<?>) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (!deprecated) {
                    out.put(option.key(), option);
                }
                for (FallbackKey k : option.fallbackKeys()) {
                    if (k.isDeprecated() == deprecated || !deprecated) {
                        out.putIfAbsent(k.getKey(), option);
                    }
                }
            }
        }
        return out;
    }

    /** What is wrong with {@code settings}: unknown or deprecated keys, and values Flink cannot parse. */
    static List<String> problems(Map<String, String> settings) {
        Map<String, ConfigOption<?>> current = options(false);
        Map<String, ConfigOption<?>> deprecated = options(true);
        Configuration conf = Configuration.fromMap(settings);
        List<String> problems = new ArrayList<>();
        for (String key : settings.keySet()) {
            if (NOT_CHECKED.stream().anyMatch(key::startsWith)) {
                continue;
            }
            ConfigOption<?> option = current.get(key);
            if (option == null) {
                problems.add(key + ": not an option of Flink's " + OPTION_CLASSES.size() + " option classes checked");
                continue;
            }
            if (!option.key().equals(key)) {
                problems.add(key + ": " + (deprecated.containsKey(key) ? "deprecated" : "an old") + " name of "
                        + option.key());
            }
            try {
                conf.get(option);
            } catch (RuntimeException e) {
                problems.add(key + ": '" + settings.get(key) + "' is not a valid value: " + e.getMessage());
            }
        }
        return problems;
    }
}
