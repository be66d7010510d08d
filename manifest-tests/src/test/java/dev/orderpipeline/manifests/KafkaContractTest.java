package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layer 5 (Kafka contract): the KafkaTopics carry exactly the pipeline's topic table, each
 * KafkaUser exactly the ACLs its service needs, the Kafka cluster is secured and replicated as
 * required, and the services are configured for that cluster.
 */
class KafkaContractTest {

    static List<Yaml.Doc> strimziBase() throws java.io.IOException {
        List<Yaml.Doc> docs = new ArrayList<>();
        StrictParseTest.strimziFiles().forEach(f -> docs.addAll(Yaml.read(f)));
        return docs;
    }

    @Test
    void topicsAreExactlyThePipelinesTopicTable() throws Exception {
        assertThat(KafkaContract.checkTopics(strimziBase(), 3, 2)).isEmpty();
    }

    @Test
    void eachServiceHasExactlyTheAclsItNeeds() throws Exception {
        assertThat(KafkaContract.checkUsers(strimziBase())).isEmpty();
    }

    /** The storefront faces the internet: it writes only its own topic, reads no dead letters, describes no group. */
    @Test
    void thePublicFacingUserWritesOnlyWhatItOwns() throws Exception {
        assertThat(KafkaContract.checkPublicFacing(strimziBase())).isEmpty();
        assertThat(KafkaContract.OWNERS.keySet()).as("every topic has an owner")
                .containsExactlyInAnyOrderElementsOf(KafkaContract.TOPICS.stream().map(KafkaContract.TopicSpec::name).toList());
        assertThat(KafkaContract.ACLS.keySet()).containsAll(KafkaContract.PUBLIC_FACING);
    }

    @Test
    void kafkaClusterIsSecuredAndReplicated() throws Exception {
        assertThat(KafkaContract.checkCluster(strimziBase(), Policies.Profile.EKS)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"STRIMZI_EKS", "STRIMZI_LOCAL"})
    void renderedOverlayKeepsTheContract(Target target) {
        List<Yaml.Doc> docs = target.render().docs();
        List<String> errors = new ArrayList<>();
        errors.addAll(KafkaContract.checkTopics(docs, target.profile.replicationFactor, target.profile.minInsyncReplicas));
        errors.addAll(KafkaContract.checkUsers(docs));
        errors.addAll(KafkaContract.checkCluster(docs, target.profile));
        errors.addAll(KafkaContract.checkLabels(docs));
        errors.addAll(KafkaContract.checkPublicFacing(docs));
        assertThat(errors).as("Kafka contract of %s", target).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"K8S_EKS", "K8S_LOCAL"})
    void servicesAreClientsOfThisCluster(Target target) {
        Manifests k8s = target.render();
        List<Yaml.Doc> strimzi = target.strimzi().render().docs();
        List<String> errors = new ArrayList<>();
        errors.addAll(KafkaContract.checkListenerPeers(strimzi, k8s));
        errors.addAll(KafkaContract.checkClients(strimzi, k8s));
        assertThat(errors).as("Kafka clients in %s", target).isEmpty();
    }

    static List<Path> brokenResources() {
        return Fixtures.of("kafka-contract");
    }

    @ParameterizedTest
    @MethodSource("brokenResources")
    void brokenResourceBreaksTheContract(Path fixture) {
        List<Yaml.Doc> docs = Yaml.read(fixture);
        List<String> errors = new ArrayList<>();
        errors.addAll(KafkaContract.checkTopics(docs, 3, 2));
        errors.addAll(KafkaContract.checkUsers(docs));
        errors.addAll(KafkaContract.checkCluster(docs, Policies.Profile.EKS));
        errors.addAll(KafkaContract.checkPublicFacing(docs));
        assertThat(String.join("\n", errors)).as("contract violations of %s", Repo.relative(fixture))
                .contains(Fixtures.expectation(fixture));
    }
}
