package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart (charts/order-pipeline) and the kustomize overlays are one deployment written
 * twice: for every overlay and every set of optional components, the chart with that overlay's
 * values file and those components switched on renders exactly the same objects as kustomize,
 * except for what only Helm has (managed-by: Helm, the helm.sh/chart label, helm.sh/* hook and keep
 * annotations, the pods' checksum annotations, the chart's tests). So they cannot drift apart.
 * The chart's own conventions (names from the release, placement, service accounts, extra
 * environment and volumes, required values, the values' schema, helm test) are in
 * {@link HelmChartConventionsTest}.
 */
class HelmChartTest {

    static List<Combination> combinations() {
        return Combination.all();
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void chartRendersWhatKustomizeRenders(Combination combination) {
        Map<String, JsonNode> kustomize = normalized(combination.render(), false);
        Manifests rendered = Chart.render(combination);
        Map<String, JsonNode> chart = normalized(new Manifests(rendered.origin(), Chart.withoutTests(rendered.docs()), List.of()), true);
        assertThat(new TreeSet<>(chart.keySet())).as("objects of the chart vs %s", combination)
                .isEqualTo(new TreeSet<>(kustomize.keySet()));
        List<String> different = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : kustomize.entrySet()) {
            JsonNode fromChart = chart.get(e.getKey());
            if (!e.getValue().equals(fromChart)) {
                List<String> paths = new ArrayList<>();
                diff("", e.getValue(), fromChart, paths);
                different.add(e.getKey() + ": " + String.join("; ", paths));
            }
        }
        assertThat(different).as("objects the chart renders differently from kustomize (%s)", combination).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("documentedValues")
    void chartWithEachDocumentedValuesFileFollowsEveryRule(String overlay) {
        Combination plain = new Combination(overlay, List.of());
        Manifests chart = Chart.render(plain);
        Set<String> strimziSecrets = Policies.strimziSecrets(plain.strimzi().render().docs());
        assertThat(Policies.check(chart, plain.profile(), strimziSecrets)).isEmpty();
        assertThat(SchemaValidator.errors(SchemaValidator.validate(chart.docs()))).isEmpty();
    }

    static List<String> documentedValues() {
        return List.copyOf(new TreeSet<>(Chart.VALUES.keySet()));
    }

    @Test
    void everyOverlayHasAValuesFileAndEveryComponentASwitch() {
        assertThat(Chart.VALUES.keySet()).containsExactlyInAnyOrderElementsOf(Combination.overlays());
        Combination.allComponents().forEach(Chart::valueOf);
    }

    /**
     * helm lint --strict, of a copy of the chart whose values.yaml has what the chart requires
     * (helm lint takes no values file): the values an operator must give are empty in the chart.
     */
    @Test
    void chartLintsClean() throws Exception {
        Path copy = Repo.MODULE.resolve("target/lint/order-pipeline");
        copyChart(copy);
        String values = Files.readString(copy.resolve("values.yaml"));
        Map<String, String> required = Map.of("  registry: \"\"", "  registry: ghcr.io/order-pipeline",
                "  host: \"\"", "  host: shop.example.com", "  allowFrom: []", "  allowFrom: [{ipBlock: {cidr: 10.0.0.0/16}}]");
        for (Map.Entry<String, String> r : required.entrySet()) {
            assertThat(values).contains(r.getKey());
            values = values.replace(r.getKey(), r.getValue());
        }
        Files.writeString(copy.resolve("values.yaml"), values);
        LintResult lint = new Helm(copy).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    static void copyChart(Path to) throws IOException {
        try (Stream<Path> files = Files.walk(Repo.CHART)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(Repo.CHART.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * The chart's generated Secrets keep their values: with a cluster, the first install makes them
     * and every later render takes them from the cluster (lookup); without one (helm template, a
     * GitOps controller: lookup answers nothing) a render never makes up a value the next render
     * would change (a new keyfile breaks the replica set): it fails, naming the value, unless every
     * value is given, and then two renders make the same Secrets. The cluster is {@link FakeCluster}.
     */
    @Test
    void generatedSecretsKeepTheirValuesAcrossRenders() {
        try (FakeCluster cluster = new FakeCluster(Chart.RELEASE)) {
            // first install: random values; the next render finds them in the cluster and keeps them
            Map<String, String> installed = secretValues(Chart.overlay("eks", Chart.RELEASE, Chart.RELEASE)
                    .set("secrets.create", "true").call());
            assertThat(installed.get("mongodb-keyfile/keyfile")).hasSize(756);
            assertThat(installed.get("mongodb-admin/username")).isEqualTo("root");
            Map<String, Map<String, String>> bySecret = new TreeMap<>();
            installed.forEach((k, v) -> bySecret.computeIfAbsent(k.substring(0, k.indexOf('/')), n -> new TreeMap<>())
                    .put(k.substring(k.indexOf('/') + 1), v));
            bySecret.forEach(cluster::secret);
            for (int render = 0; render < 2; render++) {
                assertThat(secretValues(Chart.overlay("eks", Chart.RELEASE, Chart.RELEASE).set("secrets.create", "true").call()))
                        .as("render %d after the install", render + 1).isEqualTo(installed);
            }

            // no cluster to ask: no value made up
            cluster.reachable(false);
            assertThatThrownBy(() -> Chart.overlay("eks", Chart.RELEASE, Chart.RELEASE).set("secrets.create", "true").call())
                    .hasMessageContaining("is required to render Secret")
                    .hasMessageContaining("without a cluster to look it up in (helm template, GitOps)")
                    .hasMessageContaining("secrets.create=false");
            TemplateCommand withoutKeyfile = Chart.overlay("eks", Chart.RELEASE, Chart.RELEASE).set("secrets.create", "true");
            for (Map.Entry<String, String> e : LOCAL_SECRET_VALUES.entrySet()) {
                if (!e.getKey().equals("mongodbKeyfile")) {
                    withoutKeyfile = withoutKeyfile.set("secrets.values." + e.getKey(), e.getValue());
                }
            }
            TemplateCommand partial = withoutKeyfile;
            assertThatThrownBy(partial::call)
                    .hasMessageContaining("secrets.values.mongodbKeyfile is required to render Secret mongodb-keyfile");
            // every value given (values-local.yaml): two renders, the same Secrets, without asking the cluster
            Map<String, String> first = secretValues(Chart.overlay("local", Chart.RELEASE, Chart.RELEASE).call());
            Map<String, String> second = secretValues(Chart.overlay("local", Chart.RELEASE, Chart.RELEASE).call());
            assertThat(first).containsKey("mongodb-ops-api/password")
                    .containsEntry("mongodb-keyfile/keyfile", LOCAL_SECRET_VALUES.get("mongodbKeyfile"));
            assertThat(second).isEqualTo(first);
        }
    }

    /** secrets.values of values-local.yaml. */
    static final Map<String, String> LOCAL_SECRET_VALUES = localSecretValues();

    private static Map<String, String> localSecretValues() {
        try {
            Map<String, String> values = new TreeMap<>();
            Yaml.MAPPER.readTree(Chart.VALUES.get("local").toFile()).path("secrets").path("values").fields()
                    .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            return values;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** SECRET/KEY -> decoded value of every Secret of a render. */
    private static Map<String, String> secretValues(String yaml) {
        Map<String, String> values = new TreeMap<>();
        Manifests.of(yaml, "chart").docs().stream().filter(d -> d.kind().equals("Secret")).forEach(d -> d.tree().path("data")
                .fields().forEachRemaining(e -> values.put(d.name() + "/" + e.getKey(),
                        new String(Base64.getDecoder().decode(e.getValue().asText())))));
        return values;
    }

    @Test
    void chartMakesTheSecretsOnceWhereAskedTo() {
        String yaml = Chart.overlay("eks", Chart.RELEASE, Chart.RELEASE)
                .set("secrets.create", "true").set("secrets.keepExisting", "false").call();
        Manifests m = Manifests.of(yaml, "chart with secrets.create");
        Map<String, Yaml.Doc> secrets = new TreeMap<>();
        m.docs().stream().filter(d -> d.kind().equals("Secret")).forEach(d -> secrets.put(d.name(), d));
        // all but MongoDB's certificate (docs/deploy.md, "Secrets": openssl or cert-manager makes it)
        assertThat(secrets.keySet()).containsAll(Policies.Profile.EKS.operatorSecrets.stream()
                .filter(name -> !name.equals("mongodb-tls")).toList()).doesNotContain("mongodb-tls");
        for (Yaml.Doc secret : secrets.values()) {
            assertThat(secret.tree().path("metadata").path("annotations").path("helm.sh/resource-policy").asText())
                    .isEqualTo("keep");
            secret.tree().path("data").fields().forEachRemaining(e -> assertThat(
                    Base64.getDecoder().decode(e.getValue().asText())).as("%s/%s", secret.name(), e.getKey()).hasSizeGreaterThanOrEqualTo(4));
        }
        byte[] cartIdKey = Base64.getDecoder().decode(new String(Base64.getDecoder().decode(
                secrets.get("storefront-api-cart-id-key").tree().path("data").path("key").asText())));
        assertThat(cartIdKey).as("STOREFRONT_CART_ID_KEY: at least 32 bytes, base64").hasSizeGreaterThanOrEqualTo(32);
        assertThat(new String(Base64.getDecoder().decode(secrets.get("mongodb-admin").tree().path("data").path("username")
                .asText()))).isEqualTo("root");
    }

    @Test
    void chartTakesTheTracingCollectorFromItsValuesAndWithoutOneExportsNothingAndOpensNoEgress() {
        Manifests elsewhere = Manifests.of(Chart.overlay("eks", Chart.RELEASE, Chart.RELEASE)
                .set("tracing.endpoint", "http://collector.tracing.svc:14318/v1/traces")
                .set("tracing.samplingProbability", "0.25").set("tracing.collector.namespace", "tracing")
                .set("tracing.collector.port", "14318").call(),
                "chart with another collector");
        Manifests none = Manifests.of(Chart.overlay("eks", Chart.RELEASE, Chart.RELEASE)
                .set("tracing.endpoint", "").call(), "chart without a collector");
        for (String service : List.of("storefront-api", "order-processor", "inventory-worker", "ops-api")) {
            assertThat(config(elsewhere, service))
                    .containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://collector.tracing.svc:14318/v1/traces")
                    .containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.25");
            // present even when empty, the setting would switch the export on (and fail the start)
            assertThat(config(none, service)).doesNotContainKey("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT");
        }
        assertThat(elsewhere.docs()).filteredOn(d -> d.name().equals("allow-tracing-egress")).singleElement()
                .satisfies(policy -> {
                    JsonNode rule = policy.tree().path("spec").path("egress").path(0);
                    assertThat(rule.path("to").path(0).path("namespaceSelector").path("matchLabels")
                            .path("kubernetes.io/metadata.name").asText()).isEqualTo("tracing");
                    assertThat(rule.path("ports").path(0).path("port").asInt()).isEqualTo(14318);
                });
        assertThat(none.docs()).noneMatch(d -> d.name().equals("allow-tracing-egress"));
    }

    private static Map<String, String> config(Manifests manifests, String service) {
        Map<String, String> data = new TreeMap<>();
        manifests.docs().stream().filter(d -> d.kind().equals("ConfigMap") && d.name().startsWith(service + "-config"))
                .findFirst().orElseThrow().tree().path("data").fields()
                .forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    /** ConfigMaps named with a hash of their data (kustomize's configMapGenerator; the chart's op.hashedName). */
    static final Pattern HASHED = Pattern.compile("(storefront-api-config|order-processor-config|inventory-worker-config|ops-api-config"
            + "|mongodb-init-script)-[a-z0-9]{10}");

    /**
     * Objects by kind/name, with what only Helm writes taken out, and the hash suffixes of the
     * generated ConfigMaps' names (kustomize's hash and the chart's are computed differently; both
     * change with the data) replaced by "HASH", in the names and in every reference.
     */
    static Map<String, JsonNode> normalized(Manifests m, boolean fromHelm) {
        Map<String, JsonNode> objects = new TreeMap<>();
        for (Yaml.Doc doc : m.docs()) {
            ObjectNode tree = doc.tree().deepCopy();
            replaceHashes(tree);
            if (fromHelm) {
                replaceManagedBy(tree);
                if (tree.path("metadata").path("labels") instanceof ObjectNode labels) {
                    labels.remove("helm.sh/chart");
                }
                // the pods' checksum/* annotations: a changed Secret value rolls them (kustomize: the Secret's hashed name)
                if (tree.path("spec").path("template").path("metadata").path("annotations") instanceof ObjectNode a) {
                    a.properties().removeIf(e -> e.getKey().startsWith("checksum/"));
                    if (a.isEmpty()) {
                        ((ObjectNode) tree.path("spec").path("template").path("metadata")).remove("annotations");
                    }
                }
                JsonNode annotations = tree.path("metadata").path("annotations");
                if (annotations instanceof ObjectNode a) {
                    a.properties().removeIf(e -> e.getKey().startsWith("helm.sh/") || e.getKey().startsWith(Chart.HOOK));
                    if (a.isEmpty()) {
                        ((ObjectNode) tree.get("metadata")).remove("annotations");
                    }
                }
            }
            if ("Secret".equals(doc.kind()) && tree.path("data") instanceof ObjectNode data) {
                // kustomize wraps long base64 values; the API server ignores the line breaks
                data.properties().forEach(e -> e.setValue(new TextNode(e.getValue().asText().replaceAll("\\s", ""))));
            }
            String key = doc.kind() + "/" + tree.path("metadata").path("name").asText();
            assertThat(objects.put(key, tree)).as("%s rendered twice in %s", key, m.origin()).isNull();
        }
        return objects;
    }

    /** Where two trees differ: "path: kustomize value -> chart value". */
    static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            names.forEach(n -> diff(path + "." + n, a.get(n), b.get(n), out));
        } else if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (a == null ? b != null : !a.equals(b)) {
            String left = String.valueOf(a);
            String right = String.valueOf(b);
            out.add(path + ": " + (left.length() > 200 ? left.substring(0, 200) + "..." : left) + " -> "
                    + (right.length() > 200 ? right.substring(0, 200) + "..." : right));
        }
    }

    private static void replaceHashes(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> {
                if (e.getValue().isTextual() && HASHED.matcher(e.getValue().asText()).matches()) {
                    e.setValue(new TextNode(e.getValue().asText().replaceAll("-[a-z0-9]{10}$", "-HASH")));
                } else {
                    replaceHashes(e.getValue());
                }
            });
        } else if (node != null && node.isArray()) {
            node.forEach(HelmChartTest::replaceHashes);
        }
    }

    /** Helm's app.kubernetes.io/managed-by: Helm where kustomize writes kustomize, at any depth. */
    private static void replaceManagedBy(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if ("Helm".equals(o.path("app.kubernetes.io/managed-by").asText(null))) {
                o.put("app.kubernetes.io/managed-by", "kustomize");
            }
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                replaceManagedBy(it.next());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(HelmChartTest::replaceManagedBy);
        }
    }
}
