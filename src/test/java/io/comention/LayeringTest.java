package io.comention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers, and code uses only layers below its own:
 * model → tagging | analytics → config → kafka → pipeline → ops | dashboard → tools → cli.
 * Packages on one layer do not use each other, and the plain-Java layers (model, tagging, analytics)
 * use no Flink. Read from the sources: imports and fully qualified names alike.
 *
 * <p>The job jar holds the layers up to pipeline and dashboard; tools (benchmarks, simulation, evaluation,
 * the sandbox broker and cluster) and cli stay outside it. cli is the top because it is the launcher:
 * {@code comention bench|simulate|eval|sandbox-kafka|cluster} start tools, and {@code demo}, {@code run}
 * and {@code soak} run the job on the sandbox broker.
 */
class LayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/io/comention");

    private static final Map<String, Integer> LAYER = Map.of(
            "model",
            0,
            "tagging",
            1,
            "analytics",
            1,
            "config",
            2,
            "kafka",
            3,
            "pipeline",
            4,
            "ops",
            5,
            "dashboard",
            5,
            "tools",
            6,
            "cli",
            7);

    /**
     * Known arrows up, each to remove: a new one fails the test, and so does one that has gone (then
     * delete it here).
     */
    private static final Set<String> KNOWN_UPWARDS = Set.of();

    private static final Set<String> WITHOUT_FLINK = Set.of("model", "tagging", "analytics");

    private static final Pattern OWN_PACKAGE = Pattern.compile("\\bio\\.comention\\.([a-z]+)\\.");

    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() throws IOException {
        assertThat(packagesUsedBy(SOURCES.resolve("pipeline/ComentionJob.java")))
                .as("the scan sees imports")
                .contains("config", "kafka", "model");
        List<String> upwards = new ArrayList<>();
        for (Path file : sourceFiles()) {
            String from = packageOf(file);
            for (String to : packagesUsedBy(file)) {
                if (!to.equals(from) && LAYER.get(to) >= LAYER.get(from)) {
                    upwards.add(SOURCES.relativize(file) + " (" + from + ") uses " + to);
                }
            }
        }
        assertThat(upwards)
                .as("uses of a package on the same layer or above")
                .containsExactlyInAnyOrderElementsOf(KNOWN_UPWARDS);
    }

    @Test
    void thePlainJavaLayersUseNoFlink() throws IOException {
        List<String> flink = new ArrayList<>();
        for (Path file : sourceFiles()) {
            if (WITHOUT_FLINK.contains(packageOf(file)) && read(file).contains("org.apache.flink.")) {
                flink.add(SOURCES.relativize(file).toString());
            }
        }
        assertThat(flink)
                .as("files in model, tagging or analytics that use Flink")
                .isEmpty();
    }

    @Test
    void everyPackageHasALayer() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (Path file : sourceFiles()) {
            packages.add(packageOf(file));
        }
        assertThat(LAYER.keySet()).as("add a new package to the layers above").containsAll(packages);
        assertThat(packages).as("the layering reads the real sources").contains("model", "pipeline", "cli");
    }

    /** The top-level package under io.comention (tools.bench counts as tools). */
    private static String packageOf(Path file) {
        return SOURCES.relativize(file).getName(0).toString();
    }

    /** The io.comention packages a file names, in imports or in code; the package line is its own. */
    private static Set<String> packagesUsedBy(Path file) throws IOException {
        Set<String> used = new TreeSet<>();
        for (String line : read(file).lines().toList()) {
            if (line.startsWith("package ")) {
                continue;
            }
            Matcher m = OWN_PACKAGE.matcher(line);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        return used;
    }

    private static List<Path> sourceFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
