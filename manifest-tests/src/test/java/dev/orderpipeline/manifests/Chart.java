package dev.orderpipeline.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * Renders charts/order-pipeline offline with helm-java (Helm's Go SDK through JNA; no helm binary,
 * no cluster), as `helm template order-pipeline charts/order-pipeline -n order-pipeline -f VALUES
 * --set ...` would, for Kubernetes 1.32.
 *
 * <p>helm-java renders a release's manifest only, without its hooks (the MongoDB init Job, the
 * chart's tests), which Helm keeps apart. So the tests render {@link #UNDER_TEST}, a copy of the
 * chart whose hook annotations are renamed to {@link #HOOK}*: the hooks render like every other
 * object, and still say which hooks they are. Tests (hook "test") are left out where the chart is
 * compared with the overlays ({@link #withoutTests}).
 */
final class Chart {

    static final String RELEASE = "order-pipeline";
    static final String KUBE_VERSION = "1.32.0";
    /** The documented values files, by the overlay each one equals. */
    static final Map<String, Path> VALUES = Map.of(
            "eks", Repo.CHART.resolve("values.yaml"),
            "local", Repo.CHART.resolve("values-local.yaml"));
    /** What each overlay has where the chart requires a value (src/test/helm/OVERLAY.yaml). */
    static final Path OVERLAY_VALUES = Repo.MODULE.resolve("src/test/helm");
    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();
    /** The annotation helm.sh/hook (and hook-weight, hook-delete-policy) of the chart is called so in {@link #UNDER_TEST}. */
    static final String HOOK = "manifest-tests.orderpipeline.dev/hook";
    /** The chart with its hooks as plain objects (see above), under target/. */
    static final Path UNDER_TEST = copyWithHooksAsObjects(Repo.MODULE.resolve("target/chart-under-test/order-pipeline"));

    private Chart() {
    }

    /** The chart rendered for a combination: its overlay's values file, and each of its components switched on. */
    static Manifests render(Combination combination) {
        String yaml = RENDERED.computeIfAbsent(combination.name(), n -> {
            TemplateCommand template = overlay(combination.overlay(), RELEASE, RELEASE);
            for (String component : combination.components()) {
                template = template.set(valueOf(component), "true");
            }
            return template.call();
        });
        return Manifests.of(yaml, "charts/order-pipeline (" + combination.name() + ")");
    }

    /** The chart with an overlay's values file and what the overlay has where the chart requires a value. */
    static TemplateCommand overlay(String overlay, String release, String namespace) {
        return template(VALUES.get(overlay), release, namespace).withValuesFile(OVERLAY_VALUES.resolve(overlay + ".yaml"));
    }

    static TemplateCommand template(Path valuesFile, String release, String namespace) {
        return new Helm(UNDER_TEST).template().withName(release).withNamespace(namespace).withKubeVersion(KUBE_VERSION)
                .withValuesFile(valuesFile);
    }

    /** The objects of a render but the chart's tests (helm template --skip-tests). */
    static List<Yaml.Doc> withoutTests(List<Yaml.Doc> docs) {
        return docs.stream().filter(d -> !isTest(d)).toList();
    }

    static boolean isTest(Yaml.Doc d) {
        return "test".equals(hook(d));
    }

    /** The helm.sh/hook annotation of a rendered object (as {@link #HOOK}), or "". */
    static String hook(Yaml.Doc d) {
        return d.tree().path("metadata").path("annotations").path(HOOK).asText("");
    }

    /** A copy of the chart in which "helm.sh/hook" is {@link #HOOK} (the rest byte for byte). */
    static Path copyWithHooksAsObjects(Path to) {
        try (Stream<Path> files = Files.walk(Repo.CHART)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(Repo.CHART.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (f.startsWith(Repo.CHART.resolve("templates"))) {
                    Files.writeString(target, Files.readString(f).replace("helm.sh/hook", HOOK));
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value that switches a component of k8s/components on. */
    static String valueOf(String component) {
        return switch (component) {
            case "backup-s3" -> "backup.enabled";
            case "keda" -> "keda.enabled";
            case "loadbalancer" -> "loadBalancer.enabled";
            case "monitoring" -> "monitoring.enabled";
            default -> throw new IllegalArgumentException("component " + component + " has no switch in the chart's values");
        };
    }
}
