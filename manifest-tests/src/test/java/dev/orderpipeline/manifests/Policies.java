package dev.orderpipeline.manifests;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;

/**
 * The platform rules every rendered k8s/ overlay must satisfy. Each rule reports violations
 * instead of failing at the first, so one run lists everything that is wrong; each rule has a
 * broken fixture (src/test/fixtures/policy/RULE.yaml) proving that it catches what it claims to.
 */
final class Policies {

    static final String NAMESPACE = "order-pipeline";
    static final String STOREFRONT = "storefront-api";
    /** The operators' service: it serves the admin paths (/api/admin, /api/ops, /ops/), internal only. */
    static final String OPS = "ops-api";
    static final Set<String> SERVICES = Set.of("storefront-api", "order-processor", "inventory-worker", OPS);
    static final Set<String> MONGODB_CLIENTS = Set.of("storefront-api", "order-processor", "inventory-worker", OPS,
            "mongodb", "mongodb-init", "mongodb-backup");
    /** The storefront's shopper paths: the only ones the public entry routes (path to pathType). */
    static final Map<String, String> PUBLIC_PATHS = Map.of("/", "Exact", "/index.html", "Exact", "/js", "Prefix",
            "/css", "Prefix", "/api/products", "Prefix", "/api/carts", "Prefix", "/api/orders", "Prefix");
    /** The value app.kubernetes.io/part-of and app.kubernetes.io/instance have on every object. */
    static final String APPLICATION = "order-pipeline";
    /** The project's own images: as the manifests name them, and as built locally (k8s/overlays/local). */
    static final List<String> OWN_IMAGES = List.of("ghcr.io/order-pipeline/", "localhost/orderpipeline/");
    static final String ZONE = "topology.kubernetes.io/zone";
    static final List<String> OBJECT_LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by");
    static final List<String> POD_LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/version");

    enum Rule {
        PROBES("liveness and readiness probes on a declared port; actuator probe groups for the services"),
        RESOURCES("requests and limits for cpu and memory on every container, limit >= request"),
        SECURITY_CONTEXT("non-root, read-only root filesystem, all capabilities dropped, seccomp RuntimeDefault"),
        SERVICE_ACCOUNT("an own ServiceAccount per workload, no token automount"),
        TOPOLOGY_SPREAD("pods spread across zones by a constraint that selects them"),
        IMAGE_TAGS("every image pinned by tag or digest, never latest"),
        SELECTORS("selectors match the pods they are meant for"),
        SERVICE_PORTS("every Service targets a port its pods expose"),
        STORAGE("volume claims on the environment's storage class (gp3 on EKS), kept on delete"),
        EXPOSURE("only the storefront is reachable from outside the cluster"),
        NETWORK_POLICIES("default deny; MongoDB only from the three services; egress only where needed"),
        TRACING_EGRESS("a service whose ConfigMap names an OTLP collector may reach its namespace on the endpoint's port"),
        LABELS("recommended app.kubernetes.io labels on every object and pod template"),
        REFERENCES("every ConfigMap and Secret a pod uses is rendered or provided by a known party"),
        AVAILABILITY("PodDisruptionBudgets, replica counts and autoscaling for the environment"),
        SCALED_OBJECTS("a KEDA ScaledObject owns the replica count of the workload it scales: no spec.replicas, no second autoscaler"),
        PUBLIC_PATHS("the public Ingress routes the storefront's shopper paths only, never /api/admin, /api/ops, /ops/ or /actuator"),
        CLUSTER_SCOPED("the application renders no cluster-scoped object (those are in k8s/cluster, applied once by a cluster admin)"),
        LOAD_BALANCER_DRAIN("an AWS load balancer sending to pod IPs drains a removed pod for less than its termination grace"
                + " period, and the pod keeps serving (preStop sleep) until the load balancer has taken it out"),
        READINESS_GATE("on EKS the application's namespace is labelled for the AWS Load Balancer Controller's pod readiness gates"),
        ADMIN_ACCESS("the operators' service (the admin paths) is admitted only from its own namespace or namespaces named one by"
                + " one, never from an address block (the VPC, a load balancer); an address block is admitted to the storefront's"
                + " HTTP port only"),
        MONGODB_TLS("MongoDB requires TLS (--tlsMode requireTLS), each MongoDB client connects with tls=true, and a"
                + " member is ready only as PRIMARY or SECONDARY (readiness: db.hello() over TLS)");

        final String description;

        Rule(String description) {
            this.description = description;
        }
    }

    /**
     * The Helm release (or kustomize's instance) the manifests are for: its name is the
     * app.kubernetes.io/instance label; objects of a release other than order-pipeline are named
     * {@code <release>-<name>}, the Secrets the operator provides too.
     */
    record Release(String name, String namespace) {
        static final Release DEFAULT = new Release(APPLICATION, NAMESPACE);

        String prefix() {
            return name.equals(APPLICATION) ? "" : name + "-";
        }

        Set<String> operatorSecrets(Profile profile) {
            Set<String> names = new LinkedHashSet<>();
            profile.operatorSecrets.forEach(s -> names.add(prefix() + s));
            return names;
        }
    }

    record Violation(Rule rule, String subject, String message) {
        @Override
        public String toString() {
            return "[" + rule + "] " + subject + ": " + message;
        }
    }

    /** What differs between environments. */
    enum Profile {
        /** Amazon EKS: gp3, at least 2 replicas of every service, a 3-member replica set; Secrets provided by the operator. */
        EKS("gp3", 2, 3, 3, 3, 2, Set.of("ops-api-admin-token", "storefront-api-cart-id-key", "mongodb-admin",
                "mongodb-keyfile", "mongodb-storefront-api", "mongodb-order-processor", "mongodb-inventory-worker",
                "mongodb-ops-api", "mongodb-backup", "mongodb-tls")),
        /** kind/minikube: the default storage class, one replica of everything, Secrets generated but MongoDB's certificate. */
        LOCAL(null, 1, 1, 1, 1, 1, Set.of("mongodb-tls"));

        final String storageClass;
        final int replicas;
        final int mongodbMembers;
        /** Kafka controllers and brokers (each). */
        final int kafkaNodes;
        final int replicationFactor;
        final int minInsyncReplicas;
        /** Secrets the operator creates before applying (docs/deploy.md). */
        final Set<String> operatorSecrets;

