package dev.orderpipeline.manifests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** A rendered (or fixture) set of manifests: the YAML documents and their strictly parsed objects. */
record Manifests(String origin, List<Yaml.Doc> docs, List<HasMetadata> objects) {

    /** A workload's pod template, with the workload it belongs to. */
    record Pod(HasMetadata owner, PodTemplateSpec template) {
        String id() {
            return owner.getKind() + "/" + owner.getMetadata().getName();
        }

        Map<String, String> labels() {
            Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
            return labels == null ? Map.of() : labels;
        }

        String appName() {
            return labels().getOrDefault("app.kubernetes.io/name", "");
        }
    }

    static Manifests of(String yaml, String origin) {
        List<Yaml.Doc> docs = Yaml.read(yaml, origin);
        return new Manifests(origin, docs, StrictKubernetes.parseAll(docs));
    }

    static Manifests render(Path kustomization) {
        return of(Kubectl.render(kustomization), Repo.relative(kustomization));
    }

    static Manifests file(Path file) {
        List<Yaml.Doc> docs = Yaml.read(file);
        return new Manifests(Repo.relative(file), docs, StrictKubernetes.parseAll(docs));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    List<Pod> pods() {
        List<Pod> pods = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d && d.getSpec() != null) {
                pods.add(new Pod(o, d.getSpec().getTemplate()));
            } else if (o instanceof StatefulSet s && s.getSpec() != null) {
                pods.add(new Pod(o, s.getSpec().getTemplate()));
            } else if (o instanceof Job j && j.getSpec() != null) {
                pods.add(new Pod(o, j.getSpec().getTemplate()));
            } else if (o instanceof CronJob c && c.getSpec() != null && c.getSpec().getJobTemplate() != null
                    && c.getSpec().getJobTemplate().getSpec() != null) {
                pods.add(new Pod(o, c.getSpec().getJobTemplate().getSpec().getTemplate()));
            }
        }
        return pods;
    }

    List<Yaml.Doc> docsOfGroup(String group) {
        return docs.stream().filter(d -> d.apiVersion().startsWith(group + "/")).toList();
    }
}
