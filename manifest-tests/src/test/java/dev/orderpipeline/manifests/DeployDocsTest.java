package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

/** docs/deploy.md tells operators what the manifests expect of them, with commands and files that work. */
class DeployDocsTest {

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
                .contains("create secret generic storefront-api-cart-id-key --from-literal=key=$(openssl rand -base64 32)");
    }

    /** Example values for the shell variables the guide sets in "Variables and cluster access". */
    static final Map<String, String> VARIABLES = Map.of(
            "REGISTRY", "111122223333.dkr.ecr.eu-west-1.amazonaws.com/order-pipeline",
            "TAG", "0.1.0",
            "HOST", "shop.your-domain.example",
            "VPC_CIDR", "10.42.0.0/16");

    /** The guide's own overlay (the heredoc it writes to ../my-cluster), rendered as the shell would write it. */
    @Test
    void theOwnOverlayOfTheGuideRendersAndFollowsEveryRule() throws Exception {
        String doc = Files.readString(Repo.DEPLOY_DOC);
        Matcher m = Pattern.compile("cat > \\.\\./my-cluster/kustomization\\.yaml <<EOF\n(.*?)\nEOF\n", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("docs/deploy.md writes ../my-cluster/kustomization.yaml").isTrue();
        Path dir = Combination.GENERATED.resolve("doc-own-overlay");
        String relativeRepo = dir.relativize(Repo.ROOT).toString();
        String text = m.group(1).replace("../$(basename \"$PWD\")", relativeRepo);
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            text = text.replace("$" + v.getKey(), v.getValue());
        }
        assertThat(text).as("every variable of the overlay is set by the guide").doesNotContain("$");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), text);

        Manifests own = Manifests.render(dir);
        Set<String> strimziSecrets = Policies.strimziSecrets(Target.STRIMZI_EKS.render().docs());
        assertThat(Policies.check(own, Policies.Profile.EKS, strimziSecrets)).isEmpty();
        assertThat(SchemaValidator.errors(SchemaValidator.validate(own.docs()))).isEmpty();
        for (Deployment d : own.all(Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                assertThat(c.getImage()).isEqualTo(VARIABLES.get("REGISTRY") + "/" + d.getMetadata().getName() + ":0.1.0");
            }
        }
        Ingress ingress = own.find(Ingress.class, "storefront-api").orElseThrow();
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo(VARIABLES.get("HOST"));
        assertThat(ingress.getSpec().getTls().get(0).getHosts()).containsExactly(VARIABLES.get("HOST"));
        NetworkPolicy fromAlb = own.find(NetworkPolicy.class, "storefront-api-ingress").orElseThrow();
        assertThat(fromAlb.getSpec().getIngress().get(0).getFrom().get(0).getIpBlock().getCidr()).isEqualTo(VARIABLES.get("VPC_CIDR"));
    }

    /** The scripts and files the guide runs exist (and the scripts are executable). */
    @Test
    void everyScriptAndFileTheGuideNamesExists() throws Exception {
        String doc = Files.readString(Repo.DEPLOY_DOC);
        Matcher m = Pattern.compile("(?<![\\w./-])((?:scripts|k8s|strimzi|charts|manifest-tests)/[\\w./-]*[\\w/])").matcher(doc);
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
