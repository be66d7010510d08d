package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What teams expect of a chart they use without forking it (as Bitnami's, Online Boutique's or
 * Strimzi's): names from the release, so that two releases live side by side; placement, pull
 * secrets, ServiceAccounts, pod labels and annotations, extra environment and volumes from values;
 * environment-specific values required; a values schema that rejects a wrong type; Secret changes
 * rolling the pods; the MongoDB init Job as a hook; helm test; the helm.sh/chart label; a README
 * table of every value.
 */
class HelmChartConventionsTest {

    /** The chart for the EKS overlay's values, as release NAME in NAMESPACE, with more --set values. */
    static Manifests render(String release, String namespace, String... sets) {
        TemplateCommand t = Chart.overlay("eks", release, namespace);
        for (String set : sets) {
            String[] kv = set.split("=", 2);
            t = t.set(kv[0], kv[1]);
        }
        return Manifests.of(t.call(), "chart " + release + " in " + namespace + " " + String.join(" ", sets));
    }

    /** Two releases in two namespaces of one cluster: names, namespaces, addresses and references are each its own. */
    @Test
    void twoReleasesLiveSideBySideInTwoNamespaces() {
        Manifests prod = render("order-pipeline", "order-pipeline");
        Manifests staging = render("shop-staging", "staging");
        Policies.Release stagingRelease = new Policies.Release("shop-staging", "staging");
        List<Yaml.Doc> strimzi = Target.STRIMZI_EKS.render().docs();
        Set<String> strimziSecrets = Policies.strimziSecrets(strimzi);
        assertThat(Policies.check(staging, Policies.Profile.EKS, strimziSecrets, stagingRelease)).isEmpty();
        assertThat(KafkaContract.checkClients(strimzi, staging, "staging")).isEmpty();
        assertThat(KafkaContract.checkListenerPeers(strimzi, staging)).isEmpty();
        assertThat(SchemaValidator.errors(SchemaValidator.validate(staging.docs()))).isEmpty();

        for (Yaml.Doc d : staging.docs()) {
            assertThat(d.tree().path("metadata").path("namespace").asText()).as(d.id()).isEqualTo("staging");
            assertThat(d.name()).as(d.id()).startsWith("shop-staging-");
        }
        assertThat(names(prod, "")).contains("Deployment/storefront-api", "StatefulSet/mongodb", "Service/mongodb-headless");
        // the same objects, each release its own
        assertThat(names(staging, "shop-staging-")).isEqualTo(names(prod, ""));

        Deployment storefront = staging.find(Deployment.class, "shop-staging-storefront-api").orElseThrow();
        assertThat(storefront.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "shop-staging");
        Map<String, String> config = staging.find(ConfigMap.class, storefront.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnvFrom().get(0).getConfigMapRef().getName()).orElseThrow().getData();
        assertThat(config).containsEntry("MONGODB_HOSTS", "shop-staging-mongodb.staging.svc:27017")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "pipeline-kafka-bootstrap.staging.svc:9093");
        Job init = staging.find(Job.class, "shop-staging-mongodb-init").orElseThrow();
        assertThat(env(init.getSpec().getTemplate().getSpec())).containsEntry("MONGODB_STATEFULSET", "shop-staging-mongodb")
                .containsEntry("MONGODB_SERVICE", "shop-staging-mongodb-headless");
        assertThat(staging.find(StatefulSet.class, "shop-staging-mongodb").orElseThrow().getSpec().getServiceName())
                .isEqualTo("shop-staging-mongodb-headless");
    }

    /** kind/name of every object, the prefix taken off and the hash suffixes of generated ConfigMaps replaced. */
    private static Set<String> names(Manifests m, String prefix) {
        Set<String> names = new TreeSet<>();
        m.docs().forEach(d -> names.add(d.kind() + "/" + d.name().substring(prefix.length())
                .replaceAll("(-config|-script)-[a-z0-9]{10}$", "$1-HASH")));
        return names;
    }

    private static Map<String, String> env(PodSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        spec.getContainers().get(0).getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    /** Every pod template of a render, with the workload's kind/name (the test pod included). */
    private static Map<String, io.fabric8.kubernetes.api.model.PodTemplateSpec> templates(Manifests m) {
        Map<String, io.fabric8.kubernetes.api.model.PodTemplateSpec> all = new LinkedHashMap<>();
        m.pods().forEach(p -> all.put(p.id(), p.template()));
        for (Pod pod : m.all(Pod.class)) {
            all.put("Pod/" + pod.getMetadata().getName(), new io.fabric8.kubernetes.api.model.PodTemplateSpec(pod.getMetadata(), pod.getSpec()));
        }
        return all;
    }

    @Test
    void placementPullSecretsPodLabelsAndAnnotationsReachEveryPod() {
        Manifests m = render("order-pipeline", "order-pipeline", "backup.enabled=true",
                "nodeSelector.pool=apps", "tolerations[0].key=dedicated", "tolerations[0].operator=Exists",
                "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight=1",
                "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey=kubernetes.io/hostname",
                "imagePullSecrets[0].name=my-registry", "podLabels.team=shop", "podAnnotations.owner=shop-team",
                "mongodb.nodeSelector.pool=data", "services.storefront-api.podLabels.tier=edge");
        var templates = templates(m);
        assertThat(templates).hasSizeGreaterThanOrEqualTo(7); // 3 Deployments, StatefulSet, init Job, CronJob, test Pod
        templates.forEach((id, t) -> {
            PodSpec spec = t.getSpec();
            assertThat(spec.getImagePullSecrets()).as(id).extracting(r -> r.getName()).containsExactly("my-registry");
            assertThat(spec.getTolerations()).as(id).extracting(tol -> tol.getKey()).containsExactly("dedicated");
            assertThat(spec.getAffinity()).as(id).isNotNull();
            assertThat(spec.getNodeSelector()).as(id).containsEntry("pool",
                    id.contains("mongodb") && !id.contains("backup") ? "data" : "apps");
            assertThat(t.getMetadata().getLabels()).as(id).containsEntry("team", "shop");
            assertThat(t.getMetadata().getAnnotations()).as(id).containsEntry("owner", "shop-team");
        });
        assertThat(templates.get("Deployment/storefront-api").getMetadata().getLabels()).containsEntry("tier", "edge")
                .containsEntry("app.kubernetes.io/name", "storefront-api");
        assertThat(templates.get("Deployment/order-processor").getMetadata().getLabels()).doesNotContainKey("tier");
        // none of it without values: the defaults render what k8s/ renders (HelmChartTest)
        render("order-pipeline", "order-pipeline").pods().forEach(p -> {
            assertThat(p.template().getSpec().getNodeSelector()).as(p.id()).isNullOrEmpty();
            assertThat(p.template().getSpec().getImagePullSecrets()).as(p.id()).isNullOrEmpty();
        });
    }

    @Test
    void serviceAccountsAreCreatedAnnotatedOrTakenAsGiven() {
        Manifests m = render("order-pipeline", "order-pipeline", "services.order-processor.serviceAccount.create=false",
                "services.order-processor.serviceAccount.name=shared-worker",
                "services.inventory-worker.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::111122223333:role/x");
        assertThat(m.find(ServiceAccount.class, "order-processor")).isEmpty();
        assertThat(m.find(Deployment.class, "order-processor").orElseThrow().getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("shared-worker");
        assertThat(m.find(ServiceAccount.class, "inventory-worker").orElseThrow().getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/x");
        assertThatThrownBy(() -> render("order-pipeline", "order-pipeline", "services.order-processor.serviceAccount.create=false"))
                .hasMessageContaining("serviceAccount.name is required where serviceAccount.create is false");
    }

    @Test
    void extraEnvAndVolumesReachTheServices() {
        Manifests m = render("order-pipeline", "order-pipeline", "extraEnv[0].name=JAVA_TOOL_OPTIONS_EXTRA", "extraEnv[0].value=-Dx=y",
                "services.storefront-api.extraEnv[0].name=STOREFRONT_ONLY", "services.storefront-api.extraEnv[0].value=yes",
                "services.storefront-api.extraVolumes[0].name=certs", "services.storefront-api.extraVolumes[0].secret.secretName=my-certs",
                "services.storefront-api.extraVolumeMounts[0].name=certs", "services.storefront-api.extraVolumeMounts[0].mountPath=/etc/certs");
        for (Deployment d : m.all(Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getEnv()).extracting(e -> e.getName()).contains("JAVA_TOOL_OPTIONS_EXTRA");
            boolean storefront = d.getMetadata().getName().equals("storefront-api");
            assertThat(c.getEnv().stream().anyMatch(e -> e.getName().equals("STOREFRONT_ONLY"))).isEqualTo(storefront);
            assertThat(c.getVolumeMounts().stream().anyMatch(v -> v.getMountPath().equals("/etc/certs"))).isEqualTo(storefront);
            assertThat(d.getSpec().getTemplate().getSpec().getVolumes().stream().anyMatch(v -> v.getName().equals("certs"))).isEqualTo(storefront);
        }
    }

    /** helm.sh/chart on every object, never on a pod or claim template: a new chart version rolls nothing. */
    @Test
    void everyObjectCarriesTheChartLabelButNoTemplateDoes() throws Exception {
        Manifests m = render("order-pipeline", "order-pipeline", "backup.enabled=true", "keda.enabled=true", "monitoring.enabled=true");
        String chart = "order-pipeline-" + chartVersion();
        for (HasMetadata o : m.objects()) {
            assertThat(o.getMetadata().getLabels()).as(o.getKind() + "/" + o.getMetadata().getName()).containsEntry("helm.sh/chart", chart);
        }
        templates(m).forEach((id, t) -> {
            if (!id.startsWith("Pod/")) {
                assertThat(t.getMetadata().getLabels()).as(id).doesNotContainKey("helm.sh/chart");
            }
        });
        StatefulSet mongodb = m.find(StatefulSet.class, "mongodb").orElseThrow();
        assertThat(mongodb.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getLabels()).doesNotContainKey("helm.sh/chart");
    }

    private static String chartVersion() throws IOException {
        return Files.readAllLines(Repo.CHART.resolve("Chart.yaml")).stream().filter(l -> l.startsWith("version:")).findFirst()
                .orElseThrow().substring(8).trim();
    }

    @Test
    void environmentSpecificValuesAreRequiredNotDefaulted() {
        Path values = Repo.CHART.resolve("values.yaml");
        assertThatThrownBy(() -> Chart.template(values, "order-pipeline", "order-pipeline").set("ingress.host", "shop.example.com")
                .set("ingress.allowFrom[0].ipBlock.cidr", "10.0.0.0/16").call()).hasMessageContaining("image.registry is required");
        assertThatThrownBy(() -> Chart.template(values, "order-pipeline", "order-pipeline").set("image.registry", "r.example")
                .set("ingress.allowFrom[0].ipBlock.cidr", "10.0.0.0/16").call()).hasMessageContaining("ingress.host is required");
        assertThatThrownBy(() -> Chart.template(values, "order-pipeline", "order-pipeline").set("image.registry", "r.example")
                .set("ingress.host", "shop.example.com").call()).hasMessageContaining("ingress.allowFrom is required");
        assertThatThrownBy(() -> Chart.template(values, "order-pipeline", "order-pipeline").set("image.registry", "r.example")
                .set("ingress.host", "shop.example.com").set("ingress.allowFrom[0].ipBlock.cidr", "10.0.0.0/16")
                .set("backup.enabled", "true").call()).hasMessageContaining("backup.s3Bucket is required");
    }

    static List<Path> brokenValues() {
        return Fixtures.of("chart-values");
    }

    /** values.schema.json: a wrong type, a value out of its range or enum, a misspelt key are refused with the value named. */
    @ParameterizedTest
    @MethodSource("brokenValues")
    void brokenValuesFileFailsTheSchema(Path fixture) {
        assertThatThrownBy(() -> Chart.overlay("eks", "order-pipeline", "order-pipeline").withValuesFile(fixture).call())
                .as("helm template -f %s", Repo.relative(fixture))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(Fixtures.expectation(fixture));
    }

    /** A value of secrets.values rolls the pods that read it (and only those); generated values never change. */
    @Test
    void aChangedSecretValueRollsThePodsThatReadIt() {
        Map<String, String> before = checksums(render("order-pipeline", "order-pipeline", "secrets.create=true", "secrets.keepExisting=false"));
        Map<String, String> after = checksums(render("order-pipeline", "order-pipeline", "secrets.create=true", "secrets.keepExisting=false",
                "secrets.values.opsAdminToken=rotated"));
        assertThat(before.keySet()).containsExactlyInAnyOrder("storefront-api", "order-processor", "inventory-worker", "ops-api");
        assertThat(after.get("ops-api")).isNotEqualTo(before.get("ops-api"));
        assertThat(after.get("storefront-api")).isEqualTo(before.get("storefront-api"));
        assertThat(after.get("order-processor")).isEqualTo(before.get("order-processor"));
        assertThat(after.get("inventory-worker")).isEqualTo(before.get("inventory-worker"));
        assertThat(checksums(render("order-pipeline", "order-pipeline"))).as("the Secrets made by you: no checksum").isEmpty();
    }

    private static Map<String, String> checksums(Manifests m) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (Deployment d : m.all(Deployment.class)) {
            Map<String, String> a = d.getSpec().getTemplate().getMetadata().getAnnotations();
            if (a != null && a.containsKey("checksum/secrets")) {
                sums.put(d.getMetadata().getName(), a.get("checksum/secrets"));
            }
        }
        return sums;
    }

    @Test
    void theMongodbInitJobIsAHookThatRunsAfterEveryInstallAndUpgrade() {
        Job init = render("order-pipeline", "order-pipeline").find(Job.class, "mongodb-init").orElseThrow();
        assertThat(init.getMetadata().getAnnotations()).containsEntry(Chart.HOOK, "post-install,post-upgrade")
                .containsEntry(Chart.HOOK + "-delete-policy", "before-hook-creation");
    }

    /** helm test: a restricted pod that checks out through the storefront's Service, admitted by its own NetworkPolicy. */
    @Test
    void helmTestChecksOutThroughTheStorefrontsService() {
        Manifests m = render("shop-staging", "staging");
        List<Yaml.Doc> tests = m.docs().stream().filter(Chart::isTest).toList();
        assertThat(tests).extracting(Yaml.Doc::kind).containsExactlyInAnyOrder("ConfigMap", "NetworkPolicy", "Pod");
        Pod pod = m.all(Pod.class).get(0);
        Container c = pod.getSpec().getContainers().get(0);
        String base = c.getEnv().stream().filter(e -> e.getName().equals("BASE")).findFirst().orElseThrow().getValue();
        Service storefront = m.find(Service.class, "shop-staging-storefront-api").orElseThrow();
        assertThat(base).isEqualTo("http://shop-staging-storefront-api.staging.svc:" + storefront.getSpec().getPorts().get(0).getPort());
        assertThat(c.getImage()).doesNotEndWith(":latest").contains(":");
        // the restricted Pod Security Standard, which the namespace enforces
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        NetworkPolicy admits = m.all(NetworkPolicy.class).stream().filter(np -> np.getMetadata().getName().equals("shop-staging-checkout-test"))
                .findFirst().orElseThrow();
        assertThat(Selectors.matches(admits.getSpec().getPodSelector(), m.find(Deployment.class, "shop-staging-storefront-api")
                .orElseThrow().getSpec().getTemplate().getMetadata().getLabels())).isTrue();
        assertThat(Selectors.matches(admits.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector(), pod.getMetadata().getLabels())).isTrue();
        assertThat(admits.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
    }

    @TempDir
    Path shop;

    /** files/tests/checkout.sh against stand-ins for curl answering as the storefront would. */
    @Test
    void theCheckoutTestPassesOnAConfirmedOrderOnly() throws Exception {
        assertThat(checkout("CONFIRMED").exit()).isZero();
        Result rejected = checkout("REJECTED");
        assertThat(rejected.exit()).isNotZero();
        assertThat(rejected.output()).contains("REJECTED");
        Result pending = checkout("PENDING");
        assertThat(pending.exit()).isNotZero();
        assertThat(pending.output()).contains("still PENDING");
        // what it sent: a checkout with an Idempotency-Key, the first product, quantity 1
        assertThat(Files.readString(shop.resolve("calls"))).contains("Idempotency-Key: helm-test-")
                .contains("{\"sku\": \"SKU-0001\", \"quantity\": 1}").contains("http://shop:8080/api/carts/c-1/checkout");
    }

    record Result(int exit, String output) {
    }

    private Result checkout(String status) throws Exception {
        Path bin = Files.createDirectories(shop.resolve("bin"));
        Path curl = bin.resolve("curl");
        Files.writeString(curl, """
                #!/bin/sh
                echo "$*" >>"$CALLS"
                for a in "$@"; do case $a in http*) url=$a ;; esac; done
                case $url in
                  */api/products) echo '[{"sku": "SKU-0001", "name": "Mug"}]' ;;
                  */api/carts) echo '{"cartId": "c-1"}' ;;
                  */items) echo '{}' ;;
                  */checkout) printf '{\\n  "orderId": "o-1",\\n  "status": "PENDING"\\n}\\n' ;;
                  */api/orders/o-1) echo "{\\"orderId\\": \\"o-1\\", \\"status\\": \\"$ORDER_STATUS\\"}" ;;
                esac
                """);
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("sh", Repo.CHART.resolve("files/tests/checkout.sh").toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("BASE", "http://shop:8080");
        pb.environment().put("TIMEOUT_SECONDS", "2");
        pb.environment().put("ORDER_STATUS", status);
        pb.environment().put("CALLS", shop.resolve("calls").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** The README's table lists every value of values.yaml, with its default, and the schema knows each of them. */
    @Test
    void theReadmeTableAndTheSchemaCoverEveryValue() throws Exception {
        JsonNode values = Yaml.MAPPER.readTree(Repo.CHART.resolve("values.yaml").toFile());
        JsonNode schema = new ObjectMapper().readTree(Repo.CHART.resolve("values.schema.json").toFile());
        String readme = Files.readString(Repo.CHART.resolve("README.md"));
        List<String> leaves = new ArrayList<>();
        leaves(values, schema, "", leaves);
        assertThat(leaves).hasSizeGreaterThan(40);
        List<String> missing = new ArrayList<>();
        for (String leaf : leaves) {
            String key = leaf.substring(0, leaf.indexOf('='));
            String value = leaf.substring(leaf.indexOf('=') + 1);
            // a row services.<name>.X stands for the four services where their defaults are the same
            String general = key.replaceFirst("^services\\.(storefront-api|order-processor|inventory-worker|ops-api)\\.", "services.<name>.");
            String row = readme.lines().filter(l -> l.startsWith("| `" + key + "` |") || l.startsWith("| `" + general + "` |"))
                    .findFirst().orElse(null);
            if (row == null) {
                missing.add(key + " has no row in the README's table");
            } else if (!row.contains("| `" + value + "` |")) {
                missing.add(key + ": the README's default is not `" + value + "`: " + row);
            }
        }
        assertThat(missing).isEmpty();
    }

    /** key=default of each value: a scalar, or a map/list the schema leaves free (resources, labels, lists). */
    private static void leaves(JsonNode value, JsonNode schema, String path, List<String> out) {
        JsonNode properties = schema.path("properties");
        assertThat(schema.isMissingNode()).as("values.schema.json knows %s", path).isFalse();
        if (value.isObject() && !value.isEmpty() && properties.isObject() && !properties.isEmpty() && !path.endsWith("resources")) {
            value.fields().forEachRemaining(e -> leaves(e.getValue(), properties.path(e.getKey()),
                    path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else {
            out.add(path + "=" + (value.isTextual() ? value.asText().isEmpty() ? "\"\"" : value.asText() : compact(value)));
        }
    }

    private static String compact(JsonNode node) {
        return node.toString().replace("\"", "").replace(",", ", ").replace(":", ": ");
    }
}
