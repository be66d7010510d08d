package dev.orderpipeline.manifests;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * Renders charts/order-pipeline offline with helm-java (Helm's Go SDK through JNA; no helm binary,
 * no cluster), as `helm template order-pipeline charts/order-pipeline -n order-pipeline -f VALUES
 * --set ...` would, for Kubernetes 1.32.
 */
final class Chart {

    static final String RELEASE = "order-pipeline";
    static final String KUBE_VERSION = "1.32.0";
    /** The documented values files, by the overlay each one equals. */
    static final Map<String, Path> VALUES = Map.of(
            "eks", Repo.CHART.resolve("values.yaml"),
            "local", Repo.CHART.resolve("values-local.yaml"));
    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    private Chart() {
    }

    /** The chart rendered for a combination: its overlay's values file, and each of its components switched on. */
    static Manifests render(Combination combination) {
        String yaml = RENDERED.computeIfAbsent(combination.name(), n -> {
            TemplateCommand template = template(VALUES.get(combination.overlay()), RELEASE, RELEASE);
            for (String component : combination.components()) {
                template = template.set(valueOf(component), "true");
            }
            return template.call();
        });
        return Manifests.of(yaml, "charts/order-pipeline (" + combination.name() + ")");
    }

    static TemplateCommand template(Path valuesFile, String release, String namespace) {
        return new Helm(Repo.CHART).template().withName(release).withNamespace(namespace).withKubeVersion(KUBE_VERSION)
                .withValuesFile(valuesFile);
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
