package io.comention.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.comention.pipeline.ComentionConfig;
import io.comention.pipeline.ComentionJob;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.container.entrypoint.StandaloneApplicationClusterConfigurationParserFactory;
import org.apache.flink.runtime.entrypoint.ClusterConfiguration;
import org.apache.flink.runtime.entrypoint.parser.CommandLineParser;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine or Kubernetes runs here, so this reads docker-compose.yml, deploy/Dockerfile and
 * deploy/k8s/ and checks that they agree with the code and the build: image versions, the jar's path
 * and entry class, how the job gets its configuration, topic names and policies, ports.
 */
class DeploymentConsistencyTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String JAR_IN_IMAGE = "/opt/flink/usrlib/comention-job.jar";
    private static final String CONFIG_IN_IMAGE = "/opt/comention/config/comention.yaml";
    private static final String PROMETHEUS_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    @TempDir Path tmp;

    private final ComentionConfig.Topics topics = ComentionConfig.bundled().topics();

    @Test
    void buildProducesTheJarTheImageCopiesWithTheJobAsEntryClass() throws IOException {
        String pom = read("pom.xml");
        assertThat(pom).contains("<outputFile>${project.build.directory}/comention-job.jar</outputFile>");
        assertThat(pom).contains("<mainClass>" + ComentionJob.class.getName() + "</mainClass>");

        String dockerfile = read("deploy/Dockerfile");
        String flinkMinor = EnvironmentInformation.getVersion().replaceAll("^(\\d+\\.\\d+).*", "$1");
        assertThat(dockerfile).containsPattern("(?m)^FROM flink:" + Pattern.quote(flinkMinor) + "-java17$");
        assertThat(dockerfile).containsPattern("(?m)^COPY .*target/comention-job\\.jar " + Pattern.quote(JAR_IN_IMAGE) + "$");
        assertThat(dockerfile).containsPattern("(?m)^COPY .*deploy/compose/comention\\.yaml config/rules\\.yaml "
                + Pattern.quote(CONFIG_IN_IMAGE.substring(0, CONFIG_IN_IMAGE.lastIndexOf('/') + 1)) + "$");
    }

    @Test
    void composeRunsTheJobInApplicationModeWithItsConfiguration() throws Exception {
        JsonNode services = YAML.readTree(read("docker-compose.yml")).path("services");
        assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");

        JsonNode jm = services.path("jobmanager");
        assertThat(jm.path("build").path("dockerfile").asText()).isEqualTo("deploy/Dockerfile");
        assertThat(services.path("taskmanager").path("image").asText()).isEqualTo(jm.path("image").asText());
        assertThat(texts(jm.path("ports"))).contains("8081:8081");

        // the image's entry point runs standalone-job.sh, which puts --configDir before the command's arguments
        List<String> command = new ArrayList<>(List.of(jm.path("command").asText().split("\\s+")));
        assertThat(command.remove(0)).isEqualTo("standalone-job");
        command.addAll(0, List.of("--configDir", "/opt/flink/conf"));
        ClusterConfiguration parsed = new CommandLineParser<>(new StandaloneApplicationClusterConfigurationParserFactory())
                .parse(command.toArray(String[]::new));
        Method jobClassName = parsed.getClass().getDeclaredMethod("getJobClassName");
        jobClassName.setAccessible(true);
        assertThat(jobClassName.invoke(parsed)).isEqualTo(ComentionJob.class.getName());
        assertThat(parsed.getConfigDir()).isEqualTo("/opt/flink/conf");
        assertThat(parsed.getArgs()).containsExactly("--config", CONFIG_IN_IMAGE);

        // the configuration baked into the image: valid, and pointing at the compose broker and topics
        ComentionConfig config = loadWithRules("deploy/compose/comention.yaml");
        String internalListener = services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText()
                .replaceAll(".*PLAINTEXT://([^,]+).*", "$1");
        assertThat(config.kafka().bootstrapServers()).isEqualTo(internalListener);
        assertThat(config.topics()).isEqualTo(topics);

        String topicScript = services.path("topics").path("command").path(0).asText();
        assertThat(createdTopics(topicScript)).containsOnlyKeys(topics.all());
        assertThat(createdTopics(topicScript).get(topics.counts())).contains("cleanup.policy=compact");
        assertThat(topicScript).contains("--bootstrap-server " + internalListener);

        for (String flink : List.of("jobmanager", "taskmanager")) {
            Properties props = new Properties();
            props.load(new java.io.StringReader(services.path(flink).path("environment").path("FLINK_PROPERTIES").asText()));
            assertThat(props.getProperty("metrics.reporter.prom.factory.class")).isEqualTo(PROMETHEUS_FACTORY);
            assertThat(read("deploy/prometheus/prometheus.yml")).contains(flink + ":" + props.getProperty("metrics.reporter.prom.port"));
            assertThat(props.getProperty("state.backend.type")).isEqualTo("rocksdb");
            assertThat(props.getProperty("execution.checkpointing.savepoint-dir")).isNotBlank();
        }

        JsonNode feed = services.path("feed");
        String mounted = texts(feed.path("volumes")).get(0).split(":")[0];
        assertThat(ROOT.resolve(mounted)).isRegularFile();
        assertThat(feed.path("command").path(0).asText()).contains("--topic " + topics.raw());
    }

    @Test
    void kubernetesDeploymentUpgradesWithSavepointsAndReadsItsConfigFromTheConfigMap() throws Exception {
        JsonNode deployment = YAML.readTree(read("deploy/k8s/flink-deployment.yaml"));
        assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
        JsonNode spec = deployment.path("spec");
        String flinkMinor = EnvironmentInformation.getVersion().replaceAll("^(\\d+)\\.(\\d+).*", "v$1_$2");
        assertThat(spec.path("flinkVersion").asText()).isEqualTo(flinkMinor);

        JsonNode job = spec.path("job");
        assertThat(job.path("jarURI").asText()).isEqualTo("local://" + JAR_IN_IMAGE);
        assertThat(job.path("entryClass").asText()).isEqualTo(ComentionJob.class.getName());
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(texts(job.path("args"))).containsExactly("--config", CONFIG_IN_IMAGE);

        JsonNode conf = spec.path("flinkConfiguration");
        assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(conf.path("high-availability.storageDir").asText()).isNotBlank();
        assertThat(conf.path("state.backend.type").asText()).isEqualTo("rocksdb");
        assertThat(conf.path("execution.checkpointing.incremental").asText()).isEqualTo("true");
        assertThat(conf.path("execution.checkpointing.dir").asText()).isNotBlank();
        assertThat(conf.path("execution.checkpointing.savepoint-dir").asText()).isNotBlank();
        assertThat(conf.path("metrics.reporter.prom.factory.class").asText()).isEqualTo(PROMETHEUS_FACTORY);

        // the ConfigMap is mounted where --config points, and holds a valid configuration
        JsonNode container = spec.path("podTemplate").path("spec").path("containers").path(0);
        assertThat(container.path("name").asText()).isEqualTo("flink-main-container");
        String mountPath = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals("comention-config")) {
                mountPath = m.path("mountPath").asText();
            }
        }
        assertThat(mountPath + "/comention.yaml").isEqualTo(CONFIG_IN_IMAGE);
        JsonNode configMap = YAML.readTree(read("deploy/k8s/configmap.yaml"));
        Files.writeString(tmp.resolve("comention.yaml"), configMap.path("data").path("comention.yaml").asText());
        Files.writeString(tmp.resolve("rules.yaml"), configMap.path("data").path("rules.yaml").asText());
        ComentionConfig config = ComentionConfig.load(tmp.resolve("comention.yaml"));
        assertThat(config.topics()).isEqualTo(topics);
        assertThat(config.job().parallelism()).isEqualTo(job.path("parallelism").asInt());
        assertThat(config.rules()).isNotEmpty();

        // Kafka credentials come from the Secret, through the environment the config refers to
        JsonNode secret = YAML.readTree(read("deploy/k8s/secret.example.yaml"));
        for (JsonNode env : container.path("env")) {
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            assertThat(ref.path("name").asText()).isEqualTo(secret.path("metadata").path("name").asText());
            assertThat(secret.path("stringData").has(ref.path("key").asText())).isTrue();
            assertThat(config.kafka().properties().get("sasl.jaas.config")).contains("${env:" + env.path("name").asText() + "}");
        }
        assertThat(config.kafka().clientProperties().getProperty("config.providers")).isEqualTo("env,file");
    }

    @Test
    void topicDefinitionsNameEveryTopicAndCompactTheCounts() throws IOException {
        Map<String, JsonNode> strimzi = new HashMap<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(read("deploy/k8s/topics.yaml"))) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                strimzi.put(doc.path("metadata").path("name").asText(), doc.path("spec"));
            }
        }
        assertThat(strimzi).containsOnlyKeys(topics.all());
        assertThat(strimzi.get(topics.counts()).path("config").path("cleanup.policy").asText()).isEqualTo("compact");
        assertThat(strimzi.get(topics.raw()).path("config").path("retention.ms").asLong()).isPositive();
        assertThat(strimzi.get(topics.raw()).path("partitions").asInt()).isPositive();

        Map<String, String> script = createdTopics(read("deploy/topics.sh"));
        assertThat(script).containsOnlyKeys(topics.all());
        assertThat(script.get(topics.counts())).contains("cleanup.policy=compact");
        assertThat(script.get(topics.raw())).contains("retention.ms");
    }

    /** topic name → the rest of its create line, from a script that runs {@code create --topic NAME …}. */
    private static Map<String, String> createdTopics(String script) {
        Map<String, String> created = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*create --topic (\\S+)(.*)$").matcher(script);
        while (m.find()) {
            created.put(m.group(1), m.group(2));
        }
        return created;
    }

    /** Loads a comention.yaml copied next to config/rules.yaml, as the image lays them out. */
    private ComentionConfig loadWithRules(String configPath) throws IOException {
        Files.copy(ROOT.resolve(configPath), tmp.resolve("comention.yaml"));
        Files.copy(ROOT.resolve("config/rules.yaml"), tmp.resolve("rules.yaml"));
        return ComentionConfig.load(tmp.resolve("comention.yaml"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }
}
