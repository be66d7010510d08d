package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The consumer lag parts of the optional components (k8s/components/keda, k8s/components/monitoring):
 * KEDA ScaledObjects and TriggerAuthentications, the PrometheusRule, PodMonitors and the Grafana
 * dashboard render, parse, point at what exists, and stay within the partition count.
 */
class LagObservabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WORKERS = Set.of("order-processor", "inventory-worker");

    /** Kafka Exporter's metrics (Strimzi's kafkaExporter), as they appear in Prometheus. */
    static final Set<String> KAFKA_EXPORTER_METRICS = Set.of("kafka_consumergroup_lag", "kafka_consumergroup_lag_sum",
            "kafka_consumergroup_current_offset", "kafka_consumergroup_current_offset_sum",
            "kafka_consumergroup_members", "kafka_topic_partition_current_offset", "kafka_topic_partitions");
    /** kube-state-metrics, for the dashboard's replica panel. */
    static final Set<String> KUBE_STATE_METRICS = Set.of("kube_deployment_status_replicas");
    /** The kubelet's volume metrics, for the disk alerts (scraped by a default kube-prometheus-stack). */
    static final Set<String> KUBELET_METRICS = Set.of("kubelet_volume_stats_available_bytes", "kubelet_volume_stats_capacity_bytes");

    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "by", "without", "rate",
            "irate", "increase", "delta", "deriv", "absent", "and", "or", "unless", "on", "ignoring", "group_left",
            "group_right", "bool", "predict_linear", "topk", "bottomk", "quantile", "histogram_quantile", "max_over_time", "min_over_time",
            "avg_over_time", "clamp_min", "clamp_max", "abs", "offset", "label_replace", "time", "vector", "scalar");

    /** The storefront's lag gauges, read from the names LagMetrics registers (Micrometer dots become underscores). */
    static Set<String> storefrontMetrics() throws IOException {
        String source = Files.readString(Repo.ROOT.resolve(
                "consumer-lag/src/main/java/dev/orderpipeline/lag/LagMetrics.java"));
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("= \"(pipeline\\.consumer\\.[a-z.]+)\";").matcher(source);
        while (m.find()) {
            names.add(m.group(1).replace('.', '_'));
        }
        assertThat(names).as("gauge names in LagMetrics").hasSizeGreaterThanOrEqualTo(6);
        return names;
    }

    /** Metric names a PromQL expression reads. */
    static Set<String> metricsOf(String expr) {
        String stripped = expr.replaceAll("\\{[^}]*}", " ")          // label matchers
                .replaceAll("\\[[^]]*]", " ")                         // range selectors
                .replaceAll("\"[^\"]*\"", " ")                        // strings
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " "); // grouping labels
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(stripped);
        while (m.find()) {
            String word = m.group();
            if (!PROMQL_WORDS.contains(word) && !word.matches("\\d.*")) {
                names.add(word);
            }
        }
        return names;
    }

    private static List<GenericKubernetesResource> ofKind(Manifests m, String kind) {
        return m.all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    private static JsonNode tree(GenericKubernetesResource r) {
        return JSON.valueToTree(r);
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"K8S_EKS_KEDA_MONITORING", "K8S_LOCAL_KEDA_MONITORING"})
    void kedaScalesEachWorkerOnItsGroupUpToThePartitionCount(Target target) {
        Manifests k8s = target.render();
        List<Yaml.Doc> strimzi = target.strimzi().render().docs();
        Set<String> strimziSecrets = Policies.strimziSecrets(strimzi);
        Map<String, Integer> partitions = new TreeMap<>();
        KafkaContract.TOPICS.forEach(t -> partitions.put(t.name(), t.partitions()));

        List<GenericKubernetesResource> scaledObjects = ofKind(k8s, "ScaledObject");
        assertThat(scaledObjects).extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(WORKERS);
        assertThat(scaledObjects).allSatisfy(r -> assertThat(r.getApiVersion()).isEqualTo("keda.sh/v1alpha1"));
        for (GenericKubernetesResource so : scaledObjects) {
            JsonNode spec = tree(so).path("spec");
            String worker = so.getMetadata().getName();
            Deployment deployment = k8s.find(Deployment.class, spec.path("scaleTargetRef").path("name").asText())
                    .orElseThrow(() -> new AssertionError(so.getMetadata().getName() + " scales no rendered Deployment"));
            Map<String, String> env = environment(k8s, deployment);
            String group = env.get("SPRING_KAFKA_CONSUMER_GROUP_ID");
            assertThat(group).isEqualTo(worker);

            // the topics the group reads: those its KafkaUser may Read
            List<Integer> readPartitions = KafkaContract.ACLS.get(worker).stream()
                    .filter(a -> a.resourceType().equals("topic") && a.operation().equals("Read"))
                    .map(a -> partitions.get(a.name())).toList();
            assertThat(readPartitions).isNotEmpty().doesNotContainNull();
            int max = spec.path("maxReplicaCount").asInt(-1);
            int min = spec.path("minReplicaCount").asInt(0);
            assertThat(max).as("%s maxReplicaCount vs partitions %s", worker, readPartitions)
                    .isPositive().isLessThanOrEqualTo(readPartitions.stream().mapToInt(Integer::intValue).min().orElseThrow());
            assertThat(min).isBetween(1, max);
            assertThat(min).as("minReplicaCount keeps the environment's replica count")
                    .isGreaterThanOrEqualTo(Math.min(target.profile.replicas, max));

            JsonNode triggers = spec.path("triggers");
            assertThat(triggers).hasSize(1);
            JsonNode trigger = triggers.get(0);
            assertThat(trigger.path("type").asText()).isEqualTo("kafka");
            JsonNode md = trigger.path("metadata");
            assertThat(md.path("consumerGroup").asText()).isEqualTo(group);
            assertThat(md.path("bootstrapServers").asText()).isEqualTo(env.get("KAFKA_BOOTSTRAP_SERVERS"));
            assertThat(Long.parseLong(md.path("lagThreshold").asText())).isPositive();
            assertThat(md.path("allowIdleConsumers").asText("false")).isEqualTo("false");

            // SCRAM over TLS as the worker's own KafkaUser, trusting the cluster CA
            String authName = trigger.path("authenticationRef").path("name").asText();
            GenericKubernetesResource auth = ofKind(k8s, "TriggerAuthentication").stream()
                    .filter(a -> a.getMetadata().getName().equals(authName)).findFirst()
                    .orElseThrow(() -> new AssertionError(worker + ": TriggerAuthentication " + authName + " not rendered"));
            Map<String, JsonNode> refs = new TreeMap<>();
            tree(auth).path("spec").path("secretTargetRef").forEach(r -> refs.put(r.path("parameter").asText(), r));
            assertThat(refs).containsKeys("username", "password", "sasl", "tls", "ca");
            assertThat(refs.get("password").path("name").asText()).as("password from KafkaUser %s's Secret", worker)
                    .isEqualTo(worker);
            assertThat(refs.get("password").path("key").asText()).isEqualTo("password");
            assertThat(refs.get("ca").path("name").asText()).isEqualTo(KafkaContract.CLUSTER + "-cluster-ca-cert");
            assertThat(secretValue(k8s, refs.get("username"))).isEqualTo(worker);
            assertThat(secretValue(k8s, refs.get("sasl"))).isEqualTo("scram_sha512");
            assertThat(secretValue(k8s, refs.get("tls"))).isEqualTo("enable");
            for (JsonNode ref : refs.values()) {
                String secret = ref.path("name").asText();
                boolean rendered = k8s.docs().stream().anyMatch(d -> d.kind().equals("Secret") && d.name().equals(secret));
                assertThat(rendered || strimziSecrets.contains(secret))
                        .as("Secret %s of %s is rendered or created by Strimzi", secret, authName).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"K8S_EKS_KEDA_MONITORING", "K8S_LOCAL_KEDA_MONITORING"})
    void alertsAndDashboardReadMetricsThatExist(Target target) throws IOException {
        Manifests k8s = target.render();
        Set<String> known = new TreeSet<>(storefrontMetrics());
        known.addAll(KAFKA_EXPORTER_METRICS);
        known.addAll(KUBELET_METRICS);

        List<GenericKubernetesResource> rules = ofKind(k8s, "PrometheusRule");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        List<String> exprs = new ArrayList<>();
        JsonNode groups = tree(rules.get(0)).path("spec").path("groups");
        assertThat(groups).isNotEmpty();
        for (JsonNode group : groups) {
            assertThat(group.path("name").asText()).isNotBlank();
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                String expr = rule.path("expr").asText();
                assertThat(alert).isNotBlank();
                assertThat(expr).as("expr of %s", alert).isNotBlank();
                assertThat(rule.path("labels").path("severity").asText()).as("severity of %s", alert)
                        .isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
                assertThat(metricsOf(expr)).as("metrics read by alert %s", alert).isNotEmpty().isSubsetOf(known);
                exprs.add(expr);
            }
        }
        // lag in seconds over the SLO, STALL (2) and STOP (3), and Kafka Exporter's own view
        assertThat(exprs).anyMatch(e -> e.contains("pipeline_consumer_group_lag_seconds") && e.contains("> 30"));
        assertThat(exprs).anyMatch(e -> e.contains("pipeline_consumer_group_status") && e.contains("== 2"));
        assertThat(exprs).anyMatch(e -> e.contains("pipeline_consumer_group_status") && e.contains("== 3"));
        assertThat(exprs).anyMatch(e -> e.contains("kafka_consumergroup_lag"));
        // the data volumes of Kafka and MongoDB: filling, and full within a day
        assertThat(exprs).anyMatch(e -> e.contains("kubelet_volume_stats_available_bytes") && e.contains("> 0.8"));
        assertThat(exprs).anyMatch(e -> e.contains("predict_linear(kubelet_volume_stats_available_bytes"));

        // scraped: the services' actuator and the Kafka Exporter
        List<GenericKubernetesResource> podMonitors = ofKind(k8s, "PodMonitor");
        assertThat(podMonitors).hasSize(3);
        assertThat(podMonitors).anySatisfy(pm -> assertThat(tree(pm).path("spec").path("podMetricsEndpoints").toString())
                .contains("/actuator/prometheus"));
        assertThat(podMonitors).anySatisfy(pm -> assertThat(tree(pm).path("spec").path("selector").toString())
                .contains("pipeline-kafka-exporter"));
        // the Kafka nodes' JMX metrics (ConfigMap kafka-metrics), on Strimzi's metrics port
        assertThat(podMonitors).anySatisfy(pm -> {
            JsonNode spec = tree(pm).path("spec");
            assertThat(spec.path("selector").path("matchLabels").path("strimzi.io/kind").asText()).isEqualTo("Kafka");
            assertThat(spec.path("podMetricsEndpoints").get(0).path("port").asText()).isEqualTo("tcp-prometheus");
        });
        // found by a default kube-prometheus-stack (label release), like the PrometheusRule
        assertThat(podMonitors).allSatisfy(pm -> assertThat(pm.getMetadata().getLabels()).containsKey("release"));
        assertThat(rules.get(0).getMetadata().getLabels()).containsKey("release");

        // the Grafana dashboard, for the sidecar
        ConfigMap dashboard = k8s.find(ConfigMap.class, "consumer-lag-dashboard").orElseThrow();
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode json = JSON.readTree(dashboard.getData().get("consumer-lag.json"));
        assertThat(json.path("uid").asText()).isNotBlank();
        Set<String> dashboardKnown = new TreeSet<>(known);
        dashboardKnown.addAll(KUBE_STATE_METRICS);
        List<String> panelExprs = new ArrayList<>();
        json.path("panels").forEach(p -> p.path("targets").forEach(t -> panelExprs.add(t.path("expr").asText())));
        assertThat(panelExprs).hasSizeGreaterThanOrEqualTo(5);
        for (String expr : panelExprs) {
            assertThat(metricsOf(expr)).as("metrics of panel query %s", expr).isNotEmpty().isSubsetOf(dashboardKnown);
        }
    }

    @Test
    void kafkaExporterWatchesTheWorkerGroupsAndTheirTopics() {
        for (Target target : List.of(Target.STRIMZI_EKS, Target.STRIMZI_LOCAL)) {
            Yaml.Doc kafka = target.render().docs().stream().filter(d -> d.kind().equals("Kafka")).findFirst().orElseThrow();
            JsonNode exporter = kafka.tree().path("spec").path("kafkaExporter");
            assertThat(exporter.isObject()).as("%s: spec.kafkaExporter", target).isTrue();
            Pattern groups = Pattern.compile(exporter.path("groupRegex").asText(".*"));
            Pattern topics = Pattern.compile(exporter.path("topicRegex").asText(".*"));
            WORKERS.forEach(g -> assertThat(groups.matcher(g).matches()).as("groupRegex matches %s", g).isTrue());
            KafkaContract.TOPICS.forEach(t -> assertThat(topics.matcher(t.name()).matches()).isTrue());
        }
    }

    @Test
    void promqlMetricExtraction() {
        assertThat(metricsOf("max by (group) (pipeline_consumer_group_lag_seconds{group=~\"a|b\"}) > 30"))
                .containsExactly("pipeline_consumer_group_lag_seconds");
        assertThat(metricsOf("sum by (g) (kafka_consumergroup_lag{x=\"y\"}) > 0 and sum(rate(kafka_consumergroup_current_offset_sum[5m])) == 0"))
                .containsExactly("kafka_consumergroup_lag", "kafka_consumergroup_current_offset_sum");
        assertThat(metricsOf("absent(no_such_metric)")).containsExactly("no_such_metric");
    }

    private static Map<String, String> environment(Manifests k8s, Deployment d) {
        Map<String, String> env = new TreeMap<>();
        var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                k8s.find(ConfigMap.class, from.getConfigMapRef().getName())
                        .ifPresent(cm -> env.putAll(cm.getData() == null ? Map.of() : cm.getData()));
            }
        }
        if (c.getEnv() != null) {
            c.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        }
        return env;
    }

    private static String secretValue(Manifests k8s, JsonNode ref) {
        String name = ref.path("name").asText();
        String key = ref.path("key").asText();
        Yaml.Doc secret = k8s.docs().stream().filter(d -> d.kind().equals("Secret") && d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("Secret " + name + " is not rendered"));
        JsonNode data = secret.tree().path("data").path(key);
        if (!data.isMissingNode()) {
            return new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8);
        }
        return secret.tree().path("stringData").path(key).asText(null);
    }
}