        Profile(String storageClass, int replicas, int mongodbMembers, int kafkaNodes, int replicationFactor,
                int minInsyncReplicas, Set<String> operatorSecrets) {
            this.storageClass = storageClass;
            this.replicas = replicas;
            this.mongodbMembers = mongodbMembers;
            this.kafkaNodes = kafkaNodes;
            this.replicationFactor = replicationFactor;
            this.minInsyncReplicas = minInsyncReplicas;
            this.operatorSecrets = operatorSecrets;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Manifests m;
    private final Profile profile;
    private final Release release;
    /** Secrets Strimzi creates: the cluster CA certificate and one per KafkaUser. */
    private final Set<String> strimziSecrets;
    private final List<Violation> violations = new ArrayList<>();

    private Policies(Manifests manifests, Profile profile, Set<String> strimziSecrets, Release release) {
        this.m = manifests;
        this.profile = profile;
        this.release = release;
        this.strimziSecrets = strimziSecrets;
    }

    static List<Violation> check(Manifests manifests, Profile profile, Set<String> strimziSecrets) {
        return check(manifests, profile, strimziSecrets, Release.DEFAULT);
    }

    static List<Violation> check(Manifests manifests, Profile profile, Set<String> strimziSecrets, Release release) {
        Policies p = new Policies(manifests, profile, strimziSecrets, release);
        p.probes();
        p.resources();
        p.securityContext();
        p.serviceAccounts();
        p.topologySpread();
        p.imageTags();
        p.selectors();
        p.servicePorts();
        p.storage();
        p.exposure();
        p.networkPolicies();
        p.tracingEgress();
        p.labels();
        p.references();
        p.availability();
        p.scaledObjects();
        p.publicPaths();
        p.clusterScoped();
        p.loadBalancerDrain();
        p.readinessGate();
        p.adminAccess();
        p.mongodbTls();
        return List.copyOf(p.violations);
    }

    private void violation(Rule rule, String subject, String message) {
        violations.add(new Violation(rule, subject, message));
    }

    private static List<Container> containers(PodSpec spec) {
        return spec.getContainers() == null ? List.of() : spec.getContainers();
    }

    private static List<Container> allContainers(PodSpec spec) {
        List<Container> all = new ArrayList<>(containers(spec));
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        return all;
    }

    private static boolean isOwnImage(Container c) {
        return c.getImage() != null && OWN_IMAGES.stream().anyMatch(c.getImage()::startsWith);
    }

    // ---------------------------------------------------------------- probes

    private void probes() {
        for (Manifests.Pod pod : m.pods()) {
            if (pod.owner() instanceof Job || pod.owner() instanceof CronJob) {
                continue; // runs to completion
            }
            for (Container c : containers(pod.template().getSpec())) {
                String subject = pod.id() + " container " + c.getName();
                checkProbe(subject, c, "liveness", c.getLivenessProbe(), "/actuator/health/liveness");
                checkProbe(subject, c, "readiness", c.getReadinessProbe(), "/actuator/health/readiness");
            }
        }
    }

    private void checkProbe(String subject, Container c, String kind, Probe probe, String actuatorPath) {
        if (probe == null) {
            violation(Rule.PROBES, subject, "no " + kind + " probe");
            return;
        }
        IntOrString port = null;
        if (probe.getHttpGet() != null) {
            port = probe.getHttpGet().getPort();
            if (isOwnImage(c) && !actuatorPath.equals(probe.getHttpGet().getPath())) {
                violation(Rule.PROBES, subject, kind + " probe must use actuator's " + kind + " group "
                        + actuatorPath + ", not " + probe.getHttpGet().getPath());
            }
        } else if (probe.getTcpSocket() != null) {
            port = probe.getTcpSocket().getPort();
        } else if (probe.getExec() == null && probe.getGrpc() == null) {
            violation(Rule.PROBES, subject, kind + " probe has no handler");
        }
        if (isOwnImage(c) && probe.getHttpGet() == null) {
            violation(Rule.PROBES, subject, kind + " probe must be an HTTP GET of " + actuatorPath);
        }
        if (port != null && !declaresPort(List.of(c), port)) {
            violation(Rule.PROBES, subject, kind + " probe port " + port.getValue() + " is not a declared container port");
        }
    }

    private static boolean declaresPort(List<Container> containers, IntOrString port) {
        for (Container c : containers) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (port.getIntVal() != null && port.getIntVal().equals(p.getContainerPort())) {
                    return true;
                }
                if (port.getStrVal() != null && port.getStrVal().equals(p.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- resources

    private void resources() {
        for (Manifests.Pod pod : m.pods()) {
            for (Container c : allContainers(pod.template().getSpec())) {
                String subject = pod.id() + " container " + c.getName();
                ResourceRequirements r = c.getResources();
                Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
                Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = requests.get(resource);
                    Quantity limit = limits.get(resource);
                    if (request == null) {
                        violation(Rule.RESOURCES, subject, "no " + resource + " request");
                    }
                    if (limit == null) {
                        violation(Rule.RESOURCES, subject, "no " + resource + " limit");
                    }
                    if (request != null && limit != null) {
                        BigDecimal req = Quantity.getAmountInBytes(request);
                        BigDecimal lim = Quantity.getAmountInBytes(limit);
                        if (lim.compareTo(req) < 0) {
                            violation(Rule.RESOURCES, subject, resource + " limit " + limit + " is below the request " + request);
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- security context

    private void securityContext() {
        for (Manifests.Pod pod : m.pods()) {
            PodSpec spec = pod.template().getSpec();
            PodSecurityContext psc = spec.getSecurityContext();
            boolean podNonRoot = psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot());
            boolean podSeccomp = psc != null && psc.getSeccompProfile() != null
                    && "RuntimeDefault".equals(psc.getSeccompProfile().getType());
            if (psc != null && Long.valueOf(0).equals(psc.getRunAsUser())) {
                violation(Rule.SECURITY_CONTEXT, pod.id(), "pod runs as uid 0");
            }
            if (Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID())
                    || Boolean.TRUE.equals(spec.getHostIPC())) {
                violation(Rule.SECURITY_CONTEXT, pod.id(), "shares a host namespace (network, PID or IPC)");
            }
            for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
                if (v.getHostPath() != null) {
                    violation(Rule.SECURITY_CONTEXT, pod.id(), "hostPath volume " + v.getName());
                }
            }
            for (Container c : allContainers(spec)) {
                String subject = pod.id() + " container " + c.getName();
                SecurityContext sc = c.getSecurityContext();
                if (sc == null) {
                    violation(Rule.SECURITY_CONTEXT, subject, "no securityContext");
                    continue;
                }
                if (!podNonRoot && !Boolean.TRUE.equals(sc.getRunAsNonRoot())) {
                    violation(Rule.SECURITY_CONTEXT, subject, "runAsNonRoot is not true (pod or container)");
                }
                if (Long.valueOf(0).equals(sc.getRunAsUser())) {
                    violation(Rule.SECURITY_CONTEXT, subject, "runs as uid 0");
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    violation(Rule.SECURITY_CONTEXT, subject, "allowPrivilegeEscalation is not false");
                }
                if (Boolean.TRUE.equals(sc.getPrivileged())) {
                    violation(Rule.SECURITY_CONTEXT, subject, "privileged");
                }
                if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                    violation(Rule.SECURITY_CONTEXT, subject, "readOnlyRootFilesystem is not true");
                }
                if (sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                        || !sc.getCapabilities().getDrop().contains("ALL")) {
                    violation(Rule.SECURITY_CONTEXT, subject, "capabilities.drop does not contain ALL");
                }
                if (sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null
                        && !sc.getCapabilities().getAdd().isEmpty()) {
                    violation(Rule.SECURITY_CONTEXT, subject, "adds capabilities " + sc.getCapabilities().getAdd());
                }
                boolean seccomp = podSeccomp || (sc.getSeccompProfile() != null
                        && "RuntimeDefault".equals(sc.getSeccompProfile().getType()));
                if (!seccomp) {
                    violation(Rule.SECURITY_CONTEXT, subject, "seccompProfile is not RuntimeDefault (pod or container)");
                }
                if (isOwnImage(c) && !mountsEmptyDir(spec, c, "/tmp")) {
                    violation(Rule.SECURITY_CONTEXT, subject, "read-only root filesystem but no emptyDir at /tmp");
                }
            }
        }
    }

    private static boolean mountsEmptyDir(PodSpec spec, Container c, String path) {
        for (VolumeMount mount : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
            if (path.equals(mount.getMountPath())) {
                return spec.getVolumes() != null && spec.getVolumes().stream()
                        .anyMatch(v -> v.getName().equals(mount.getName()) && v.getEmptyDir() != null);
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- service accounts

    private void serviceAccounts() {
        Map<String, String> usedBy = new HashMap<>();
        for (Manifests.Pod pod : m.pods()) {
            PodSpec spec = pod.template().getSpec();
            String sa = spec.getServiceAccountName();
            if (sa == null || sa.isBlank() || "default".equals(sa)) {
                violation(Rule.SERVICE_ACCOUNT, pod.id(), "runs as the namespace's default ServiceAccount");
                continue;
            }
            if (!Boolean.FALSE.equals(spec.getAutomountServiceAccountToken())) {
                violation(Rule.SERVICE_ACCOUNT, pod.id(), "automountServiceAccountToken is not false on the pod");
            }
            Optional<ServiceAccount> account = m.find(ServiceAccount.class, sa);
            if (account.isEmpty()) {
                violation(Rule.SERVICE_ACCOUNT, pod.id(), "ServiceAccount " + sa + " is not rendered");
            } else if (!Boolean.FALSE.equals(account.get().getAutomountServiceAccountToken())) {
                violation(Rule.SERVICE_ACCOUNT, "ServiceAccount/" + sa, "automountServiceAccountToken is not false");
            }
            String previous = usedBy.putIfAbsent(sa, pod.id());
            if (previous != null) {
                violation(Rule.SERVICE_ACCOUNT, pod.id(), "shares ServiceAccount " + sa + " with " + previous);
            }
        }
    }

    // ---------------------------------------------------------------- topology spread

    private void topologySpread() {
        for (Manifests.Pod pod : m.pods()) {
            List<TopologySpreadConstraint> constraints = pod.template().getSpec().getTopologySpreadConstraints();
            boolean zoneSpread = constraints != null && constraints.stream().anyMatch(c -> ZONE.equals(c.getTopologyKey())
                    && Selectors.matches(c.getLabelSelector(), pod.labels()));
            if (!zoneSpread) {
                violation(Rule.TOPOLOGY_SPREAD, pod.id(), "no topologySpreadConstraint on " + ZONE
                        + " whose labelSelector selects these pods");
            }
            if (constraints != null) {
                for (TopologySpreadConstraint c : constraints) {
                    if (!Selectors.matches(c.getLabelSelector(), pod.labels())) {
                        violation(Rule.TOPOLOGY_SPREAD, pod.id(), "the constraint on " + c.getTopologyKey()
                                + " does not select these pods, so it spreads nothing");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- images

    private void imageTags() {
        for (Manifests.Pod pod : m.pods()) {
            for (Container c : allContainers(pod.template().getSpec())) {
                String image = c.getImage();
                String subject = pod.id() + " container " + c.getName();
                if (image == null || image.isBlank()) {
                    violation(Rule.IMAGE_TAGS, subject, "no image");
                    continue;
                }
                if (image.contains("@sha256:")) {
                    continue;
                }
                int slash = image.lastIndexOf('/');
                int colon = image.lastIndexOf(':');
                String tag = colon > slash ? image.substring(colon + 1) : "";
                if (tag.isEmpty()) {
                    violation(Rule.IMAGE_TAGS, subject, "image " + image + " has no tag (means latest)");
                } else if ("latest".equalsIgnoreCase(tag)) {
                    violation(Rule.IMAGE_TAGS, subject, "image " + image + " uses the latest tag");
                }
            }
        }
    }

    // ---------------------------------------------------------------- selectors

    private List<Manifests.Pod> podsSelectedBy(Map<String, String> selector) {
        return m.pods().stream().filter(p -> Selectors.matches(selector, p.labels())).toList();
    }

    private List<Manifests.Pod> podsSelectedBy(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        return m.pods().stream().filter(p -> Selectors.matches(selector, p.labels())).toList();
    }

    private void selectors() {
        for (Deployment d : m.all(Deployment.class)) {
            checkWorkloadSelector("Deployment/" + d.getMetadata().getName(), d.getSpec().getSelector(),
                    d.getSpec().getTemplate().getMetadata().getLabels());
        }
        for (StatefulSet s : m.all(StatefulSet.class)) {
            String id = "StatefulSet/" + s.getMetadata().getName();
            checkWorkloadSelector(id, s.getSpec().getSelector(), s.getSpec().getTemplate().getMetadata().getLabels());
            Optional<Service> governing = m.find(Service.class, Objects.toString(s.getSpec().getServiceName(), ""));
            if (governing.isEmpty()) {
                violation(Rule.SELECTORS, id, "serviceName " + s.getSpec().getServiceName() + " is not a rendered Service");
            } else if (!"None".equals(governing.get().getSpec().getClusterIP())) {
                violation(Rule.SELECTORS, id, "serviceName " + s.getSpec().getServiceName() + " is not headless");
            } else if (!Selectors.matches(governing.get().getSpec().getSelector(), s.getSpec().getTemplate().getMetadata().getLabels())) {
                violation(Rule.SELECTORS, id, "its headless Service does not select its pods");
            }
        }
        for (Job j : m.all(Job.class)) {
            if (j.getSpec().getSelector() != null) {
                checkWorkloadSelector("Job/" + j.getMetadata().getName(), j.getSpec().getSelector(),
                        j.getSpec().getTemplate().getMetadata().getLabels());
            }
        }
        for (PodDisruptionBudget pdb : m.all(PodDisruptionBudget.class)) {
            if (podsSelectedBy(pdb.getSpec().getSelector()).isEmpty()) {
                violation(Rule.SELECTORS, "PodDisruptionBudget/" + pdb.getMetadata().getName(), "selects no pods");
            }
        }
        for (Service s : m.all(Service.class)) {
            if (!"ExternalName".equals(s.getSpec().getType()) && podsSelectedBy(s.getSpec().getSelector()).isEmpty()) {
                violation(Rule.SELECTORS, "Service/" + s.getMetadata().getName(), "selects no pods");
            }
        }
        for (HorizontalPodAutoscaler hpa : m.all(HorizontalPodAutoscaler.class)) {
            var ref = hpa.getSpec().getScaleTargetRef();
            boolean found = m.objects().stream().anyMatch(o -> o.getKind().equals(ref.getKind())
                    && o.getMetadata().getName().equals(ref.getName()));
            if (!found) {
                violation(Rule.SELECTORS, "HorizontalPodAutoscaler/" + hpa.getMetadata().getName(),
                        "scales " + ref.getKind() + "/" + ref.getName() + ", which is not rendered");
            }
        }
        for (NetworkPolicy np : m.all(NetworkPolicy.class)) {
            var selector = np.getSpec().getPodSelector();
            if (!Selectors.isEmpty(selector) && podsSelectedBy(selector).isEmpty()) {
                violation(Rule.SELECTORS, "NetworkPolicy/" + np.getMetadata().getName(), "selects no pods");
            }
        }
    }

    private void checkWorkloadSelector(String id, io.fabric8.kubernetes.api.model.LabelSelector selector,
            Map<String, String> templateLabels) {
        if (selector == null || Selectors.isEmpty(selector)) {
            violation(Rule.SELECTORS, id, "has no selector");
        } else if (!Selectors.matches(selector, templateLabels)) {
            violation(Rule.SELECTORS, id, "selector " + selector.getMatchLabels() + " does not match its pod labels "
                    + templateLabels);
        }
    }

    // ---------------------------------------------------------------- service ports

    private void servicePorts() {
        for (Service s : m.all(Service.class)) {
            if ("ExternalName".equals(s.getSpec().getType())) {
                continue;
            }
            List<Manifests.Pod> pods = podsSelectedBy(s.getSpec().getSelector());
            for (ServicePort port : s.getSpec().getPorts() == null ? List.<ServicePort>of() : s.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                for (Manifests.Pod pod : pods) {
                    if (!declaresPort(containers(pod.template().getSpec()), target)) {
                        violation(Rule.SERVICE_PORTS, "Service/" + s.getMetadata().getName(), "port " + port.getName()
                                + " targets " + target.getValue() + ", which " + pod.id() + " does not expose");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- storage

    private void storage() {
        for (StatefulSet s : m.all(StatefulSet.class)) {
            String id = "StatefulSet/" + s.getMetadata().getName();
            var retention = s.getSpec().getPersistentVolumeClaimRetentionPolicy();
            if (retention == null || !"Retain".equals(retention.getWhenDeleted()) || !"Retain".equals(retention.getWhenScaled())) {
                violation(Rule.STORAGE, id, "persistentVolumeClaimRetentionPolicy must keep the claims (Retain/Retain)");
            }
            for (PersistentVolumeClaim claim : s.getSpec().getVolumeClaimTemplates()) {
                checkClaimClass(id + " volumeClaimTemplate " + claim.getMetadata().getName(),
                        claim.getSpec().getStorageClassName());
            }
        }
        for (PersistentVolumeClaim claim : m.all(PersistentVolumeClaim.class)) {
            checkClaimClass("PersistentVolumeClaim/" + claim.getMetadata().getName(), claim.getSpec().getStorageClassName());
        }
        // The class itself is cluster-scoped (k8s/cluster); where one is rendered (k8s/cluster/eks), it
        // must be the encrypted, retained gp3 class the claims expect.
        for (StorageClass c : m.all(StorageClass.class)) {
            String id = "StorageClass/" + c.getMetadata().getName();
            if (profile.storageClass == null || !profile.storageClass.equals(c.getMetadata().getName())) {
                violation(Rule.STORAGE, id, "no claim of this environment uses it");
                continue;
            }
            Map<String, String> params = c.getParameters() == null ? Map.of() : c.getParameters();
            expect(id, "provisioner", "ebs.csi.aws.com", c.getProvisioner());
            expect(id, "parameters.type", "gp3", params.get("type"));
            expect(id, "parameters.encrypted", "true", params.get("encrypted"));
            expect(id, "volumeBindingMode", "WaitForFirstConsumer", c.getVolumeBindingMode());
            expect(id, "reclaimPolicy", "Retain", c.getReclaimPolicy());
            expect(id, "allowVolumeExpansion", "true", String.valueOf(c.getAllowVolumeExpansion()));
        }
    }

    private void expect(String id, String field, String expected, String actual) {
        if (!expected.equals(actual)) {
            violation(Rule.STORAGE, id, field + " must be " + expected + ", is " + actual);
        }
    }

    private void checkClaimClass(String subject, String storageClassName) {
        if (!Objects.equals(profile.storageClass, storageClassName)) {
            violation(Rule.STORAGE, subject, "storageClassName is " + storageClassName + ", must be "
                    + (profile.storageClass == null ? "unset (the cluster's default class)" : profile.storageClass));
        }
    }

    // ---------------------------------------------------------------- exposure

    private boolean onlyStorefront(List<Manifests.Pod> pods) {
        return !pods.isEmpty() && pods.stream().allMatch(p -> STOREFRONT.equals(p.appName()));
    }

    private void exposure() {
        for (Service s : m.all(Service.class)) {
            String type = Objects.toString(s.getSpec().getType(), "ClusterIP");
            boolean external = "LoadBalancer".equals(type) || "NodePort".equals(type)
                    || (s.getSpec().getExternalIPs() != null && !s.getSpec().getExternalIPs().isEmpty());
            if (external && !onlyStorefront(podsSelectedBy(s.getSpec().getSelector()))) {
                violation(Rule.EXPOSURE, "Service/" + s.getMetadata().getName(), type
                        + " Service exposes pods other than the storefront");
            }
        }
        for (Ingress ingress : m.all(Ingress.class)) {
            String id = "Ingress/" + ingress.getMetadata().getName();
            List<IngressBackend> backends = new ArrayList<>();
            if (ingress.getSpec().getDefaultBackend() != null) {
                backends.add(ingress.getSpec().getDefaultBackend());
            }
            for (IngressRule rule : ingress.getSpec().getRules() == null ? List.<IngressRule>of() : ingress.getSpec().getRules()) {
                if (rule.getHttp() != null) {
                    rule.getHttp().getPaths().stream().map(HTTPIngressPath::getBackend).forEach(backends::add);
                }
            }
            for (IngressBackend backend : backends) {
                if (backend.getService() == null) {
                    violation(Rule.EXPOSURE, id, "a backend that is not a Service");
                    continue;
                }
                String name = backend.getService().getName();
                if (backend.getService().getPort() != null && "use-annotation".equals(backend.getService().getPort().getName())) {
                    if (!isAlbNonForwardingAction(ingress, name)) {
                        violation(Rule.EXPOSURE, id, "ALB action " + name + " is not a fixed-response or redirect");
                    }
                    continue;
                }
                Optional<Service> service = m.find(Service.class, name);
                if (service.isEmpty() || !onlyStorefront(podsSelectedBy(service.get().getSpec().getSelector()))) {
                    violation(Rule.EXPOSURE, id, "routes to Service " + name + ", which is not the storefront's");
                }
            }
        }
        for (NetworkPolicy np : m.all(NetworkPolicy.class)) {
            List<Manifests.Pod> targets = podsSelectedBy(np.getSpec().getPodSelector());
            List<NetworkPolicyIngressRule> rules = np.getSpec().getIngress() == null ? List.of() : np.getSpec().getIngress();
            for (NetworkPolicyIngressRule rule : rules) {
                List<NetworkPolicyPeer> from = rule.getFrom() == null ? List.of() : rule.getFrom();
                boolean fromAnywhere = from.isEmpty();
                boolean fromOutside = fromAnywhere || from.stream().anyMatch(peer -> peer.getIpBlock() != null
                        || (peer.getNamespaceSelector() != null && !selectsOwnNamespaceOnly(peer)));
                if (!fromOutside || onlyStorefront(targets)) {
                    continue;
                }
                if (onlyOps(targets) && from.stream().allMatch(this::namedNamespaceOrOwnPods)) {
                    continue; // in-cluster operators' namespaces: ADMIN_ACCESS checks them
                }
                if (!fromAnywhere && isPrometheusScrape(from, rule.getPorts())) {
                    continue;
                }
                violation(Rule.EXPOSURE, "NetworkPolicy/" + np.getMetadata().getName(), "admits traffic from outside the"
                        + " namespace to " + targets.stream().map(Manifests.Pod::id).toList());
            }
        }
    }

    private static boolean onlyOps(List<Manifests.Pod> pods) {
        return !pods.isEmpty() && pods.stream().allMatch(p -> OPS.equals(p.appName()));
    }

    /** A pod selector of this namespace, or a namespace named by kubernetes.io/metadata.name (never an address block). */
    private boolean namedNamespaceOrOwnPods(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null) {
            return false;
        }
        if (peer.getNamespaceSelector() == null) {
            return peer.getPodSelector() != null;
        }
        var labels = peer.getNamespaceSelector().getMatchLabels();
        return labels != null && labels.containsKey("kubernetes.io/metadata.name")
                && (peer.getNamespaceSelector().getMatchExpressions() == null
                || peer.getNamespaceSelector().getMatchExpressions().isEmpty());
    }

    // ---------------------------------------------------------------- MongoDB TLS

    private void mongodbTls() {
        for (Manifests.Pod pod : m.pods()) {
            for (Container c : allContainers(pod.template().getSpec())) {
                String subject = pod.id() + " container " + c.getName();
                List<String> args = new ArrayList<>();
                if (c.getCommand() != null) {
                    args.addAll(c.getCommand());
                }
                if (c.getArgs() != null) {
                    args.addAll(c.getArgs());
                }
                if (!args.isEmpty() && args.get(0).equals("mongod")) {
                    int mode = args.indexOf("--tlsMode");
                    if (mode < 0 || mode + 1 >= args.size() || !args.get(mode + 1).equals("requireTLS")) {
                        violation(Rule.MONGODB_TLS, subject, "mongod does not require TLS (--tlsMode requireTLS)");
                    }
                    Probe readiness = c.getReadinessProbe();
                    String probe = readiness == null || readiness.getExec() == null || readiness.getExec().getCommand() == null
                            ? "" : String.join(" ", readiness.getExec().getCommand());
                    if (!probe.contains("--tls") || !probe.contains("db.hello()") || !probe.contains("isWritablePrimary")
                            || !probe.contains("secondary")) {
                        violation(Rule.MONGODB_TLS, subject, "readiness does not ask db.hello() over TLS for PRIMARY or"
                                + " SECONDARY: a member still syncing would count as ready");
                    }
                }
                Map<String, String> env = environment(c);
                for (String name : List.of("MONGODB_URI", "MONGODB_TLS_OPTIONS")) {
                    String value = env.get(name);
                    if (value != null && !TLS_OPTION.matcher(expand(value, env)).find()) {
                        violation(Rule.MONGODB_TLS, subject, name + " " + expand(value, env).replaceAll("//[^@]*@", "//")
                                + " has no tls=true");
                    }
                }
            }
        }
    }

    private static final java.util.regex.Pattern TLS_OPTION = java.util.regex.Pattern.compile("(^|[?&])tls=true(&|$)");

    /** A container's environment: its ConfigMaps' data (envFrom), then its own values. */
    private Map<String, String> environment(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                m.find(ConfigMap.class, from.getConfigMapRef().getName())
                        .ifPresent(cm -> env.putAll(cm.getData() == null ? Map.of() : cm.getData()));
            }
        }
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    /** $(NAME) references as Kubernetes expands them (unknown ones stay). */
    private static String expand(String value, Map<String, String> env) {
        java.util.regex.Matcher ref = java.util.regex.Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value);
        StringBuilder out = new StringBuilder();
        while (ref.find()) {
            ref.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(env.getOrDefault(ref.group(1), ref.group())));
        }
        return ref.appendTail(out).toString();
    }

    // ---------------------------------------------------------------- admin access

    /**
     * The admin paths live on the operators' service only: whatever admits it comes from inside the
     * namespace or from namespaces named one by one; an address block (the VPC CIDR the ALB needs, or
     * any other) reaches the storefront's HTTP port and nothing else.
     */
    private void adminAccess() {
        for (NetworkPolicy np : m.all(NetworkPolicy.class)) {
            String id = "NetworkPolicy/" + np.getMetadata().getName();
            List<Manifests.Pod> targets = podsSelectedBy(np.getSpec().getPodSelector());
            boolean reachesOps = targets.stream().anyMatch(p -> OPS.equals(p.appName()));
            for (NetworkPolicyIngressRule rule : np.getSpec().getIngress() == null ? List.<NetworkPolicyIngressRule>of() : np.getSpec().getIngress()) {
                List<NetworkPolicyPeer> from = rule.getFrom() == null ? List.of() : rule.getFrom();
                if (reachesOps && from.isEmpty()) {
                    violation(Rule.ADMIN_ACCESS, id, "admits any source to " + OPS + ", which serves the admin paths");
                }
                for (NetworkPolicyPeer peer : from) {
                    if (peer.getIpBlock() != null) {
                        String cidr = peer.getIpBlock().getCidr();
                        if (reachesOps) {
                            violation(Rule.ADMIN_ACCESS, id, "admits address block " + cidr + " to " + OPS
                                    + ", which serves /api/admin and /api/ops");
                        } else if (!onlyStorefront(targets)) {
                            violation(Rule.ADMIN_ACCESS, id, "admits address block " + cidr + " to "
                                    + targets.stream().map(Manifests.Pod::id).toList() + ": only the storefront takes outside traffic");
                        } else if (rule.getPorts() == null || rule.getPorts().isEmpty() || rule.getPorts().stream().anyMatch(port ->
                                port.getPort() == null || !Integer.valueOf(8080).equals(port.getPort().getIntVal()) || port.getEndPort() != null)) {
                            violation(Rule.ADMIN_ACCESS, id, "admits address block " + cidr + " to ports other than the"
                                    + " storefront's HTTP port 8080");
                        }
                    } else if (reachesOps && !namedNamespaceOrOwnPods(peer)) {
                        violation(Rule.ADMIN_ACCESS, id, "admits namespaces " + peer.getNamespaceSelector()
                                + " to " + OPS + ": name each operators' namespace (kubernetes.io/metadata.name)");
                    }
                }
            }
        }
    }

    private static boolean isAlbNonForwardingAction(Ingress ingress, String action) {
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get("alb.ingress.kubernetes.io/actions." + action);
        if (json == null) {
            return false;
        }
        try {
            String type = JSON.readTree(json).path("type").asText();
            return "fixed-response".equals(type) || "redirect".equals(type);
        } catch (Exception e) {
            return false;
        }
    }

    private boolean selectsOwnNamespaceOnly(NetworkPolicyPeer peer) {
        var labels = peer.getNamespaceSelector().getMatchLabels();
        return labels != null && release.namespace().equals(labels.get("kubernetes.io/metadata.name"));
    }

    /** The one cross-namespace allowance besides the storefront: Prometheus to the actuator ports. */
    private static boolean isPrometheusScrape(List<NetworkPolicyPeer> from, List<NetworkPolicyPort> ports) {
        boolean monitoringOnly = from.stream().allMatch(peer -> peer.getIpBlock() == null && peer.getNamespaceSelector() != null
                && peer.getNamespaceSelector().getMatchLabels() != null
                && "monitoring".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));
        boolean actuatorPortsOnly = ports != null && !ports.isEmpty() && ports.stream().allMatch(p -> p.getPort() != null
                && p.getPort().getIntVal() != null && Set.of(8080, 8081, 8082).contains(p.getPort().getIntVal()));
        return monitoringOnly && actuatorPortsOnly;
    }

    // ---------------------------------------------------------------- network policies

    private static boolean has(List<String> policyTypes, String type) {
        return policyTypes != null && policyTypes.contains(type);
    }

    private void networkPolicies() {
        List<NetworkPolicy> policies = m.all(NetworkPolicy.class);
        boolean defaultDeny = policies.stream().anyMatch(np -> Selectors.isEmpty(np.getSpec().getPodSelector())
                && has(np.getSpec().getPolicyTypes(), "Ingress")
                && (np.getSpec().getIngress() == null || np.getSpec().getIngress().isEmpty()));
        if (!defaultDeny) {
            violation(Rule.NETWORK_POLICIES, m.origin(), "no default-deny ingress policy (podSelector {}, no rules)");
        }
        for (Manifests.Pod pod : m.pods()) {
            boolean egressIsolated = policies.stream().anyMatch(np -> has(np.getSpec().getPolicyTypes(), "Egress")
                    && Selectors.matches(np.getSpec().getPodSelector(), pod.labels()));
            if (!egressIsolated) {
                violation(Rule.NETWORK_POLICIES, pod.id(), "no Egress policy selects these pods: their egress is unrestricted");
            }
        }
        // MongoDB: only the three services, its own members and the init Job
        Set<String> admittedToMongo = new LinkedHashSet<>();
        for (NetworkPolicy np : policies) {
            boolean targetsMongo = podsSelectedBy(np.getSpec().getPodSelector()).stream()
                    .anyMatch(p -> "mongodb".equals(p.appName()));
            if (!targetsMongo || np.getSpec().getIngress() == null) {
                continue;
            }
            String id = "NetworkPolicy/" + np.getMetadata().getName();
            for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    violation(Rule.NETWORK_POLICIES, id, "admits any source to MongoDB");
                    continue;
                }
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    if (peer.getIpBlock() != null || peer.getNamespaceSelector() != null) {
                        violation(Rule.NETWORK_POLICIES, id, "admits sources outside the namespace to MongoDB");
                        continue;
                    }
                    for (Manifests.Pod source : podsSelectedBy(peer.getPodSelector())) {
                        admittedToMongo.add(source.appName());
                        if (!MONGODB_CLIENTS.contains(source.appName())) {
                            violation(Rule.NETWORK_POLICIES, id, "admits " + source.id() + " to MongoDB");
                        }
                    }
                }
            }
        }
        boolean hasMongo = m.pods().stream().anyMatch(p -> "mongodb".equals(p.appName()));
        if (hasMongo) {
            for (String service : SERVICES) {
                if (m.pods().stream().anyMatch(p -> service.equals(p.appName())) && !admittedToMongo.contains(service)) {
                    violation(Rule.NETWORK_POLICIES, "MongoDB", service + " is not admitted, it could not reach its database");
                }
            }
        }
        // the three services reach the Kafka brokers' TLS listener and MongoDB through their egress policies
        for (Manifests.Pod pod : m.pods()) {
            if (!SERVICES.contains(pod.appName())) {
                continue;
            }
            if (!egressAllows(pod, peer -> peer.getPodSelector() != null && peer.getPodSelector().getMatchLabels() != null
                    && peer.getPodSelector().getMatchLabels().containsKey("strimzi.io/cluster"), 9093)) {
                violation(Rule.NETWORK_POLICIES, pod.id(), "no egress to the Kafka brokers on 9093");
            }
            if (hasMongo && !egressAllows(pod, peer -> peer.getPodSelector() != null && podsSelectedBy(peer.getPodSelector())
                    .stream().anyMatch(p -> "mongodb".equals(p.appName())), 27017)) {
                violation(Rule.NETWORK_POLICIES, pod.id(), "no egress to MongoDB on 27017");
            }
        }
    }

    static final String OTLP_ENDPOINT = "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT";

    /** The endpoint names the collector's Service as {@code name.namespace.svc[.cluster.local]}, its port explicit. */
    private void tracingEgress() {
        for (Manifests.Pod pod : m.pods()) {
            for (Container c : containers(pod.template().getSpec())) {
                for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                    if (from.getConfigMapRef() == null) {
                        continue;
                    }
                    m.find(ConfigMap.class, from.getConfigMapRef().getName())
                            .map(cm -> cm.getData() == null ? null : cm.getData().get(OTLP_ENDPOINT))
                            .ifPresent(endpoint -> checkTracingEgress(pod, endpoint));
                }
            }
        }
    }

    private void checkTracingEgress(Manifests.Pod pod, String endpoint) {
        URI uri = URI.create(endpoint);
        String[] host = uri.getHost() == null ? new String[0] : uri.getHost().split("\\.");
        if (host.length < 3 || !host[2].equals("svc") || uri.getPort() < 0) {
            violation(Rule.TRACING_EGRESS, pod.id(), OTLP_ENDPOINT + " " + endpoint
                    + " names no in-cluster Service (name.namespace.svc) with an explicit port");
            return;
        }
        String namespace = host[1];
        if (!egressAllows(pod, peer -> peer.getNamespaceSelector() != null
                && peer.getNamespaceSelector().getMatchLabels() != null
                && namespace.equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")), uri.getPort())) {
            violation(Rule.TRACING_EGRESS, pod.id(), "spans go to " + endpoint + " but no egress to namespace "
                    + namespace + " on " + uri.getPort());
        }
    }

    private boolean egressAllows(Manifests.Pod pod, Predicate<NetworkPolicyPeer> peerTest, int port) {
        for (NetworkPolicy np : m.all(NetworkPolicy.class)) {
            if (!has(np.getSpec().getPolicyTypes(), "Egress") || !Selectors.matches(np.getSpec().getPodSelector(), pod.labels())) {
                continue;
            }
            for (NetworkPolicyEgressRule rule : np.getSpec().getEgress() == null ? List.<NetworkPolicyEgressRule>of() : np.getSpec().getEgress()) {
                boolean portOk = rule.getPorts() == null || rule.getPorts().isEmpty() || rule.getPorts().stream()
                        .anyMatch(p -> p.getPort() != null && Integer.valueOf(port).equals(p.getPort().getIntVal()));
                boolean peerOk = rule.getTo() != null && rule.getTo().stream().anyMatch(peerTest);
                if (portOk && peerOk) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- labels

    private void labels() {
        for (HasMetadata o : m.objects()) {
            Map<String, String> labels = o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
            List<String> missing = OBJECT_LABELS.stream().filter(l -> labels.getOrDefault(l, "").isBlank()).toList();
            if (!missing.isEmpty()) {
                violation(Rule.LABELS, o.getKind() + "/" + o.getMetadata().getName(), "missing labels " + missing);
            }
            Map<String, String> expected = Map.of("app.kubernetes.io/part-of", APPLICATION, "app.kubernetes.io/instance", release.name());
            expected.forEach((key, value) -> {
                if (labels.containsKey(key) && !value.equals(labels.get(key))) {
                    violation(Rule.LABELS, o.getKind() + "/" + o.getMetadata().getName(), key + " is " + labels.get(key)
                            + ", must be " + value);
                }
            });
        }
        for (Manifests.Pod pod : m.pods()) {
            // a workload is labelled as the component its pods are: a label that relabels objects
            // wholesale (a kustomize `labels:` in a component) shows here
            Map<String, String> own = pod.owner().getMetadata().getLabels() == null ? Map.of() : pod.owner().getMetadata().getLabels();
            for (String key : List.of("app.kubernetes.io/name", "app.kubernetes.io/component")) {
                String mine = own.get(key);
                String pods = pod.labels().get(key);
                if (mine != null && pods != null && !mine.equals(pods)) {
                    violation(Rule.LABELS, pod.id(), key + " is " + mine + " on the workload but " + pods + " on its pods");
                }
            }
        }
        for (Manifests.Pod pod : m.pods()) {
            List<String> missing = POD_LABELS.stream().filter(l -> pod.labels().getOrDefault(l, "").isBlank()).toList();
            if (!missing.isEmpty()) {
                violation(Rule.LABELS, pod.id() + " pod template", "missing labels " + missing);
            }
        }
    }

    // ---------------------------------------------------------------- references

    private void references() {
        for (Manifests.Pod pod : m.pods()) {
            PodSpec spec = pod.template().getSpec();
            for (Container c : allContainers(spec)) {
                String subject = pod.id() + " container " + c.getName();
                for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        configMap(subject, from.getConfigMapRef().getName(), null);
                    }
                    if (from.getSecretRef() != null) {
                        secret(subject, from.getSecretRef().getName(), null);
                    }
                }
                for (EnvVar env : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (env.getValueFrom() == null) {
                        continue;
                    }
                    if (env.getValueFrom().getConfigMapKeyRef() != null) {
                        configMap(subject, env.getValueFrom().getConfigMapKeyRef().getName(),
                                env.getValueFrom().getConfigMapKeyRef().getKey());
                    }
                    if (env.getValueFrom().getSecretKeyRef() != null
                            && !Boolean.TRUE.equals(env.getValueFrom().getSecretKeyRef().getOptional())) {
                        secret(subject, env.getValueFrom().getSecretKeyRef().getName(),
                                env.getValueFrom().getSecretKeyRef().getKey());
                    }
                }
            }
            for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
                if (v.getSecret() != null) {
                    secret(pod.id() + " volume " + v.getName(), v.getSecret().getSecretName(), null);
                }
                if (v.getConfigMap() != null) {
                    configMap(pod.id() + " volume " + v.getName(), v.getConfigMap().getName(), null);
                }
            }
        }
    }

    private void configMap(String subject, String name, String key) {
        Optional<ConfigMap> cm = m.find(ConfigMap.class, name);
        if (cm.isEmpty()) {
            violation(Rule.REFERENCES, subject, "ConfigMap " + name + " is not rendered");
        } else if (key != null && (cm.get().getData() == null || !cm.get().getData().containsKey(key))) {
            violation(Rule.REFERENCES, subject, "ConfigMap " + name + " has no key " + key);
        }
    }

    private void secret(String subject, String name, String key) {
        Optional<Secret> secret = m.find(Secret.class, name);
        if (secret.isPresent()) {
            Set<String> keys = new LinkedHashSet<>();
            Stream.of(secret.get().getData(), secret.get().getStringData()).filter(Objects::nonNull)
                    .forEach(d -> keys.addAll(d.keySet()));
            if (key != null && !keys.contains(key)) {
                violation(Rule.REFERENCES, subject, "Secret " + name + " has no key " + key);
            }
        } else if (!release.operatorSecrets(profile).contains(name) && !strimziSecrets.contains(name)) {
            violation(Rule.REFERENCES, subject, "Secret " + name + " is neither rendered, nor created by Strimzi, nor"
                    + " one the operator provides (docs/deploy.md)");
        }
    }

    // ---------------------------------------------------------------- availability

    private void availability() {
        List<HasMetadata> workloads = new ArrayList<>();
        workloads.addAll(m.all(Deployment.class));
        workloads.addAll(m.all(StatefulSet.class));
        List<HorizontalPodAutoscaler> hpas = m.all(HorizontalPodAutoscaler.class);
        for (HasMetadata w : workloads) {
            String id = w.getKind() + "/" + w.getMetadata().getName();
            var template = w instanceof Deployment d ? d.getSpec().getTemplate() : ((StatefulSet) w).getSpec().getTemplate();
            Map<String, String> labels = template.getMetadata().getLabels();
            boolean hasPdb = m.all(PodDisruptionBudget.class).stream()
                    .anyMatch(pdb -> Selectors.matches(pdb.getSpec().getSelector(), labels));
            if (!hasPdb) {
                violation(Rule.AVAILABILITY, id, "no PodDisruptionBudget selects its pods");
            }
            Optional<HorizontalPodAutoscaler> hpa = hpas.stream().filter(h -> h.getSpec().getScaleTargetRef().getKind().equals(w.getKind())
                    && h.getSpec().getScaleTargetRef().getName().equals(w.getMetadata().getName())).findFirst();
            Integer replicas = w instanceof Deployment d ? d.getSpec().getReplicas() : ((StatefulSet) w).getSpec().getReplicas();
            boolean isMongo = "mongodb".equals(labels.get("app.kubernetes.io/name"));
            int expected = isMongo ? profile.mongodbMembers : profile.replicas;
            // EKS: at least the profile's count (more is fine); local: exactly one; MongoDB: exactly its members
            boolean exact = isMongo || profile == Profile.LOCAL;
            String must = (exact ? "must be " : "must be at least ") + expected;
            if (hpa.isPresent()) {
                int min = Objects.requireNonNullElse(hpa.get().getSpec().getMinReplicas(), 1);
                if (exact ? min != expected : min < expected) {
                    violation(Rule.AVAILABILITY, id, "autoscaler minReplicas is " + min + ", " + must);
                }
                if (replicas != null) {
                    violation(Rule.AVAILABILITY, id, "sets spec.replicas although an autoscaler owns the count"
                            + " (every apply would reset it)");
                }
            } else if (scaledByKeda(w)) {
                // the ScaledObject owns the count (SCALED_OBJECTS checks it)
            } else {
                int count = Objects.requireNonNullElse(replicas, 1);
                if (exact ? count != expected : count < expected) {
                    violation(Rule.AVAILABILITY, id, "has " + count + " replicas, " + must);
                }
            }
            if (STOREFRONT.equals(labels.get("app.kubernetes.io/name")) && hpa.isEmpty()) {
                violation(Rule.AVAILABILITY, id, "the storefront has no HorizontalPodAutoscaler");
            }
            if (isMongo && w instanceof StatefulSet s) {
                for (Job job : m.all(Job.class)) {
                    for (Container c : containers(job.getSpec().getTemplate().getSpec())) {
                        for (EnvVar env : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                            if ("MONGODB_MEMBERS".equals(env.getName()) && !String.valueOf(s.getSpec().getReplicas()).equals(env.getValue())) {
                                violation(Rule.AVAILABILITY, "Job/" + job.getMetadata().getName(), "MONGODB_MEMBERS is "
                                        + env.getValue() + " but the StatefulSet has " + s.getSpec().getReplicas() + " replicas");
                            }
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- KEDA ScaledObjects

    private List<GenericKubernetesResource> ofKind(String apiVersion, String kind) {
        return m.all(GenericKubernetesResource.class).stream()
                .filter(r -> kind.equals(r.getKind()) && apiVersion.equals(r.getApiVersion())).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> mp ? (Map<String, Object>) mp : Map.of();
    }

    private void scaledObjects() {
        for (GenericKubernetesResource so : ofKind("keda.sh/v1alpha1", "ScaledObject")) {
            String id = "ScaledObject/" + so.getMetadata().getName();
            Map<String, Object> spec = map(so.getAdditionalProperties().get("spec"));
            Map<String, Object> ref = map(spec.get("scaleTargetRef"));
            String kind = Objects.toString(ref.get("kind"), "Deployment");
            String name = Objects.toString(ref.get("name"), "");
            Optional<HasMetadata> target = m.objects().stream()
                    .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name)).findFirst();
            if (target.isEmpty()) {
                violation(Rule.SCALED_OBJECTS, id, "scales " + kind + "/" + name + ", which is not rendered");
                continue;
            }
            Integer replicas = target.get() instanceof Deployment d ? d.getSpec().getReplicas()
                    : target.get() instanceof StatefulSet s ? s.getSpec().getReplicas() : null;
            if (replicas != null) {
                violation(Rule.SCALED_OBJECTS, kind + "/" + name, "sets spec.replicas (" + replicas + ") although " + id
                        + " owns the count: every kubectl apply would reset what KEDA scaled");
            }
            for (HorizontalPodAutoscaler hpa : m.all(HorizontalPodAutoscaler.class)) {
                var hpaRef = hpa.getSpec().getScaleTargetRef();
                if (hpaRef.getKind().equals(kind) && hpaRef.getName().equals(name)) {
                    violation(Rule.SCALED_OBJECTS, kind + "/" + name, "is scaled by " + id + " and by HorizontalPodAutoscaler/"
                            + hpa.getMetadata().getName() + " (KEDA makes its own HPA: two autoscalers fight)");
                }
            }
            int min = spec.get("minReplicaCount") instanceof Number n ? n.intValue() : 0;
            if (min < profile.replicas) {
                violation(Rule.SCALED_OBJECTS, id, "minReplicaCount is " + min + ", must be at least " + profile.replicas);
            }
        }
    }

    // ---------------------------------------------------------------- public paths

    private void publicPaths() {
        for (Ingress ingress : m.all(Ingress.class)) {
            String id = "Ingress/" + ingress.getMetadata().getName();
            if (ingress.getSpec().getDefaultBackend() != null) {
                violation(Rule.PUBLIC_PATHS, id, "has a default backend: every path would reach it");
            }
            for (IngressRule rule : ingress.getSpec().getRules() == null ? List.<IngressRule>of() : ingress.getSpec().getRules()) {
                if (rule.getHttp() == null) {
                    continue;
                }
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    var backend = path.getBackend().getService();
                    if (backend != null && backend.getPort() != null && "use-annotation".equals(backend.getPort().getName())) {
                        continue; // an ALB action (checked by EXPOSURE: fixed response or redirect only)
                    }
                    String expected = PUBLIC_PATHS.get(path.getPath());
                    if (expected == null) {
                        violation(Rule.PUBLIC_PATHS, id, "routes " + path.getPath() + ", which is not a shopper path "
                                + new java.util.TreeSet<>(PUBLIC_PATHS.keySet()));
                    } else if (!expected.equals(path.getPathType())) {
                        violation(Rule.PUBLIC_PATHS, id, "routes " + path.getPath() + " as " + path.getPathType() + ", must be "
                                + expected + ("/".equals(path.getPath()) ? " (a Prefix / routes everything, /api/admin too)" : ""));
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- cluster-scoped objects

    static final Set<String> CLUSTER_SCOPED_KINDS = Set.of("Namespace", "StorageClass", "ClusterRole",
            "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "IngressClass", "VolumeSnapshotClass",
            "GatewayClass", "PersistentVolume", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");

    private void clusterScoped() {
        for (HasMetadata o : m.objects()) {
            if (CLUSTER_SCOPED_KINDS.contains(o.getKind())) {
                violation(Rule.CLUSTER_SCOPED, o.getKind() + "/" + o.getMetadata().getName(), "is cluster-scoped: it belongs"
                        + " in k8s/cluster (applied once by a cluster admin), not in the application");
            }
        }
    }

    // ---------------------------------------------------------------- load balancers draining pods

    static final String ALB_TARGET_GROUP_ATTRIBUTES = "alb.ingress.kubernetes.io/target-group-attributes";
    static final String NLB_TARGET_GROUP_ATTRIBUTES = "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes";
    static final String READINESS_GATE_LABEL = "elbv2.k8s.aws/pod-readiness-gate-inject";

    private void loadBalancerDrain() {
        for (Ingress ingress : m.all(Ingress.class)) {
            Map<String, String> a = annotations(ingress);
            if (!"alb".equals(ingress.getSpec().getIngressClassName()) || !"ip".equals(a.get("alb.ingress.kubernetes.io/target-type"))) {
                continue;
            }
            List<Manifests.Pod> pods = new ArrayList<>();
            for (IngressRule rule : ingress.getSpec().getRules() == null ? List.<IngressRule>of() : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp() == null ? List.<HTTPIngressPath>of() : rule.getHttp().getPaths()) {
                    if (path.getBackend().getService() != null) {
                        m.find(Service.class, path.getBackend().getService().getName())
                                .ifPresent(svc -> pods.addAll(podsSelectedBy(svc.getSpec().getSelector())));
                    }
                }
            }
            checkDrain("Ingress/" + ingress.getMetadata().getName(), a.get(ALB_TARGET_GROUP_ATTRIBUTES), pods);
        }
        for (Service s : m.all(Service.class)) {
            Map<String, String> a = annotations(s);
            if ("LoadBalancer".equals(s.getSpec().getType()) && "ip".equals(a.get("service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"))) {
                checkDrain("Service/" + s.getMetadata().getName(), a.get(NLB_TARGET_GROUP_ATTRIBUTES),
                        podsSelectedBy(s.getSpec().getSelector()));
            }
        }
    }

    private static Map<String, String> annotations(HasMetadata o) {
        return o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
    }

    private void checkDrain(String id, String attributes, List<Manifests.Pod> pods) {
        Integer delay = null;
        for (String attribute : Objects.toString(attributes, "").split(",")) {
            String[] kv = attribute.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("deregistration_delay.timeout_seconds") && kv[1].matches("\\d+")) {
                delay = Integer.valueOf(kv[1]);
            }
        }
        if (delay == null) {
            violation(Rule.LOAD_BALANCER_DRAIN, id, "no deregistration_delay.timeout_seconds in its target group attributes:"
                    + " the default 300 s keeps draining long after the pod is gone");
        }
        for (Manifests.Pod pod : pods) {
            PodSpec spec = pod.template().getSpec();
            long grace = Objects.requireNonNullElse(spec.getTerminationGracePeriodSeconds(), 30L);
            if (delay != null && delay >= grace) {
                violation(Rule.LOAD_BALANCER_DRAIN, id, "drains " + pod.id() + " for " + delay + " s, not less than its "
                        + grace + " s grace period");
            }
            for (Container c : containers(spec)) {
                var preStop = c.getLifecycle() == null ? null : c.getLifecycle().getPreStop();
                boolean sleeps = preStop != null && (preStop.getSleep() != null || (preStop.getExec() != null
                        && String.join(" ", preStop.getExec().getCommand()).contains("sleep")));
                if (!sleeps) {
                    violation(Rule.LOAD_BALANCER_DRAIN, pod.id() + " container " + c.getName(), "no preStop sleep: it stops"
                            + " serving before " + id + " has taken it out");
                }
            }
        }
    }

    private void readinessGate() {
        if (profile != Profile.EKS) {
            return;
        }
        for (HasMetadata o : m.objects()) {
            if ("Namespace".equals(o.getKind()) && NAMESPACE.equals(o.getMetadata().getName())
                    && !"enabled".equals(Objects.requireNonNullElse(o.getMetadata().getLabels(), Map.<String, String>of()).get(READINESS_GATE_LABEL))) {
                violation(Rule.READINESS_GATE, "Namespace/" + o.getMetadata().getName(), "no label " + READINESS_GATE_LABEL
                        + ": enabled, so a rolling update can take away the old pods before the ALB sees the new ones healthy");
            }
        }
    }

    private boolean scaledByKeda(HasMetadata workload) {
        return ofKind("keda.sh/v1alpha1", "ScaledObject").stream().anyMatch(so -> {
            Map<String, Object> ref = map(map(so.getAdditionalProperties().get("spec")).get("scaleTargetRef"));
            return Objects.toString(ref.get("kind"), "Deployment").equals(workload.getKind())
                    && Objects.toString(ref.get("name"), "").equals(workload.getMetadata().getName());
        });
    }

    /** The rules for k8s/cluster: what is rendered there is cluster-scoped and right for the environment. */
    static List<Violation> checkCluster(Manifests manifests, Profile profile) {
        Policies p = new Policies(manifests, profile, Set.of(), Release.DEFAULT);
        p.storage();
        p.labels();
        p.readinessGate();
        return List.copyOf(p.violations);
    }

    /** Names of the Secrets Strimzi creates for the given Strimzi resources (raw YAML docs). */
    static Set<String> strimziSecrets(List<Yaml.Doc> strimziDocs) {
        Set<String> names = new LinkedHashSet<>();
        for (Yaml.Doc doc : strimziDocs) {
            if ("Kafka".equals(doc.kind())) {
                names.add(doc.name() + "-cluster-ca-cert");
            } else if ("KafkaUser".equals(doc.kind())) {
                names.add(doc.name());
            }
        }
        return names;
    }
}
