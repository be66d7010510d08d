package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

/**
 * docs/deploy.md works as a newcomer pastes it: its bash blocks run top to bottom in bash with
 * set -euo pipefail ({@link DeployGuide}), and what they write, apply and install renders and
 * follows every rule: the overlays of its own (with its values filled in, and each optional part
 * appended), the kustomizations of the repository it applies, the files it creates, the releases of
 * the chart it installs (rendered with helm-java with the same values).
 */
class DeployDocsTest {

    /** What the stand-ins answer, and so the values the guide fills in. */
    static final String ACCOUNT = "111122223333";
    static final String REGISTRY = ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/order-pipeline";
    static final String TAG = "0.1.0-1a2b3c4";
    static final String HOST = "shop.your-domain.example";
    static final String VPC_CIDR = "10.42.0.0/16";
    static final String BUCKET = ACCOUNT + "-order-pipeline-backups";

    @Test
    void deployGuideNamesWhatTheOperatorProvides() throws Exception {
        String doc = Files.readString(Repo.DEPLOY_DOC);
        for (String secret : Policies.Profile.EKS.operatorSecrets) {
            assertThat(doc).as("docs/deploy.md explains how to create Secret %s", secret).contains(secret);
        }
        assertThat(doc).contains("Strimzi " + StrimziSchemaTest.STRIMZI_VERSION)
                .contains("StrimziPodSet")
                .contains("kubectl get pods,pvc")
                .contains("k8s/overlays/eks")
                .contains("strimzi/overlays/eks")
                .contains("aws-ebs-csi-driver")
                .contains("Drain Cleaner")
                .contains("create secret generic storefront-api-cart-id-key --from-literal=key=$(openssl rand -base64 32)");
    }

    @Test
    void theGuideRunsTopToBottom() {
        DeployGuide.Run run = DeployGuide.run("eu-west-1");
        assertThat(run.exit()).as("bash docs/deploy.md (set -euo pipefail), output:\n%s", run.output()).isZero();
        // it got to the end: the teardown lists what is left
        assertThat(run.calls()).contains("kubectl -n order-pipeline get pvc");
        // the Strimzi install files were edited as the guide says
        Path install = run.repo().resolve("strimzi-1.2.0/install");
        assertThat(install.resolve("cluster-operator/020-RoleBinding-strimzi-cluster-operator.yaml"))
                .content().contains("namespace: strimzi").doesNotContain("myproject");
        // as the Drain Cleaner's files were applied (the local part extracts the archive again later)
        DeployGuide.Applied cleaner = run.applied().stream().filter(a -> a.path() != null
                && a.path().endsWith("install/drain-cleaner/kubernetes")).findFirst().orElseThrow();
        assertThat(cleaner.rendered()).content().doesNotContain("Cg==").containsPattern("caBundle: [A-Za-z0-9+/=]{20,}");
    }

    @Test
    void inUsEast1TheBucketIsCreatedWithoutALocationConstraint() {
        DeployGuide.Run run = DeployGuide.run("us-east-1", false);
        assertThat(run.exit()).as("bash docs/deploy.md with REGION=us-east-1, output:\n%s", run.output()).isZero();
        assertThat(run.calls()).anyMatch(c -> c.startsWith("aws s3api create-bucket") && c.contains("--region us-east-1")
                && !c.contains("LocationConstraint"));
        assertThat(DeployGuide.run("eu-west-1").calls()).anyMatch(c -> c.startsWith("aws s3api create-bucket")
                && c.contains("LocationConstraint=eu-west-1"));
    }

