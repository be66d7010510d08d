package dev.orderpipeline.manifests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository this module checks; found from the working directory upwards. */
final class Repo {

    static final Path ROOT = findRoot();
    static final Path K8S = ROOT.resolve("k8s");
    static final Path STRIMZI = ROOT.resolve("strimzi");
    static final Path MODULE = ROOT.resolve("manifest-tests");
    /** Kustomizations that exist only for the tests (overlay + optional component). */
    static final Path TEST_KUSTOMIZATIONS = MODULE.resolve("src/test/kustomize");
    /** Deliberately broken inputs, one or more per test layer. */
    static final Path FIXTURES = MODULE.resolve("src/test/fixtures");
    /** CRDs generated from io.strimzi:api by scripts/regenerate-strimzi-schemas.sh. */
    static final Path STRIMZI_CRDS = MODULE.resolve("src/test/resources/strimzi-crds");
    static final Path DEPLOY_DOC = ROOT.resolve("docs/deploy.md");
    /** The Helm chart, which renders what the kustomize overlays render (HelmChartTest). */
    static final Path CHART = ROOT.resolve("charts/order-pipeline");

    private Repo() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("k8s")) && Files.isDirectory(p.resolve("strimzi"))
                    && Files.isDirectory(p.resolve("manifest-tests"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (with k8s/, strimzi/, manifest-tests/) above " + dir);
    }

    static String relative(Path p) {
        return ROOT.relativize(p.toAbsolutePath()).toString();
    }
}
