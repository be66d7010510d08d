package dev.orderpipeline.manifests;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Custom resources of the optional components that neither fabric8's typed model nor Strimzi's
 * knows: the Prometheus Operator's (monitoring.coreos.com/v1) and KEDA's (keda.sh/v1alpha1). They
 * parse as generic resources, but only these kinds, and only with the top-level and spec fields
 * their CRDs define, so a misspelt field still fails.
 */
final class OtherCustomResources {

    /** "apiVersion/kind" to the fields their CRD allows under spec. */
    static final Map<String, Set<String>> KNOWN = Map.of(
            "monitoring.coreos.com/v1/PrometheusRule", Set.of("groups"),
            "monitoring.coreos.com/v1/PodMonitor", Set.of("selector", "podMetricsEndpoints", "namespaceSelector",
                    "jobLabel", "podTargetLabels", "sampleLimit", "targetLimit", "labelLimit", "attachMetadata"),
            "keda.sh/v1alpha1/ScaledObject", Set.of("scaleTargetRef", "pollingInterval", "cooldownPeriod",
                    "initialCooldownPeriod", "idleReplicaCount", "minReplicaCount", "maxReplicaCount", "advanced",
                    "triggers", "fallback"),
            "keda.sh/v1alpha1/TriggerAuthentication", Set.of("secretTargetRef", "configMapTargetRef", "env",
                    "podIdentity", "hashiCorpVault", "azureKeyVault", "awsSecretManager", "gcpSecretManager",
                    "boundServiceAccountToken"));

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");

    private OtherCustomResources() {
    }

    static boolean isKnown(Yaml.Doc doc) {
        return KNOWN.containsKey(doc.apiVersion() + "/" + doc.kind());
    }

    static void checkFields(Yaml.Doc doc) {
        Set<String> specFields = KNOWN.get(doc.apiVersion() + "/" + doc.kind());
        for (Iterator<String> it = doc.tree().fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP_LEVEL.contains(field)) {
                throw new StrictKubernetes.StrictParseException(doc.id() + ": unknown field " + field, null);
            }
        }
        JsonNode spec = doc.tree().path("spec");
        if (!spec.isObject()) {
            throw new StrictKubernetes.StrictParseException(doc.id() + ": spec is missing", null);
        }
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!specFields.contains(field)) {
                throw new StrictKubernetes.StrictParseException(doc.id() + ": unknown field spec." + field
                        + " (known: " + specFields + ")", null);
            }
        }
    }
}
