package dev.orderpipeline.manifests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

/**
 * What the Strimzi resources must say, as this project's contract: the topic table, the ACLs of
 * each KafkaUser, the Kafka cluster's security and durability settings, and that the services are
 * configured for that cluster. Checks return violations (empty: all good).
 */
final class KafkaContract {

    static final String CLUSTER = "pipeline";
    static final long WEEK_MS = 604_800_000L;
    static final long TWO_WEEKS_MS = 1_209_600_000L;

    /** One topic of DESIGN.md; to be read from dev.orderpipeline.events.Topics once that class exists. */
    record TopicSpec(String name, int partitions, long retentionMs) {
    }

    /** The pipeline's own topic table (pipeline-events), which the KafkaTopic resources must match. */
    static final List<TopicSpec> TOPICS = dev.orderpipeline.events.Topics.ALL.stream()
            .map(t -> new TopicSpec(t.name(), t.partitions(), t.retention().toMillis()))
            .toList();

    /** One allowed operation on one resource; "allow" from any host. */
    record Acl(String resourceType, String name, String patternType, String operation) {
        @Override
        public String toString() {
            return resourceType + ":" + name + (patternType.equals("literal") ? "" : "*") + " " + operation;
        }
    }

    static final Map<String, Set<Acl>> ACLS = new LinkedHashMap<>();

