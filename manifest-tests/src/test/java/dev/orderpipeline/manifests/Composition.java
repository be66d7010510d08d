package dev.orderpipeline.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rule for optional components: adding one adds its own objects and changes no pod template
 * and no label of any object that was there without it (so adding a component never rolls another
 * component's pods, nor relabels the namespace's objects). Its only allowed change to another
 * object's spec is what it declares (KEDA: removing the workers' spec.replicas).
 */
final class Composition {

    record Violation(String subject, String message) {
        @Override
        public String toString() {
            return subject + ": " + message;
        }
    }

    private Composition() {
    }

    private static String key(Yaml.Doc d) {
        return d.kind() + "/" + d.name();
    }

    static JsonNode podTemplate(Yaml.Doc d) {
        JsonNode spec = d.tree().path("spec");
        return "CronJob".equals(d.kind()) ? spec.path("jobTemplate").path("spec").path("template") : spec.path("template");
    }

    /** What adding {@code component} to {@code without} (giving {@code with}) changed in the objects that were there. */
    static List<Violation> check(Manifests without, Manifests with, String component) {
        Map<String, Yaml.Doc> after = with.docs().stream().collect(Collectors.toMap(Composition::key, Function.identity()));
        List<Violation> violations = new ArrayList<>();
        for (Yaml.Doc before : without.docs()) {
            String id = key(before);
            Yaml.Doc now = after.get(id);
            if (now == null) {
                violations.add(new Violation(id, "adding " + component + " removes it (or renames it)"));
                continue;
            }
            if (!Objects.equals(podTemplate(before), podTemplate(now))) {
                violations.add(new Violation(id, "adding " + component + " changes its pod template (its pods roll): "
                        + podTemplate(before).path("metadata") + " -> " + podTemplate(now).path("metadata")));
            }
            JsonNode labelsBefore = before.tree().path("metadata").path("labels");
            JsonNode labelsNow = now.tree().path("metadata").path("labels");
            if (!Objects.equals(labelsBefore, labelsNow)) {
                violations.add(new Violation(id, "adding " + component + " changes its labels: " + labelsBefore + " -> "
                        + labelsNow));
            }
        }
        return violations;
    }
}
