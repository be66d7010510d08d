package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Layer 1: every overlay renders with kubectl kustomize; a broken kustomization does not. */
class RenderTest {

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "StorageClass", "ClusterRole",
            "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "IngressClass");

    @ParameterizedTest
    @EnumSource(Target.class)
    void rendersIntoTheApplicationNamespace(Target target) {
        Kubectl.assumeAvailable();
        List<Yaml.Doc> docs = Yaml.read(Kubectl.render(target.dir), target.name());
        assertThat(docs).as("objects rendered from %s", Repo.relative(target.dir)).isNotEmpty();
        for (Yaml.Doc doc : docs) {
            String namespace = doc.tree().path("metadata").path("namespace").asText("");
            if (CLUSTER_SCOPED.contains(doc.kind())) {
                assertThat(namespace).as("%s is cluster-scoped", doc.id()).isEmpty();
            } else {
                assertThat(namespace).as("namespace of %s", doc.id()).isEqualTo(Policies.NAMESPACE);
            }
        }
    }

    @Test
    void everyOverlayAndComponentIsATestTarget() throws IOException {
        List<Path> overlays = new ArrayList<>();
        for (Path root : List.of(Repo.K8S.resolve("overlays"), Repo.STRIMZI.resolve("overlays"))) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(Files::isDirectory).forEach(overlays::add);
            }
        }
        List<Path> targets = Arrays.stream(Target.values()).map(t -> t.dir).toList();
        assertThat(targets).as("every overlay is rendered and checked").containsAll(overlays);

        // the own-overlay example of docs/deploy.md is the test kustomization eks-own-overlay
        String doc = Files.readString(Repo.DEPLOY_DOC);
        String example = Files.readString(Target.K8S_EKS_OWN_OVERLAY.dir.resolve("kustomization.yaml"));
        for (String line : example.lines().filter(l -> l.contains("op: replace")).toList()) {
            assertThat(doc).as("docs/deploy.md shows the patch tested in eks-own-overlay").contains(line.trim());
        }

        try (Stream<Path> components = Files.list(Repo.K8S.resolve("components"))) {
            for (Path component : components.filter(d -> Files.exists(d.resolve("kustomization.yaml"))).toList()) {
                String name = component.getFileName().toString();
                boolean used = Arrays.stream(Target.values()).anyMatch(t -> {
                    try {
                        return Files.readString(t.dir.resolve("kustomization.yaml")).contains("components/" + name);
                    } catch (IOException e) {
                        return false;
                    }
                });
                assertThat(used).as("component %s is part of some test target (src/test/kustomize)", name).isTrue();
            }
        }
    }

    static List<Path> brokenKustomizations() {
        return Fixtures.of("render");
    }

    @ParameterizedTest
    @MethodSource("brokenKustomizations")
    void brokenKustomizationFailsToRender(Path fixture) {
        Kubectl.assumeAvailable();
        Kubectl.Result result = Kubectl.kustomize(fixture);
        assertThat(result.exitCode()).as("exit code of kubectl kustomize %s", Repo.relative(fixture)).isNotZero();
        assertThat(result.stderr()).contains(Fixtures.expectation(fixture));
    }
}