    /** Every kustomization and file the guide applies renders, parses strictly and follows the rules of its kind. */
    @Test
    void everythingTheGuideAppliesRendersAndFollowsEveryRule() throws Exception {
        DeployGuide.Run run = DeployGuide.run("eu-west-1");
        assertThat(run.exit()).as(run.output()).isZero();
        Path repo = run.repo();
        Map<Path, String> kinds = new LinkedHashMap<>();
        kinds.put(run.myCluster(), "app-eks");
        kinds.put(run.myCluster().resolve("kafka"), "kafka-eks");
        kinds.put(repo.resolve("k8s/overlays/local"), "app-local");
        kinds.put(repo.resolve("strimzi/overlays/local"), "kafka-local");
        kinds.put(repo.resolve("k8s/cluster/eks"), "cluster-eks");
        kinds.put(repo.resolve("k8s/cluster/base"), "cluster-local"); // the namespace alone: the guide labels it next
        kinds.put(repo.resolve("k8s/cluster/local"), "cluster-local");
        Set<String> strimziEks = Policies.strimziSecrets(Target.STRIMZI_EKS.render().docs());
        Set<String> strimziLocal = Policies.strimziSecrets(Target.STRIMZI_LOCAL.render().docs());
        StrimziCrdSchemas crds = StrimziCrdSchemas.load(Repo.STRIMZI_CRDS);

        Map<String, List<Yaml.Doc>> toValidate = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (DeployGuide.Applied a : run.applied()) {
            if (a.path() == null || a.path().startsWith(repo.resolve("strimzi-1.2.0"))) {
                continue; // a URL (pinned: see below) or Strimzi's own install files
            }
            String what = a.verb() + " " + run.sandbox().relativize(a.path());
            if (!a.kustomization()) {
                if (a.verb().endsWith("-file") && a.path().startsWith(repo.resolve("k8s"))) {
                    Manifests file = Manifests.file(a.path());
                    toValidate.put(what, file.docs());
                    checked++;
                    continue;
                }
                if (a.verb().endsWith("-stdin")) {
                    continue; // kubectl get -f - of a render already checked
                }
                problems.add(what + ": a file the test does not know how to check");
                continue;
            }
            String kind = kinds.get(a.path());
            if (kind == null) {
                problems.add(what + ": a kustomization the test does not know how to check");
                continue;
            }
            Manifests m = Manifests.of(Files.readString(a.rendered()), what);
            toValidate.put(what, m.docs());
            checked++;
            List<?> violations = switch (kind) {
                case "app-eks" -> Policies.check(m, Policies.Profile.EKS, strimziEks);
                case "app-local" -> Policies.check(m, Policies.Profile.LOCAL, strimziLocal);
                case "cluster-eks" -> Policies.checkCluster(m, Policies.Profile.EKS);
                case "cluster-local" -> Policies.checkCluster(m, Policies.Profile.LOCAL);
                default -> kafka(m, kind.endsWith("eks") ? Policies.Profile.EKS : Policies.Profile.LOCAL, crds);
            };
            violations.forEach(v -> problems.add(what + ": " + v));
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("kustomizations and files the guide applies").isGreaterThanOrEqualTo(15);
        assertThat(SchemaValidator.errors(SchemaValidator.validateAll(toValidate).values().stream().flatMap(List::stream).toList()))
                .isEmpty();
    }

    private static List<String> kafka(Manifests m, Policies.Profile profile, StrimziCrdSchemas crds) {
        List<String> errors = new ArrayList<>();
        m.docsOfGroup("kafka.strimzi.io").forEach(d -> errors.addAll(crds.validate(d)));
        errors.addAll(KafkaContract.checkTopics(m.docs(), profile.replicationFactor, profile.minInsyncReplicas));
        errors.addAll(KafkaContract.checkUsers(m.docs()));
        errors.addAll(KafkaContract.checkCluster(m.docs(), profile));
        errors.addAll(KafkaContract.checkLabels(m.docs()));
        return errors;
    }

    /** The guide's own overlays, as the shell writes them: its values filled in, each optional part it appends. */
    @Test
    void theGuidesOwnOverlaysCarryItsValuesAndEachOptionalPart() throws Exception {
        DeployGuide.Run run = DeployGuide.run("eu-west-1");
        List<DeployGuide.Applied> app = run.applied(run.myCluster()).stream().filter(a -> a.verb().equals("apply")).toList();
        assertThat(app).as("kubectl apply -k ../my-cluster").hasSizeGreaterThanOrEqualTo(5);
        Manifests first = Manifests.of(Files.readString(app.get(0).rendered()), "../my-cluster (first apply)");
        Manifests last = Manifests.of(Files.readString(app.get(app.size() - 1).rendered()), "../my-cluster (last apply)");
        for (Deployment d : first.all(Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                assertThat(c.getImage()).isEqualTo(REGISTRY + "/" + d.getMetadata().getName() + ":" + TAG);
            }
        }
        Ingress ingress = first.find(Ingress.class, "storefront-api").orElseThrow();
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo(HOST);
        assertThat(ingress.getSpec().getTls().get(0).getHosts()).containsExactly(HOST);
        NetworkPolicy fromAlb = first.find(NetworkPolicy.class, "storefront-api-ingress").orElseThrow();
        assertThat(fromAlb.getSpec().getIngress().get(0).getFrom().get(0).getIpBlock().getCidr()).isEqualTo(VPC_CIDR);
        assertThat(claimSize(first)).isEqualTo("20Gi");
        assertThat(first.docs()).noneMatch(d -> d.kind().equals("ScaledObject") || d.kind().equals("CronJob"));

        // after "Optional parts" and "MongoDB: growing the volumes"
        assertThat(last.docs()).filteredOn(d -> d.kind().equals("ScaledObject")).hasSize(2);
        assertThat(last.docs()).filteredOn(d -> d.apiVersion().startsWith("monitoring.coreos.com/"))
                .isNotEmpty().allSatisfy(d -> assertThat(d.tree().path("metadata").path("labels").path("release").asText())
                        .isEqualTo("kube-prometheus-stack"));
        assertThat(last.find(Service.class, "storefront-api-public")).isPresent();
        assertThat(last.find(ConfigMap.class, "mongodb-backup-settings").orElseThrow().getData()).containsEntry("S3_BUCKET", BUCKET);
        assertThat(claimSize(last)).isEqualTo("40Gi");

        List<DeployGuide.Applied> kafka = run.applied(run.myCluster().resolve("kafka"));
        Manifests kafkaFirst = Manifests.of(Files.readString(kafka.get(0).rendered()), "../my-cluster/kafka (first)");
        Manifests kafkaLast = Manifests.of(Files.readString(kafka.get(kafka.size() - 1).rendered()), "../my-cluster/kafka (last)");
        assertThat(brokerStorage(kafkaFirst)).isEqualTo("100Gi");
        assertThat(brokerStorage(kafkaLast)).isEqualTo("250Gi");
        assertThat(peers(kafkaFirst)).doesNotContain("keda");
        assertThat(peers(kafkaLast)).contains("\"kubernetes.io/metadata.name\":\"keda\"", "\"app\":\"keda-operator\"");
    }

    private static String claimSize(Manifests m) {
        StatefulSet mongodb = m.find(StatefulSet.class, "mongodb").orElseThrow();
        return mongodb.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage").toString();
    }

    private static String brokerStorage(Manifests m) {
        return m.docs().stream().filter(d -> d.kind().equals("KafkaNodePool") && d.name().equals("broker")).findFirst()
                .orElseThrow().tree().path("spec").path("storage").path("size").asText();
    }

    private static String peers(Manifests m) {
        JsonNode kafka = m.docs().stream().filter(d -> d.kind().equals("Kafka")).findFirst().orElseThrow().tree();
        return kafka.path("spec").path("kafka").path("listeners").path(0).path("networkPolicyPeers").toString();
    }

    /** Every release of charts/order-pipeline the guide installs, rendered by helm-java with the same values. */
    @Test
    void everyReleaseOfTheChartTheGuideInstallsRendersAndFollowsEveryRule() {
        DeployGuide.Run run = DeployGuide.run("eu-west-1");
        List<DeployGuide.HelmCall> ours = run.helm().stream().filter(h -> "charts/order-pipeline".equals(h.chart())).toList();
        assertThat(ours).as("helm upgrade --install ... charts/order-pipeline in docs/deploy.md").hasSizeGreaterThanOrEqualTo(3);
        Set<String> strimziEks = Policies.strimziSecrets(Target.STRIMZI_EKS.render().docs());
        Set<String> strimziLocal = Policies.strimziSecrets(Target.STRIMZI_LOCAL.render().docs());
        Map<String, List<Yaml.Doc>> toValidate = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int i = 0;
        for (DeployGuide.HelmCall call : ours) {
            String namespace = call.value("-n", "--namespace");
            TemplateCommand template = new Helm(Chart.UNDER_TEST).template().withName(call.release()).withNamespace(namespace)
                    .withKubeVersion(Chart.KUBE_VERSION);
            boolean local = false;
            for (String file : call.values("-f")) {
                template = template.withValuesFile(Repo.ROOT.resolve(file));
                local |= file.endsWith("values-local.yaml");
            }
            for (String set : call.values("--set")) {
                String[] kv = set.split("=", 2);
                template = template.set(kv[0], kv[1]);
            }
            String what = "helm #" + (++i) + " " + String.join(" ", call.args());
            Manifests m = Manifests.of(template.call(), what);
            toValidate.put(what, m.docs());
            Policies.check(m, local ? Policies.Profile.LOCAL : Policies.Profile.EKS, local ? strimziLocal : strimziEks)
                    .forEach(v -> problems.add(what + ": " + v));
            if (!local) {
                assertThat(m.find(Ingress.class, "storefront-api").orElseThrow().getSpec().getRules().get(0).getHost()).isEqualTo(HOST);
                assertThat(m.all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getContainers()
                        .get(0).getImage()).isEqualTo(REGISTRY + "/" + d.getMetadata().getName() + ":" + TAG));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(SchemaValidator.errors(SchemaValidator.validateAll(toValidate).values().stream().flatMap(List::stream).toList()))
                .isEmpty();
    }

    /** Third-party charts and downloads name their version; every add-on and controller is waited for before it is used. */
    @Test
    void everyPartFromElsewhereIsPinnedAndWaitedFor() throws Exception {
        DeployGuide.Run run = DeployGuide.run("eu-west-1");
        List<String> calls = run.calls();
        for (DeployGuide.HelmCall call : run.helm()) {
            if (call.chart() == null || call.chart().startsWith("charts/")) {
                continue;
            }
            assertThat(call.value("--version")).as("helm %s pins --version", String.join(" ", call.args())).isNotBlank();
            String namespace = call.value("-n", "--namespace");
            int installed = indexOf(calls, "helm " + String.join(" ", call.args()));
            assertThat(calls.subList(installed, calls.size())).as("something waits for %s in namespace %s", call.release(), namespace)
                    .anyMatch(c -> c.startsWith("kubectl -n " + namespace + " rollout status") || c.startsWith("kubectl -n " + namespace + " wait"));
        }
        List<String> downloads = new ArrayList<>(DeployGuide.kubectlUrls(run));
        calls.stream().filter(c -> c.startsWith("curl ") && c.matches(".*\\s-\\w*(O|o\\s(?!/dev/null))\\S*\\s.*"))
                .forEach(c -> downloads.add(c.replaceAll(".*\\s(https?://\\S+).*", "$1")));
        assertThat(downloads).as("what the guide downloads").hasSizeGreaterThanOrEqualTo(4).allSatisfy(url -> assertThat(url)
                .doesNotContainPattern("/(latest|main|master)/").containsPattern("v?\\d+\\.\\d+\\.\\d+"));
        Matcher addon = Pattern.compile("aws eks (create|update)-addon .*--addon-name (\\S+)").matcher("");
        int addons = 0;
        for (int i = 0; i < calls.size(); i++) {
            if (addon.reset(calls.get(i)).find()) {
                addons++;
                String name = addon.group(2);
                String waitedBy = addon.group(1).equals("create") ? "aws eks wait addon-active" : "aws eks describe-update";
                assertThat(calls.subList(i + 1, calls.size())).as("%s is waited for", name)
                        .anyMatch(c -> c.startsWith(waitedBy) && c.contains("--addon-name " + name));
            }
        }
        assertThat(addons).isEqualTo(3);
    }

    private static int indexOf(List<String> calls, String call) {
        int i = calls.indexOf(call);
        assertThat(i).as("call %s", call).isNotNegative();
        return i;
    }

    /** What would fail on macOS: GNU-only flags and Linux-only files. */
    @Test
    void noCommandIsLinuxOnly() {
        String bash = String.join("\n", DeployGuide.bashBlocks());
        assertThat(bash).doesNotContainPattern("sed -i(?!\\.bak)")
                .doesNotContain("/proc/")
                .doesNotContainPattern("base64 -w|readlink -f|date -d|xargs -r|grep -P|sha256sum")
                .doesNotContainPattern("(?m)(^|[|;&(]\\s*)timeout "); // GNU coreutils' timeout (not kubectl's --timeout)
    }

    /** The scripts and files the guide names exist (and the scripts are executable). */
    @Test
    void everyScriptAndFileTheGuideNamesExists() throws Exception {
        String doc = Files.readString(Repo.DEPLOY_DOC);
        Matcher m = Pattern.compile("(?<![\\w./$-])((?:scripts|k8s|strimzi|charts|manifest-tests)/[\\w./-]*[\\w/])").matcher(doc);
        int found = 0;
        while (m.find()) {
            String path = m.group(1).replaceAll("[{].*$", "");
            if (path.contains("*") || path.contains("<")) {
                continue;
            }
            found++;
            Path p = Repo.ROOT.resolve(path);
            assertThat(Files.exists(p)).as("docs/deploy.md names %s", path).isTrue();
            if (path.startsWith("scripts/") && path.endsWith(".sh")) {
                assertThat(Files.isExecutable(p)).as("%s is executable", path).isTrue();
            }
        }
        assertThat(found).isGreaterThan(20);
        for (String command : List.of("scripts/push-service-images.sh --registry", "scripts/load-local-images.sh kind",
                "kubectl apply -k k8s/cluster/eks", "kubectl apply -k k8s/cluster/local", "kind create cluster --config k8s/cluster/local/kind.yaml",
                "helm upgrade --install order-pipeline charts/order-pipeline", "charts/order-pipeline/values-local.yaml")) {
            assertThat(doc).contains(command);
        }
    }
}
