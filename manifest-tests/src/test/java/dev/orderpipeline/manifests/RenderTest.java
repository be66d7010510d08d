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

    @ParameterizedTest
    @EnumSource(Target.class)
    void rendersIntoTheApplicationNamespace(Target target) {
        Kubectl.assumeAvailable();
        List<Yaml.Doc> docs = Yaml.read(Kubectl.render(target.dir), target.name());
        assertThat(docs).as("objects rendered from %s", Repo.relative(target.dir)).isNotEmpty();
        for (Yaml.Doc doc : docs) {
            String namespace = doc.tree().path("metadata").path("namespace").asText("");
            if (Policies.CLUSTER_SCOPED_KINDS.contains(doc.kind())) {
                assertThat(target.cluster()).as("%s is cluster-scoped: only k8s/cluster renders such objects", doc.id())
                        .isTrue();
                assertThat(namespace).as("%s is cluster-scoped", doc.id()).isEmpty();
            } else {
                assertThat(target.cluster()).as("k8s/cluster renders cluster-scoped objects only, not %s", doc.id())
                        .isFalse();
                assertThat(namespace).as("namespace of %s", doc.id()).isEqualTo(Policies.NAMESPACE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"CLUSTER_EKS", "CLUSTER_LOCAL"})
    void clusterScopedObjectsAreRightForTheEnvironment(Target target) {
        Manifests cluster = target.render();
        assertThat(Policies.checkCluster(cluster, target.profile)).as("violations in %s", target).isEmpty();
        assertThat(cluster.docs()).anyMatch(d -> d.kind().equals("Namespace") && d.name().equals(Policies.NAMESPACE));
        assertThat(cluster.docs().stream().anyMatch(d -> d.kind().equals("StorageClass")))
                .as("%s renders a StorageClass", target).isEqualTo(target.profile.storageClass != null);
    }

    @Test
    void everyOverlayAndComponentIsATestTarget() throws IOException {
        List<Path> overlays = new ArrayList<>();
        for (Path root : List.of(Repo.K8S.resolve("overlays"), Repo.K8S.resolve("cluster"), Repo.STRIMZI.resolve("overlays"))) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(Files::isDirectory).filter(d -> !d.endsWith("base")).forEach(overlays::add);
            }
        }
        List<Path> targets = Arrays.stream(Target.values()).map(t -> t.dir).toList();
        assertThat(targets).as("every overlay is rendered and checked").containsAll(overlays);

        // every component is rendered with every overlay and every other component (CombinationTest)
        assertThat(Combination.allComponents()).contains("backup-s3", "keda", "loadbalancer", "monitoring");
        assertThat(Combination.all()).hasSize(Combination.overlays().size() << Combination.allComponents().size());
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