    static {
        Set<Acl> storefront = new TreeSet<>(KafkaContract::compare);
        // the public-facing service: its own topic only, and the two it follows (assigned partitions,
        // no group) for what it keeps in memory
        storefront.addAll(topic("storefront.carts.v1", "Describe", "Write"));
        storefront.addAll(topic("orders.v1", "Describe", "Read"));
        storefront.addAll(topic("catalog.v1", "Describe", "Read"));
        ACLS.put("storefront-api", storefront);

        Set<Acl> ops = new TreeSet<>(KafkaContract::compare);
        // admin API: catalog.v1; redrive: writes back to the four inputs, reads the dead letters, records on
        // ops.redrives.v1; lag: the workers' groups and the topics they read (Describe)
        for (String t : dev.orderpipeline.events.Topics.INPUTS) {
            ops.addAll(topic(t, "Describe", "Write"));
            ops.addAll(topic(t + ".dlt", "Describe", "Read"));
        }
        ops.addAll(topic("ops.redrives.v1", "Describe", "Read", "Write"));
        ops.add(new Acl("group", "order-processor", "literal", "Describe"));
        ops.add(new Acl("group", "inventory-worker", "literal", "Describe"));
        ACLS.put("ops-api", ops);

        Set<Acl> orderProcessor = new TreeSet<>(KafkaContract::compare);
        orderProcessor.addAll(topic("storefront.carts.v1", "Describe", "Read"));
        orderProcessor.addAll(topic("inventory.v1", "Describe", "Read"));
        orderProcessor.addAll(topic("orders.v1", "Describe", "Read", "Write")); // read back after a restore
        orderProcessor.addAll(topic("storefront.carts.v1.dlt", "Describe", "Write"));
        orderProcessor.addAll(topic("inventory.v1.dlt", "Describe", "Write"));
        orderProcessor.add(new Acl("group", "order-processor", "literal", "Read"));
        ACLS.put("order-processor", orderProcessor);

        Set<Acl> inventoryWorker = new TreeSet<>(KafkaContract::compare);
        inventoryWorker.addAll(topic("orders.v1", "Describe", "Read"));
        inventoryWorker.addAll(topic("catalog.v1", "Describe", "Read"));
        inventoryWorker.addAll(topic("inventory.v1", "Describe", "Read", "Write")); // read back after a restore
        inventoryWorker.addAll(topic("orders.v1.dlt", "Describe", "Write"));
        inventoryWorker.addAll(topic("catalog.v1.dlt", "Describe", "Write"));
        inventoryWorker.add(new Acl("group", "inventory-worker", "literal", "Read"));
        ACLS.put("inventory-worker", inventoryWorker);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaContract() {
    }

    private static List<Acl> topic(String name, String... operations) {
        return java.util.Arrays.stream(operations).map(op -> new Acl("topic", name, "literal", op)).toList();
    }

    private static int compare(Acl a, Acl b) {
        return a.toString().compareTo(b.toString());
    }

    private static List<Yaml.Doc> ofKind(List<Yaml.Doc> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.kind())).toList();
    }

    private static String clusterLabel(Yaml.Doc doc) {
        return doc.tree().path("metadata").path("labels").path("strimzi.io/cluster").asText("");
    }

    // ---------------------------------------------------------------- topics

    static List<String> checkTopics(List<Yaml.Doc> docs, int replicas, int minIsr) {
        List<String> errors = new ArrayList<>();
        Map<String, Yaml.Doc> byTopic = new LinkedHashMap<>();
        for (Yaml.Doc doc : ofKind(docs, "KafkaTopic")) {
            JsonNode spec = doc.tree().path("spec");
            String topic = spec.path("topicName").asText(doc.name());
            if (byTopic.put(topic, doc) != null) {
                errors.add("topic " + topic + " is declared twice");
            }
            if (!CLUSTER.equals(clusterLabel(doc))) {
                errors.add(doc.id() + ": label strimzi.io/cluster must be " + CLUSTER);
            }
        }
        Set<String> expected = new TreeSet<>();
        TOPICS.forEach(t -> expected.add(t.name()));
        if (!expected.equals(new TreeSet<>(byTopic.keySet()))) {
            errors.add("KafkaTopics declare " + new TreeSet<>(byTopic.keySet()) + ", the pipeline has " + expected);
        }
        for (TopicSpec t : TOPICS) {
            Yaml.Doc doc = byTopic.get(t.name());
            if (doc == null) {
                continue;
            }
            JsonNode spec = doc.tree().path("spec");
            JsonNode config = spec.path("config");
            check(errors, t.name(), "partitions", t.partitions(), spec.path("partitions"));
            check(errors, t.name(), "replicas", replicas, spec.path("replicas"));
            check(errors, t.name(), "retention.ms", t.retentionMs(), config.path("retention.ms"));
            check(errors, t.name(), "min.insync.replicas", minIsr, config.path("min.insync.replicas"));
        }
        for (Yaml.Doc doc : byTopic.values()) {
            JsonNode config = doc.tree().path("spec").path("config");
            String topic = doc.tree().path("spec").path("topicName").asText(doc.name());
            if (bytes(config.path("retention.bytes")) <= 0) {
                errors.add(topic + ": retention.bytes unset: its log is bounded by time only and can fill the brokers' volumes");
            } else if (bytes(config.path("segment.bytes")) <= 0) {
                errors.add(topic + ": segment.bytes unset: Kafka's default of 1 GiB per partition is held on top of retention.bytes");
            }
        }
        return errors;
    }

    /** A byte count given as a number or a string; -1 where missing or not a number. */
    private static long bytes(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        try {
            return node.isTextual() ? Long.parseLong(node.asText()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void check(List<String> errors, String subject, String field, long expected, JsonNode actual) {
        boolean ok = (actual.isIntegralNumber() && actual.asLong() == expected)
                || (actual.isTextual() && actual.asText().equals(Long.toString(expected)));
        if (!ok) {
            errors.add(subject + ": " + field + " must be " + expected + ", is " + (actual.isMissingNode() ? "unset" : actual));
        }
    }

    // ---------------------------------------------------------------- users and ACLs

    static List<String> checkUsers(List<Yaml.Doc> docs) {
        List<String> errors = new ArrayList<>();
        Map<String, Yaml.Doc> users = new LinkedHashMap<>();
        ofKind(docs, "KafkaUser").forEach(d -> users.put(d.name(), d));
        if (!users.keySet().equals(ACLS.keySet())) {
            errors.add("KafkaUsers are " + users.keySet() + ", one per service is " + ACLS.keySet());
        }
        for (Map.Entry<String, Yaml.Doc> e : users.entrySet()) {
            String user = e.getKey();
            JsonNode spec = e.getValue().tree().path("spec");
            if (!CLUSTER.equals(clusterLabel(e.getValue()))) {
                errors.add(user + ": label strimzi.io/cluster must be " + CLUSTER);
            }
            if (!"scram-sha-512".equals(spec.path("authentication").path("type").asText())) {
                errors.add(user + ": authentication must be scram-sha-512");
            }
            if (!"simple".equals(spec.path("authorization").path("type").asText())) {
                errors.add(user + ": authorization must be simple");
            }
            Set<Acl> actual = new TreeSet<>(KafkaContract::compare);
            for (JsonNode acl : spec.path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                if (!"allow".equals(acl.path("type").asText("allow")) || !"*".equals(acl.path("host").asText("*"))) {
                    errors.add(user + ": only allow rules from any host are expected: " + acl);
                }
                for (JsonNode op : acl.path("operations")) {
                    actual.add(new Acl(resource.path("type").asText(), resource.path("name").asText(""),
                            resource.path("patternType").asText("literal"), op.asText()));
                }
            }
            Set<Acl> expected = ACLS.getOrDefault(user, Set.of());
            Set<Acl> extra = new TreeSet<>(KafkaContract::compare);
            extra.addAll(actual);
            extra.removeAll(expected);
            Set<Acl> missing = new TreeSet<>(KafkaContract::compare);
            missing.addAll(expected);
            missing.removeAll(actual);
            if (!extra.isEmpty()) {
                errors.add(user + ": ACLs beyond what the service needs: " + extra);
            }
            if (!missing.isEmpty()) {
                errors.add(user + ": ACLs the service needs are missing: " + missing);
            }
        }
        return errors;
    }

    /**
     * Who owns each topic: the one service whose events it carries (the dead-letter topics: the
     * consumer that dead-letters there). Only the owner needs Write on it in normal operation.
     */
    static final Map<String, String> OWNERS = Map.of(
            "storefront.carts.v1", "storefront-api",
            "orders.v1", "order-processor",
            "inventory.v1", "inventory-worker",
            "catalog.v1", "ops-api",
            "storefront.carts.v1.dlt", "order-processor",
            "inventory.v1.dlt", "order-processor",
            "orders.v1.dlt", "inventory-worker",
            "catalog.v1.dlt", "inventory-worker",
            "ops.redrives.v1", "ops-api");

    /** The KafkaUsers of services that face the internet: a compromised pod of theirs must not forge others' events. */
    static final Set<String> PUBLIC_FACING = Set.of("storefront-api");

    private static final Set<String> WRITING_OPERATIONS = Set.of("Write", "All", "Create", "Delete", "Alter", "AlterConfigs");

    /**
     * A public-facing KafkaUser writes only topics it owns (literal names: a prefix or "*" could
     * cover another's), reads no dead letters (they hold customers' names and emails) and touches
     * no consumer group nor any other resource (no Describe of the workers' groups).
     */
    static List<String> checkPublicFacing(List<Yaml.Doc> docs) {
        List<String> errors = new ArrayList<>();
        for (Yaml.Doc doc : ofKind(docs, "KafkaUser")) {
            String user = doc.name();
            if (!PUBLIC_FACING.contains(user)) {
                continue;
            }
            for (JsonNode acl : doc.tree().path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                String type = resource.path("type").asText();
                String name = resource.path("name").asText("");
                boolean literal = "literal".equals(resource.path("patternType").asText("literal")) && !"*".equals(name);
                for (JsonNode op : acl.path("operations")) {
                    String operation = op.asText();
                    if (!"topic".equals(type)) {
                        errors.add(user + " is public-facing and may " + operation + " " + type + " " + name
                                + ": it needs no consumer group nor any other resource");
                    } else if (WRITING_OPERATIONS.contains(operation) && (!literal || !user.equals(OWNERS.get(name)))) {
                        errors.add(user + " is public-facing and may " + operation + " " + name + ", a topic "
                                + (literal ? Objects.toString(OWNERS.get(name), "nobody") : "pattern covering topics others")
                                + " own" + (literal ? "s" : ""));
                    } else if (name.endsWith(dev.orderpipeline.events.Topics.DLT_SUFFIX) || !literal) {
                        errors.add(user + " is public-facing and may " + operation + " " + name
                                + (literal ? ", a dead-letter topic (customers' names and emails)" : ", a pattern"));
                    }
                }
            }
        }
        return errors;
    }

    // ---------------------------------------------------------------- cluster

    /** Settings of the Kafka resource and its node pools; storageClass null means the cluster default. */
    static List<String> checkCluster(List<Yaml.Doc> docs, Policies.Profile profile) {
        List<String> errors = new ArrayList<>();
        List<Yaml.Doc> kafkas = ofKind(docs, "Kafka");
        if (kafkas.size() != 1 || !CLUSTER.equals(kafkas.get(0).name())) {
            errors.add("expected exactly one Kafka named " + CLUSTER + ", found " + kafkas.stream().map(Yaml.Doc::name).toList());
        } else {
            checkKafka(errors, docs, kafkas.get(0), profile);
        }
        checkNodePools(errors, docs, profile);
        checkBrokerDisk(errors, docs);
        return errors;
    }

    /** The share of a broker's volume the topics may take at most: the rest is for internal topics and headroom. */
    static final double TOPICS_SHARE_OF_BROKER_VOLUME = 0.75;
    private static final long DEFAULT_SEGMENT_BYTES = 1L << 30;

    /**
     * What the topics can hold at most on one broker (per partition replica: retention.bytes plus one
     * open segment, segment.bytes) fits in {@link #TOPICS_SHARE_OF_BROKER_VOLUME} of the broker pool's volume.
     */
    private static void checkBrokerDisk(List<String> errors, List<Yaml.Doc> docs) {
        List<Yaml.Doc> brokerPools = ofKind(docs, "KafkaNodePool").stream()
                .filter(p -> p.tree().path("spec").path("roles").toString().contains("\"broker\"")).toList();
        List<Yaml.Doc> topics = ofKind(docs, "KafkaTopic");
        if (brokerPools.isEmpty() || topics.isEmpty()) {
            return;
        }
        int brokers = brokerPools.stream().mapToInt(p -> p.tree().path("spec").path("replicas").asInt()).sum();
        double perBroker = 0;
        for (Yaml.Doc t : topics) {
            JsonNode spec = t.tree().path("spec");
            long retention = bytes(spec.path("config").path("retention.bytes"));
            if (retention <= 0) {
                continue; // reported by checkTopics
            }
            long segment = bytes(spec.path("config").path("segment.bytes"));
            int replicas = Math.min(spec.path("replicas").asInt(1), Math.max(brokers, 1));
            perBroker += Math.ceil((double) spec.path("partitions").asInt() * replicas / Math.max(brokers, 1))
                    * (retention + (segment > 0 ? segment : DEFAULT_SEGMENT_BYTES));
        }
        for (Yaml.Doc pool : brokerPools) {
            JsonNode storage = pool.tree().path("spec").path("storage");
            String size = storage.path("size").asText("");
            if (size.isEmpty()) {
                continue;
            }
            double volume = io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(new io.fabric8.kubernetes.api.model.Quantity(size))
                    .doubleValue();
            if (perBroker > TOPICS_SHARE_OF_BROKER_VOLUME * volume) {
                errors.add(String.format(java.util.Locale.ROOT, "the topics take up to %.1f GiB of each broker's %s volume (%s: retention.bytes"
                        + " plus segment.bytes per partition), more than %d %%", perBroker / (1L << 30), size, pool.name(),
                        Math.round(TOPICS_SHARE_OF_BROKER_VOLUME * 100)));
            }
        }
    }

    private static void checkKafka(List<String> errors, List<Yaml.Doc> docs, Yaml.Doc kafkaDoc, Policies.Profile profile) {
        JsonNode spec = kafkaDoc.tree().path("spec");
        JsonNode kafka = spec.path("kafka");
        if (kafka.path("version").asText("").isBlank()) {
            errors.add("spec.kafka.version must be pinned");
        }
        JsonNode listeners = kafka.path("listeners");
        if (listeners.isEmpty()) {
            errors.add("no listeners");
        }
        for (JsonNode l : listeners) {
            String name = "listener " + l.path("name").asText();
            if (!"internal".equals(l.path("type").asText())) {
                errors.add(name + ": type " + l.path("type").asText() + " exposes Kafka outside the cluster; only internal");
            }
            if (!l.path("tls").asBoolean(false)) {
                errors.add(name + ": must use TLS");
            }
            if (!"scram-sha-512".equals(l.path("authentication").path("type").asText())) {
                errors.add(name + ": authentication must be scram-sha-512");
            }
            if (l.path("networkPolicyPeers").isEmpty()) {
                errors.add(name + ": no networkPolicyPeers, so Strimzi opens the port to every pod");
            }
        }
        if (!"simple".equals(kafka.path("authorization").path("type").asText())) {
            errors.add("spec.kafka.authorization must be simple");
        }
        int rf = profile.replicationFactor;
        int minIsr = profile.minInsyncReplicas;
        JsonNode config = kafka.path("config");
        check(errors, "spec.kafka.config", "default.replication.factor", rf, config.path("default.replication.factor"));
        check(errors, "spec.kafka.config", "min.insync.replicas", minIsr, config.path("min.insync.replicas"));
        check(errors, "spec.kafka.config", "offsets.topic.replication.factor", rf, config.path("offsets.topic.replication.factor"));
        check(errors, "spec.kafka.config", "transaction.state.log.replication.factor", rf,
                config.path("transaction.state.log.replication.factor"));
        check(errors, "spec.kafka.config", "transaction.state.log.min.isr", minIsr, config.path("transaction.state.log.min.isr"));
        if (config.path("auto.create.topics.enable").asBoolean(true)) {
            errors.add("spec.kafka.config: auto.create.topics.enable must be false (topics are KafkaTopics)");
        }
        if (!spec.has("kafkaExporter")) {
            errors.add("Kafka Exporter is off (spec.kafkaExporter)");
        }
        if (!spec.path("entityOperator").has("topicOperator") || !spec.path("entityOperator").has("userOperator")) {
            errors.add("the Topic and User Operators must run (spec.entityOperator)");
        }
        JsonNode metrics = kafka.path("metricsConfig");
        if (!"jmxPrometheusExporter".equals(metrics.path("type").asText())) {
            errors.add("spec.kafka.metricsConfig must be jmxPrometheusExporter");
        } else {
            JsonNode ref = metrics.path("valueFrom").path("configMapKeyRef");
            boolean found = ofKind(docs, "ConfigMap").stream().anyMatch(cm -> cm.name().equals(ref.path("name").asText())
                    && cm.tree().path("data").has(ref.path("key").asText()));
            if (!found) {
                errors.add("metrics ConfigMap " + ref.path("name").asText() + " with key " + ref.path("key").asText()
                        + " is not among the Strimzi resources");
            }
        }
        String version = kafka.path("version").asText("");
        String metadataVersion = kafka.path("metadataVersion").asText("");
        if (metadataVersion.isBlank()) {
            errors.add("spec.kafka.metadataVersion must be pinned (else it follows spec.kafka.version, and an upgrade"
                    + " can no longer be rolled back)");
        } else if (!version.isBlank() && !metadataVersion.startsWith(majorMinor(version) + "-")) {
            errors.add("spec.kafka.metadataVersion " + metadataVersion + " is not one of Kafka " + version + " ("
                    + majorMinor(version) + "-IV<n>)");
        }
        if (profile == Policies.Profile.EKS && !ZONE_KEY.equals(kafka.path("rack").path("topologyKey").asText())) {
            errors.add("spec.kafka.rack.topologyKey must be " + ZONE_KEY + " (replicas in different zones)");
        }
    }

    static final String NEXT_NODE_IDS = "strimzi.io/next-node-ids";

    private static String majorMinor(String version) {
        String[] parts = version.split("\\.");
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
    }

    private static void checkNodePools(List<String> errors, List<Yaml.Doc> docs, Policies.Profile profile) {
        Map<String, Integer> replicasByRole = new LinkedHashMap<>();
        Map<String, int[]> idRanges = new LinkedHashMap<>();
        for (Yaml.Doc pool : ofKind(docs, "KafkaNodePool")) {
            JsonNode ps = pool.tree().path("spec");
            if (!CLUSTER.equals(clusterLabel(pool))) {
                errors.add(pool.id() + ": label strimzi.io/cluster must be " + CLUSTER);
            }
            List<String> roles = new ArrayList<>();
            ps.path("roles").forEach(r -> roles.add(r.asText()));
            if (roles.size() != 1) {
                errors.add(pool.id() + ": controllers and brokers are separate pools, roles are " + roles);
            }
            roles.forEach(r -> replicasByRole.merge(r, ps.path("replicas").asInt(), Integer::sum));
            if (ps.path("resources").path("limits").has("cpu")) {
                errors.add(pool.id() + ": a CPU limit on Kafka nodes (CFS throttling stalls replication, acks and"
                        + " heartbeats); request CPU, limit memory only");
            }
            String ids = pool.tree().path("metadata").path("annotations").path(NEXT_NODE_IDS).asText("");
            if (!ids.matches("\\[\\d+-\\d+]")) {
                errors.add(pool.id() + ": annotation " + NEXT_NODE_IDS + " must give the pool its own range of node ids"
                        + " (\"[FROM-TO]\"), else the pods' names depend on the order Strimzi creates the pools in");
            } else {
                String[] range = ids.substring(1, ids.length() - 1).split("-");
                idRanges.put(pool.name(), new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])});
            }
            List<JsonNode> volumes = new ArrayList<>();
            JsonNode storage = ps.path("storage");
            if ("jbod".equals(storage.path("type").asText())) {
                storage.path("volumes").forEach(volumes::add);
            } else {
                volumes.add(storage);
            }
            for (JsonNode v : volumes) {
                if (!"persistent-claim".equals(v.path("type").asText())) {
                    errors.add(pool.id() + ": storage must be persistent-claim, is " + v.path("type").asText());
                }
                if (v.path("deleteClaim").asBoolean(true)) {
                    errors.add(pool.id() + ": deleteClaim must be false (keep the data when the cluster is deleted)");
                }
                String storageClass = v.has("class") ? v.path("class").asText() : null;
                if (!Objects.equals(profile.storageClass, storageClass)) {
                    errors.add(pool.id() + ": storage class must be " + profile.storageClass + ", is " + storageClass);
                }
            }
        }
        List<String> pools = new ArrayList<>(idRanges.keySet());
        for (int i = 0; i < pools.size(); i++) {
            for (int j = i + 1; j < pools.size(); j++) {
                int[] a = idRanges.get(pools.get(i));
                int[] b = idRanges.get(pools.get(j));
                if (a[0] <= b[1] && b[0] <= a[1]) {
                    errors.add("node pools " + pools.get(i) + " and " + pools.get(j) + " share node ids (" + NEXT_NODE_IDS + ")");
                }
            }
        }
        int expectedNodes = profile.kafkaNodes;
        for (String role : List.of("controller", "broker")) {
            if (replicasByRole.getOrDefault(role, 0) != expectedNodes) {
                errors.add(role + " nodes: " + replicasByRole.getOrDefault(role, 0) + ", must be " + expectedNodes);
            }
        }
    }

    private static final String ZONE_KEY = "topology.kubernetes.io/zone";

    /** The TLS listener's networkPolicyPeers select exactly the three services' pods of the rendered k8s/ overlay. */
    static List<String> checkListenerPeers(List<Yaml.Doc> strimziDocs, Manifests k8s) {
        List<String> errors = new ArrayList<>();
        for (Yaml.Doc kafka : ofKind(strimziDocs, "Kafka")) {
            for (JsonNode l : kafka.tree().path("spec").path("kafka").path("listeners")) {
                Set<String> admitted = new TreeSet<>();
                for (JsonNode peerNode : l.path("networkPolicyPeers")) {
                    NetworkPolicyPeer peer = JSON.convertValue(peerNode, NetworkPolicyPeer.class);
                    if (peer.getIpBlock() != null || peer.getNamespaceSelector() != null || peer.getPodSelector() == null) {
                        errors.add("listener " + l.path("name").asText() + ": a peer outside the namespace: " + peerNode);
                        continue;
                    }
                    k8s.pods().stream().filter(p -> Selectors.matches(peer.getPodSelector(), p.labels()))
                            .forEach(p -> admitted.add(p.appName()));
                }
                if (!admitted.equals(new TreeSet<>(Policies.SERVICES))) {
                    errors.add("listener " + l.path("name").asText() + " admits the pods of " + admitted
                            + ", must admit exactly " + new TreeSet<>(Policies.SERVICES));
                }
            }
        }
        return errors;
    }

    /** Each service talks to this cluster: bootstrap address, SASL_SSL/SCRAM, its own KafkaUser's Secret, the cluster CA, existing topics. */
    static List<String> checkClients(List<Yaml.Doc> strimziDocs, Manifests k8s) {
        return checkClients(strimziDocs, k8s, Policies.NAMESPACE);
    }

    /** The same, for services in another namespace (with their own Kafka cluster there). */
    static List<String> checkClients(List<Yaml.Doc> strimziDocs, Manifests k8s, String namespace) {
        List<String> errors = new ArrayList<>();
        Yaml.Doc kafka = ofKind(strimziDocs, "Kafka").get(0);
        int tlsPort = -1;
        for (JsonNode l : kafka.tree().path("spec").path("kafka").path("listeners")) {
            if (l.path("tls").asBoolean(false)) {
                tlsPort = l.path("port").asInt();
            }
        }
        String bootstrap = kafka.name() + "-kafka-bootstrap." + namespace + ".svc:" + tlsPort;
        String caSecret = kafka.name() + "-cluster-ca-cert";
        Set<String> users = new LinkedHashSet<>();
        ofKind(strimziDocs, "KafkaUser").forEach(u -> users.add(u.name()));

        for (Manifests.Pod pod : k8s.pods()) {
            String service = pod.appName();
            if (!Policies.SERVICES.contains(service)) {
                continue;
            }
            Container c = pod.template().getSpec().getContainers().get(0);
            Map<String, String> env = new LinkedHashMap<>();
            for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    k8s.find(ConfigMap.class, from.getConfigMapRef().getName())
                            .ifPresent(cm -> env.putAll(cm.getData() == null ? Map.of() : cm.getData()));
                }
            }
            String jaasSecret = null;
            for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                if (e.getValue() != null) {
                    env.put(e.getName(), e.getValue());
                }
                if ("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG".equals(e.getName()) && e.getValueFrom() != null
                        && e.getValueFrom().getSecretKeyRef() != null) {
                    jaasSecret = e.getValueFrom().getSecretKeyRef().getName();
                    if (!"sasl.jaas.config".equals(e.getValueFrom().getSecretKeyRef().getKey())) {
                        errors.add(service + ": the JAAS config comes from key sasl.jaas.config of the KafkaUser's Secret");
                    }
                }
            }
            expectEnv(errors, service, env, "KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            expectEnv(errors, service, env, "SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            expectEnv(errors, service, env, "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
            expectEnv(errors, service, env, "SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM");
            expectEnv(errors, service, env, "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:/etc/kafka-ca/ca.crt");
            if (!service.equals(jaasSecret) || !users.contains(service)) {
                errors.add(service + ": must authenticate as its own KafkaUser " + service + " (Secret of the same name),"
                        + " uses Secret " + jaasSecret);
            }
            boolean caMounted = c.getVolumeMounts() != null && c.getVolumeMounts().stream().anyMatch(vm ->
                    "/etc/kafka-ca".equals(vm.getMountPath()) && pod.template().getSpec().getVolumes().stream()
                            .filter(v -> v.getName().equals(vm.getName())).map(Volume::getSecret).filter(Objects::nonNull)
                            .anyMatch(s -> caSecret.equals(s.getSecretName())
                                    && (s.getItems() == null || s.getItems().stream().anyMatch(i -> "ca.crt".equals(i.getKey())))));
            if (!caMounted) {
                errors.add(service + ": Secret " + caSecret + " (ca.crt) must be mounted at /etc/kafka-ca");
            }
            String group = env.get("SPRING_KAFKA_CONSUMER_GROUP_ID");
            if (group != null && ACLS.getOrDefault(service, Set.of()).stream()
                    .noneMatch(a -> a.resourceType().equals("group") && a.name().equals(group) && a.operation().equals("Read"))) {
                errors.add(service + ": consumer group " + group + " is not one its KafkaUser may read");
            }
        }
        return errors;
    }

    /** Recommended labels on every rendered Strimzi-side object (Strimzi copies them to what it creates). */
    static List<String> checkLabels(List<Yaml.Doc> docs) {
        List<String> errors = new ArrayList<>();
        for (Yaml.Doc doc : docs) {
            JsonNode labels = doc.tree().path("metadata").path("labels");
            List<String> missing = Policies.OBJECT_LABELS.stream().filter(l -> labels.path(l).asText("").isBlank()).toList();
            if (!missing.isEmpty()) {
                errors.add(doc.id() + ": missing labels " + missing);
            }
        }
        return errors;
    }

    private static void expectEnv(List<String> errors, String service, Map<String, String> env, String name, String expected) {
        if (!expected.equals(env.get(name))) {
            errors.add(service + ": " + name + " must be " + expected + ", is " + env.get(name));
        }
    }
}
