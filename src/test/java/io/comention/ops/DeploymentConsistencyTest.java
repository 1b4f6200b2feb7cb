package io.comention.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.comention.cli.ComentionCli;
import io.comention.config.ComentionConfig;
import io.comention.pipeline.ComentionJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * No Docker engine or Kubernetes runs here, so this reads docker-compose.yml, deploy/Dockerfile,
 * .dockerignore, deploy/topics.sh and deploy/k8s/ and checks them against the code, the build and the
 * platforms' own definitions where those are on the classpath: Flink 2.2's option definitions and memory
 * calculation, Strimzi's API model ({@code io.strimzi:api}) for the KafkaTopic and KafkaUser resources,
 * the Kubernetes model it brings (fabric8) for the pod template. The Flink Kubernetes Operator's
 * validator could not be used: no version of {@code org.apache.flink:flink-kubernetes-operator} is served
 * by the package registry this project builds from, so the rules of its {@code DefaultValidator} that
 * concern this manifest are asserted here instead (docs/operations.md says so).
 */
class DeploymentConsistencyTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String JAR_IN_IMAGE = "/opt/flink/usrlib/comention-job.jar";
    private static final String CONFIG_IN_K8S = "/opt/comention/config/comention.yaml";
    private static final String PROMETHEUS_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    private static final String FLINK_VERSION = EnvironmentInformation.getVersion();

    @TempDir
    Path tmp;

    private final ComentionConfig.Topics topics = ComentionConfig.bundled().topics();

    // ---- the image

    @Test
    void imageIsPinnedCarriesTheJarAndTheS3PluginAndItsContextIsOnlyTheJar() throws IOException {
        String pom = read("pom.xml");
        assertThat(pom).contains("<outputFile>${project.build.directory}/comention-job.jar</outputFile>");
        assertThat(pom).contains("<mainClass>" + ComentionJob.class.getName() + "</mainClass>");

        String dockerfile = read("deploy/Dockerfile");
        // the exact Flink release the job is built against, its Scala build and Java 17: no moving tag
        assertThat(instructions(dockerfile, "FROM")).containsExactly("flink:" + FLINK_VERSION + "-scala_2.12-java17");
        assertThat(instructions(dockerfile, "COPY"))
                .contains("--chown=flink:flink target/comention-job.jar " + JAR_IN_IMAGE);
        // the object-store filesystem the manifests' s3:// directories need, moved from opt/ into plugins/
        assertThat(dockerfile)
                .containsPattern("cp /opt/flink/opt/flink-s3-fs-hadoop-" + Pattern.quote(FLINK_VERSION)
                        + "\\.jar /opt/flink/plugins/[a-z0-9-]+/");
        assertThat(dockerfile).contains("mkdir -p /opt/flink/state /opt/flink/rocksdb");

        // .dockerignore lets in what COPY reads and keeps the rest of the work tree out
        List<String> ignore = read(".dockerignore")
                .lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        for (String copy : instructions(dockerfile, "COPY")) {
            String[] parts = copy.replaceAll("--\\S+\\s+", "").split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                assertThat(dockerIgnores(ignore, parts[i]))
                        .as("COPY source %s left out of the build context", parts[i])
                        .isFalse();
            }
        }
        for (String kept : List.of(
                ".git/config",
                "target/classes/io/comention/cli/ComentionCli.class",
                "target/tmp/x",
                "logs/comention.log",
                ".comention/cluster/conf/config.yaml",
                "src/main/java/io/comention/pipeline/ComentionJob.java",
                "target/launcher.classpath",
                "docs/dashboard.png")) {
            assertThat(dockerIgnores(ignore, kept))
                    .as("%s in the build context", kept)
                    .isTrue();
        }
        // the negative control: a rule set without the exception would leave the jar out
        assertThat(dockerIgnores(List.of("*"), "target/comention-job.jar")).isTrue();
    }

    // ---- docker compose

    @Test
    void composeRunsASessionClusterWithHighAvailabilityThatTheCliCanUpgrade() throws Exception {
        JsonNode services = YAML.readTree(read("docker-compose.yml")).path("services");
        assertThat(services.path("kafka").path("image").asText())
                .isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat(services.path("kafka")
                        .path("environment")
                        .path("KAFKA_PROCESS_ROLES")
                        .asText())
                .isEqualTo("broker,controller");

        JsonNode jm = services.path("jobmanager");
        JsonNode tm = services.path("taskmanager");
        assertThat(jm.path("build").path("dockerfile").asText()).isEqualTo("deploy/Dockerfile");
        assertThat(tm.path("build").path("dockerfile").asText()).isEqualTo("deploy/Dockerfile");
        assertThat(tm.path("image").asText())
                .isEqualTo(jm.path("image").asText())
                .isEqualTo("comention:" + releaseVersion());
        assertThat(jm.path("pull_policy").asText())
                .isEqualTo(tm.path("pull_policy").asText())
                .isEqualTo("build");
        // a session cluster: REST jar upload and stop-with-savepoint leave it running (bin/comention upgrade)
        assertThat(jm.path("command").asText()).isEqualTo("jobmanager");
        assertThat(tm.path("command").asText()).isEqualTo("taskmanager");
        assertThat(jm.path("restart").asText()).isEqualTo("unless-stopped");

        Properties jmProps = flinkProperties(jm);
        assertThat(flinkProperties(tm))
                .as("TaskManager and JobManager share one configuration")
                .isEqualTo(jmProps);
        assertThat(FlinkOptionCheck.problems(toMap(jmProps))).isEmpty();
        assertThat(jmProps.getProperty("metrics.reporter.prom.factory.class")).isEqualTo(PROMETHEUS_FACTORY);
        for (String flink : List.of("jobmanager", "taskmanager")) {
            assertThat(read("deploy/prometheus/prometheus.yml"))
                    .contains(flink + ":" + jmProps.getProperty("metrics.reporter.prom.port"));
        }
        assertThat(jmProps.getProperty("state.backend.type")).isEqualTo("rocksdb");

        // high availability: ZooKeeper (a service here) plus a storage directory both JVMs share
        assertThat(jmProps.getProperty("high-availability.type")).isEqualTo("zookeeper");
        String quorum = jmProps.getProperty("high-availability.zookeeper.quorum");
        assertThat(services.has(quorum.split(":")[0]))
                .as("ZooKeeper service %s", quorum)
                .isTrue();
        assertThat(services.path(quorum.split(":")[0]).path("image").asText()).startsWith("zookeeper:3.8.");
        assertThat(dependsOn(jm)).contains(quorum.split(":")[0]);
        Map<String, String> jmVolumes = volumes(jm);
        Map<String, String> tmVolumes = volumes(tm);
        for (String dir : List.of(
                "high-availability.storageDir",
                "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir")) {
            String path = jmProps.getProperty(dir).replaceFirst("^file://", "");
            assertThat(volumeHolding(jmVolumes, path))
                    .as("%s on a named volume of the JobManager", dir)
                    .isNotNull()
                    .isEqualTo(volumeHolding(tmVolumes, path));
            assertThat(read("docker-compose.yml")).containsPattern("(?m)^  " + volumeHolding(jmVolumes, path) + ":$");
        }
        // RocksDB's working directory is a volume of the TaskManager's, not its container's own layer
        assertThat(tmVolumes).containsKey(jmProps.getProperty("state.backend.rocksdb.localdir"));

        // the job's configuration: read by the CLI on the host and by the JobManager at the same path
        ComentionConfig config = ComentionConfig.load(ROOT.resolve("deploy/compose/comention.yaml"));
        assertThat(config.job().parallelism())
                .as("job.parallelism unset: the cluster's default decides")
                .isZero();
        assertThat(config.topics()).isEqualTo(topics);
        String internalListener = services.path("kafka")
                .path("environment")
                .path("KAFKA_ADVERTISED_LISTENERS")
                .asText()
                .replaceAll(".*PLAINTEXT://([^,]+).*", "$1");
        assertThat(config.kafka().bootstrapServers()).isEqualTo(internalListener);
        Path rules = ROOT.resolve("deploy/compose")
                .resolve(ComentionConfigFile.rulesFile(read("deploy/compose/comention.yaml")))
                .normalize();
        for (Path needed : List.of(ROOT.resolve("deploy/compose/comention.yaml"), rules)) {
            assertThat(needed).isRegularFile();
            assertThat(jmVolumes.entrySet())
                    .as("%s mounted into the JobManager at its host path", needed)
                    .anyMatch(v -> needed.startsWith(ROOT.resolve(v.getValue()).normalize())
                            && v.getKey()
                                    .equals("${PWD}/"
                                            + ROOT.relativize(
                                                    ROOT.resolve(v.getValue()).normalize())));
        }

        String topicScript = services.path("topics").path("command").path(0).asText();
        assertThat(createdTopics(topicScript)).containsOnlyKeys(topics.all());
        assertThat(createdTopics(topicScript).get(topics.counts())).contains("cleanup.policy=compact");
        assertThat(topicScript).contains("--bootstrap-server " + internalListener);

        JsonNode feed = services.path("feed");
        String mounted = texts(feed.path("volumes")).get(0).split(":")[0];
        assertThat(ROOT.resolve(mounted)).isRegularFile();
        assertThat(feed.path("command").path(0).asText()).contains("--topic " + topics.raw());
    }

    @Test
    void composeHostPortsLeaveTheDemoAndTheSandboxTheirDefaultsAndTheDocsNameThem() throws Exception {
        JsonNode services = YAML.readTree(read("docker-compose.yml")).path("services");
        Map<Integer, Integer> published = new TreeMap<>(); // host → container
        services.forEach(s -> texts(s.path("ports")).forEach(p -> {
            String[] hc = p.split(":");
            published.put(Integer.parseInt(hc[hc.length - 2]), Integer.parseInt(hc[hc.length - 1]));
        }));
        CommandLine cli = new CommandLine(new ComentionCli());
        Set<Integer> cliDefaults = new TreeSet<>();
        cliDefaults.add(defaultPort(cli, "demo", "--kafka-port"));
        cliDefaults.add(defaultPort(cli, "demo", "--dashboard-port"));
        cliDefaults.add(defaultPort(cli, "dashboard", "--port"));
        cliDefaults.add(defaultPort(cli, "kafka", "--port"));
        cliDefaults.add(defaultPort(cli.getSubcommands().get("cluster"), "start", "--rest-port"));
        assertThat(cliDefaults).contains(9092, 8080, 8081);
        assertThat(published.keySet()).doesNotContainAnyElementsOf(cliDefaults);

        // the broker tells host clients the published port; the web UI is the JobManager's 8081
        JsonNode kafka = services.path("kafka").path("environment");
        Matcher external = Pattern.compile("EXTERNAL://localhost:(\\d+)")
                .matcher(kafka.path("KAFKA_ADVERTISED_LISTENERS").asText());
        assertThat(external.find()).isTrue();
        int kafkaHostPort = Integer.parseInt(external.group(1));
        assertThat(kafka.path("KAFKA_LISTENERS").asText()).contains("EXTERNAL://:" + published.get(kafkaHostPort));
        int flinkHostPort = published.entrySet().stream()
                .filter(e -> e.getValue() == 8081)
                .findFirst()
                .orElseThrow()
                .getKey();
        assertThat(texts(services.path("jobmanager").path("ports"))).containsExactly(flinkHostPort + ":8081");

        for (String doc : List.of("README.md", "docs/operations.md", "docker-compose.yml")) {
            assertThat(read(doc))
                    .as(doc)
                    .contains(
                            "localhost:" + kafkaHostPort,
                            "http://localhost:" + flinkHostPort,
                            "--config deploy/compose/comention.yaml");
        }
    }

    // ---- Kubernetes

    @Test
    void flinkDeploymentPassesTheOperatorsRulesAndFlinksOwnChecks() throws Exception {
        JsonNode deployment = YAML.readTree(read("deploy/k8s/flink-deployment.yaml"));
        assertThat(deployment.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
        // DefaultValidator: lower-case alphanumerics and '-', a letter first, 45 characters at most
        assertThat(deployment.path("metadata").path("name").asText()).matches("[a-z]([-a-z0-9]{0,43}[a-z0-9])?");
        JsonNode spec = deployment.path("spec");
        assertThat(spec.path("flinkVersion").asText())
                .isEqualTo(FLINK_VERSION.replaceAll("^(\\d+)\\.(\\d+).*", "v$1_$2"));

        JsonNode job = spec.path("job");
        assertThat(job.path("jarURI").asText()).isEqualTo("local://" + JAR_IN_IMAGE);
        assertThat(job.path("entryClass").asText()).isEqualTo(ComentionJob.class.getName());
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");
        assertThat(job.path("parallelism").asInt()).isPositive();
        // rescaling: the job takes spec.job.parallelism (the operator's parallelism.default); nothing pins it
        assertThat(texts(job.path("args"))).containsExactly("--config", CONFIG_IN_K8S);

        Map<String, String> conf = new LinkedHashMap<>();
        spec.path("flinkConfiguration")
                .fields()
                .forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        assertThat(FlinkOptionCheck.problems(conf)).isEmpty();
        // DefaultValidator: the operator sets these itself, and savepoint upgrades need both directories
        assertThat(conf)
                .doesNotContainKeys("kubernetes.namespace", "kubernetes.cluster-id", "high-availability.cluster-id");
        assertThat(conf.get("execution.checkpointing.dir")).isNotBlank();
        assertThat(conf.get("execution.checkpointing.savepoint-dir")).isNotBlank();
        assertThat(spec.path("jobManager").path("replicas").asInt()).isEqualTo(1);
        assertThat(conf)
                .containsEntry("high-availability.type", "kubernetes")
                .containsKey("high-availability.storageDir");
        assertThat(conf)
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true");
        assertThat(conf.get("metrics.reporter.prom.factory.class")).isEqualTo(PROMETHEUS_FACTORY);

        // the operator turns resource.memory into the process sizes: Flink must be able to divide them
        Configuration tm = Configuration.fromMap(conf);
        tm.set(
                TaskManagerOptions.TOTAL_PROCESS_MEMORY,
                MemorySize.parse(
                        spec.path("taskManager").path("resource").path("memory").asText()));
        assertThat(TaskExecutorProcessUtils.processSpecFromConfig(tm)
                        .getManagedMemorySize()
                        .getMebiBytes())
                .isPositive();
        Configuration jmConf = Configuration.fromMap(conf);
        jmConf.set(
                JobManagerOptions.TOTAL_PROCESS_MEMORY,
                MemorySize.parse(
                        spec.path("jobManager").path("resource").path("memory").asText()));
        assertThat(JobManagerProcessUtils.processSpecFromConfig(jmConf)
                        .getJvmHeapMemorySize()
                        .getMebiBytes())
                .isGreaterThan(512);

        // the pod template is a valid Pod of the Kubernetes API, without a misspelt field anywhere
        Pod pod = YAML.treeToValue(spec.path("podTemplate"), Pod.class);
        assertThat(unknownProperties(pod, "podTemplate")).isEmpty();
        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getName()).isEqualTo("flink-main-container");
        Map<String, String> mounts = new HashMap<>();
        container.getVolumeMounts().forEach(m -> mounts.put(m.getName(), m.getMountPath()));
        Set<String> volumes = new HashSet<>();
        pod.getSpec().getVolumes().forEach(v -> volumes.add(v.getName()));
        assertThat(volumes).containsAll(mounts.keySet());
        // RocksDB works on a pod volume, not in the container's own layer
        String rocksdb = conf.get("state.backend.rocksdb.localdir");
        String rocksdbVolume = mounts.entrySet().stream()
                .filter(e -> e.getValue().equals(rocksdb))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted at " + rocksdb));
        assertThat(pod.getSpec().getVolumes().stream()
                        .filter(v -> v.getName().equals(rocksdbVolume))
                        .findFirst()
                        .orElseThrow()
                        .getEmptyDir())
                .isNotNull();
        assertThat(read("deploy/Dockerfile")).contains(rocksdb);

        // every s3:// directory has the image's S3 plugin and credentials from a Secret the template defines
        Map<String, JsonNode> secrets = secretsByName();
        assertThat(conf.values().stream().filter(v -> v.startsWith("s3://"))).hasSize(3);
        assertThat(read("deploy/Dockerfile")).contains("flink-s3-fs-hadoop-");
        Map<String, String> envFromSecret = new HashMap<>();
        container.getEnv().forEach(e -> {
            var ref = e.getValueFrom().getSecretKeyRef();
            assertThat(secrets)
                    .as("Secret %s of %s", ref.getName(), e.getName())
                    .containsKey(ref.getName());
            assertThat(secrets.get(ref.getName()).path("stringData").has(ref.getKey()))
                    .as("key %s of %s", ref.getKey(), ref.getName())
                    .isTrue();
            envFromSecret.put(e.getName(), ref.getName());
        });
        assertThat(envFromSecret)
                .containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "KAFKA_USERNAME", "KAFKA_PASSWORD");

        // the image: the name docs/operations.md builds and pushes, tagged with the project's version
        String image = spec.path("image").asText();
        assertThat(image).isEqualTo("registry.example.com/comention:" + releaseVersion());
        assertThat(read("docs/operations.md"))
                .contains("docker build -f deploy/Dockerfile -t " + image + " .", "docker push " + image);
        assertThat(read("deploy/Dockerfile")).contains("-t " + image + " .");

        // the ConfigMap is mounted where --config points, and holds a valid configuration without a parallelism
        assertThat(mounts.get("comention-config") + "/comention.yaml").isEqualTo(CONFIG_IN_K8S);
        ComentionConfig config = configMapConfig();
        assertThat(config.topics()).isEqualTo(topics);
        assertThat(config.job().parallelism())
                .as("job.parallelism must stay unset so spec.job.parallelism rescales")
                .isZero();
        assertThat(config.rules()).isNotEmpty();
        for (String var : List.of("KAFKA_USERNAME", "KAFKA_PASSWORD")) {
            assertThat(config.kafka().properties().get("sasl.jaas.config")).contains("${env:" + var + "}");
        }
        assertThat(config.kafka().clientProperties().getProperty("config.providers"))
                .isEqualTo("env,file");

        JsonNode kustomization = YAML.readTree(read("deploy/k8s/kustomization.yaml"));
        assertThat(texts(kustomization.path("resources")))
                .containsExactlyInAnyOrder("configmap.yaml", "flink-deployment.yaml");
    }

    @Test
    void strimziResourcesUseTheCurrentApiInTheKafkaNamespaceAndTheBootstrapServiceFollowsTheirNames() throws Exception {
        JsonNode kustomization = YAML.readTree(read("deploy/k8s/kafka/kustomization.yaml"));
        String namespace = kustomization.path("namespace").asText();
        assertThat(texts(kustomization.path("resources"))).containsExactlyInAnyOrder("topics.yaml", "kafka-user.yaml");

        // readAll compares each file's apiVersion and kind with the model's: the current one is v1
        assertThat(HasMetadata.getApiVersion(KafkaTopic.class)).isEqualTo("kafka.strimzi.io/v1");
        List<KafkaTopic> strimzi = readAll("deploy/k8s/kafka/topics.yaml", KafkaTopic.class);
        Set<String> clusters = new HashSet<>();
        for (KafkaTopic t : strimzi) {
            assertThat(t.getMetadata().getNamespace()).isEqualTo(namespace);
            assertThat(unknownProperties(t, t.getMetadata().getName())).isEmpty();
            clusters.add(t.getMetadata().getLabels().get("strimzi.io/cluster"));
        }
        assertThat(clusters).hasSize(1);
        String cluster = clusters.iterator().next();
        assertThat(strimzi)
                .extracting(t -> t.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(topics.all());

        // the job reaches the cluster through Strimzi's <cluster>-kafka-bootstrap service in that namespace
        ComentionConfig config = configMapConfig();
        assertThat(config.kafka().bootstrapServers())
                .isEqualTo(cluster + "-kafka-bootstrap." + namespace + ".svc:9093");

        // the same partitions and configs as deploy/topics.sh with its defaults
        Map<String, Map<String, String>> script = runTopicsScript(null);
        for (KafkaTopic t : strimzi) {
            Map<String, String> expected = new TreeMap<>();
            expected.put("partitions", t.getSpec().getPartitions().toString());
            expected.put("replication-factor", t.getSpec().getReplicas().toString());
            t.getSpec().getConfig().forEach((k, v) -> expected.put(k, String.valueOf(v)));
            assertThat(script.get(t.getMetadata().getName()))
                    .as(t.getMetadata().getName())
                    .isEqualTo(expected);
        }

        // the job's user: SCRAM, and ACLs for exactly what it reads, writes and its transactional ids
        KafkaUser user =
                readAll("deploy/k8s/kafka/kafka-user.yaml", KafkaUser.class).get(0);
        assertThat(user.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
        assertThat(unknownProperties(user, "KafkaUser")).isEmpty();
        assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
        assertThat(config.kafka().properties()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(YAML.readTree(read("deploy/k8s/secret.example.yaml"))
                        .path("stringData")
                        .path("username")
                        .asText())
                .isEqualTo(user.getMetadata().getName());
        Map<String, Set<String>> acls = new TreeMap<>();
        for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
            assertThat(rule.getOperation()).as("v1 lists operations").isNull();
            String resource;
            if (rule.getResource() instanceof AclRuleTopicResource r) {
                resource = "topic " + r.getName() + " " + r.getPatternType();
            } else if (rule.getResource() instanceof AclRuleGroupResource r) {
                resource = "group " + r.getName() + " " + r.getPatternType();
            } else if (rule.getResource() instanceof AclRuleTransactionalIdResource r) {
                resource = "transactionalId " + r.getName() + " " + r.getPatternType();
            } else {
                throw new AssertionError("unexpected ACL resource " + rule.getResource());
            }
            rule.getOperations()
                    .forEach(o ->
                            acls.computeIfAbsent(resource, k -> new TreeSet<>()).add(o.toValue()));
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        String literal = " " + AclResourcePatternType.LITERAL;
        for (String in : List.of(config.topics().raw(), config.topics().control())) {
            expected.put("topic " + in + literal, Set.of(AclOperation.READ.toValue(), AclOperation.DESCRIBE.toValue()));
        }
        for (String out : List.of(
                config.topics().tagged(),
                config.topics().counts(),
                config.topics().alerts(),
                config.topics().deadletter())) {
            expected.put(
                    "topic " + out + literal, Set.of(AclOperation.WRITE.toValue(), AclOperation.DESCRIBE.toValue()));
        }
        expected.put(
                "group " + config.kafka().groupId() + literal,
                Set.of(AclOperation.READ.toValue(), AclOperation.DESCRIBE.toValue()));
        // KafkaConnectors.exactlyOnceSink: transactional id prefix job.name + "-" + the output's name
        expected.put(
                "transactionalId " + config.job().name() + "- " + AclResourcePatternType.PREFIX,
                Set.of(AclOperation.WRITE.toValue(), AclOperation.DESCRIBE.toValue()));
        assertThat(acls).isEqualTo(expected);
    }

    @Test
    void topicsScriptAuthenticatesWithAClientPropertiesFile() throws Exception {
        Path props = Files.writeString(tmp.resolve("client.properties"), "security.protocol=SASL_SSL\n");
        Map<String, Map<String, String>> created = runTopicsScript(props);
        assertThat(created).containsOnlyKeys(topics.all());
        assertThat(created.get(topics.counts())).containsEntry("cleanup.policy", "compact");
        assertThat(created.get(topics.raw()))
                .containsEntry("min.insync.replicas", "2")
                .containsKey("retention.ms");
        List<String> calls = Files.readAllLines(tmp.resolve("calls"));
        assertThat(calls)
                .hasSize(topics.all().size())
                .allSatisfy(c -> assertThat(c).contains(" --command-config " + props + " "));

        ProcessBuilder missing = new ProcessBuilder(
                        "bash",
                        ROOT.resolve("deploy/topics.sh").toString(),
                        "localhost:1",
                        "8",
                        "3",
                        tmp.resolve("nope.properties").toString())
                .redirectErrorStream(true);
        missing.environment().put("KAFKA_TOPICS", tmp.resolve("kafka-topics.sh").toString());
        Process p = missing.start();
        assertThat(new String(p.getInputStream().readAllBytes())).contains("cannot read client properties file");
        assertThat(p.waitFor()).isEqualTo(2);
    }

    @Test
    void modelCheckFindsAMisspeltField() throws Exception {
        Pod pod = YAML.readValue("spec:\n  containers:\n    - name: c\n      volumeMount: []\n", Pod.class);
        assertThat(unknownProperties(pod, "pod")).containsExactly("pod.spec.containers[0]: [volumeMount]");
        assertThat(FlinkOptionCheck.problems(Map.of(
                        "state.backend.typo",
                        "x",
                        "parallelism.default",
                        "two",
                        "state.checkpoints.dir",
                        "file:///x",
                        "s3.endpoint",
                        "http://minio:9000")))
                .hasSize(3)
                .anyMatch(p -> p.startsWith("state.checkpoints.dir: deprecated name of execution.checkpointing.dir"));
    }

    // ---- helpers

    /** Runs deploy/topics.sh with its defaults against a stand-in kafka-topics.sh; topic → settings. */
    private Map<String, Map<String, String>> runTopicsScript(Path clientProperties) throws Exception {
        Path fake = tmp.resolve("kafka-topics.sh");
        Files.writeString(fake, "#!/usr/bin/env bash\necho \" $* \" >> " + tmp.resolve("calls") + "\n");
        fake.toFile().setExecutable(true);
        Files.deleteIfExists(tmp.resolve("calls"));
        List<String> cmd =
                new ArrayList<>(List.of("bash", ROOT.resolve("deploy/topics.sh").toString(), "broker:9093"));
        if (clientProperties != null) {
            cmd.addAll(List.of("8", "3", clientProperties.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("KAFKA_TOPICS", fake.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        Map<String, Map<String, String>> created = new TreeMap<>();
        for (String call : Files.readAllLines(tmp.resolve("calls"))) {
            assertThat(call).contains(" --bootstrap-server broker:9093 ", " --create ", " --if-not-exists ");
            Map<String, String> settings = new TreeMap<>();
            Matcher m = Pattern.compile("--(partitions|replication-factor|config) (\\S+)")
                    .matcher(call);
            while (m.find()) {
                if (m.group(1).equals("config")) {
                    settings.put(m.group(2).split("=")[0], m.group(2).split("=", 2)[1]);
                } else {
                    settings.put(m.group(1), m.group(2));
                }
            }
            Matcher topic = Pattern.compile("--topic (\\S+)").matcher(call);
            assertThat(topic.find()).isTrue();
            created.put(topic.group(1), settings);
        }
        return created;
    }

    /**
     * Paths where a model object holds fields its class does not define: Kubernetes (fabric8) and Strimzi
     * models keep them in {@code additionalProperties} instead of failing.
     */
    static List<String> unknownProperties(Object o, String path) {
        List<String> out = new ArrayList<>();
        if (o == null || path.length() > 400) {
            return out;
        }
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                out.addAll(unknownProperties(list.get(i), path + "[" + i + "]"));
            }
            return out;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.addAll(unknownProperties(v, path + "." + k)));
            return out;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return out;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class
                    || m.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String name = m.getName().substring(3, 4).toLowerCase(Locale.ROOT)
                    + m.getName().substring(4);
            if (name.equals("additionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": "
                            + new TreeSet<>(
                                    extra.keySet().stream().map(String::valueOf).toList()));
                }
            } else {
                out.addAll(unknownProperties(value, path + "." + name));
            }
        }
        return out;
    }

    /**
     * Whether docker's .dockerignore rules leave {@code path} out of the build context: the last rule
     * matching the path or one of its parent directories decides; {@code !} rules let a path back in.
     */
    static boolean dockerIgnores(List<String> rules, String path) {
        boolean ignored = false;
        for (String rule : rules) {
            boolean exception = rule.startsWith("!");
            String pattern = exception ? rule.substring(1) : rule;
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replaceFirst("^/", ""));
            Path p = Path.of(path);
            boolean matches = false;
            for (Path prefix = p; prefix != null && !matches; prefix = prefix.getParent()) {
                matches = matcher.matches(prefix);
            }
            if (matches) {
                ignored = !exception;
            }
        }
        return ignored;
    }

    /** The project's version without -SNAPSHOT: the image tag. */
    private static String releaseVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>comention</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read("pom.xml"));
        assertThat(m.find()).isTrue();
        return m.group(1).replace("-SNAPSHOT", "");
    }

    private static int defaultPort(CommandLine parent, String command, String option) {
        return Integer.parseInt(parent.getSubcommands()
                .get(command)
                .getCommandSpec()
                .findOption(option)
                .defaultValue());
    }

    private static List<String> instructions(String dockerfile, String instruction) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + instruction + "\\s+(.+)$").matcher(dockerfile);
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    private static Properties flinkProperties(JsonNode service) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(
                service.path("environment").path("FLINK_PROPERTIES").asText()));
        return props;
    }

    private static Map<String, String> toMap(Properties props) {
        Map<String, String> map = new TreeMap<>();
        props.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }

    private static List<String> dependsOn(JsonNode service) {
        List<String> out = new ArrayList<>();
        service.path("depends_on").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Container path → source (a named volume, a host path, or "" for an anonymous volume). */
    private static Map<String, String> volumes(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : texts(service.path("volumes"))) {
            String[] parts = v.replace("${PWD}", "\u0000").split(":");
            if (parts.length == 1) {
                out.put(parts[0].replace("\u0000", "${PWD}"), "");
            } else {
                out.put(parts[1].replace("\u0000", "${PWD}"), parts[0].replace("\u0000", "${PWD}"));
            }
        }
        return out;
    }

    /** The named volume mounted at a directory holding {@code path}, or null. */
    private static String volumeHolding(Map<String, String> volumes, String path) {
        return volumes.entrySet().stream()
                .filter(e ->
                        !e.getValue().isEmpty() && !e.getValue().startsWith(".") && path.startsWith(e.getKey() + "/"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private Map<String, JsonNode> secretsByName() throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(read("deploy/k8s/secret.example.yaml"))) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                assertThat(doc.path("kind").asText()).isEqualTo("Secret");
                out.put(doc.path("metadata").path("name").asText(), doc);
            }
        }
        return out;
    }

    private ComentionConfig configMapConfig() throws IOException {
        JsonNode configMap = YAML.readTree(read("deploy/k8s/configmap.yaml"));
        Path dir = Files.createDirectories(tmp.resolve("configmap"));
        Files.writeString(
                dir.resolve("comention.yaml"),
                configMap.path("data").path("comention.yaml").asText());
        Files.writeString(
                dir.resolve("rules.yaml"),
                configMap.path("data").path("rules.yaml").asText());
        return ComentionConfig.load(dir.resolve("comention.yaml"));
    }

    /**
     * The documents of {@code path} as the model class {@code type}. The model reports its own
     * apiVersion and kind whatever the file says, so those are compared with the file's here.
     */
    private static <T extends HasMetadata> List<T> readAll(String path, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(read(path))) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                String name = doc.path("metadata").path("name").asText();
                assertThat(doc.path("apiVersion").asText())
                        .as("apiVersion of %s", name)
                        .isEqualTo(HasMetadata.getApiVersion(type));
                assertThat(doc.path("kind").asText()).as("kind of %s", name).isEqualTo(HasMetadata.getKind(type));
                out.add(YAML.treeToValue(doc, type));
            }
        }
        return out;
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

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }

    /** The rules_file a comention.yaml names (default rules.yaml). */
    private static final class ComentionConfigFile {
        static String rulesFile(String yaml) throws IOException {
            JsonNode node = YAML.readTree(yaml).path("rules_file");
            return node.isMissingNode() ? "rules.yaml" : node.asText();
        }
    }
}
