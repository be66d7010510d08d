package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Layer 4: the platform rules of {@link Policies} hold for every rendered k8s/ overlay, and each
 * rule fails on its broken fixture (src/test/fixtures/policy/RULE.yaml).
 */
class PolicyTest {

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"K8S_EKS", "K8S_LOCAL", "K8S_EKS_LOADBALANCER", "K8S_LOCAL_LOADBALANCER", "K8S_EKS_OWN_OVERLAY",
            "K8S_EKS_KEDA_MONITORING", "K8S_LOCAL_KEDA_MONITORING"})
    void renderedOverlayFollowsEveryRule(Target target) {
        Manifests k8s = target.render();
        Set<String> strimziSecrets = Policies.strimziSecrets(target.strimzi().render().docs());
        List<Policies.Violation> violations = Policies.check(k8s, target.profile, strimziSecrets);
        assertThat(violations).as("policy violations in %s", target).isEmpty();
    }

    static Path fixture(Policies.Rule rule) {
        return Repo.FIXTURES.resolve("policy").resolve(rule.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".yaml");
    }

    @ParameterizedTest
    @EnumSource(Policies.Rule.class)
    void ruleFailsOnItsBrokenFixture(Policies.Rule rule) {
        Path fixture = fixture(rule);
        assertThat(Files.exists(fixture)).as("broken fixture %s for rule %s", Repo.relative(fixture), rule).isTrue();
        Manifests broken = Manifests.file(fixture);
        List<Policies.Violation> violations = Policies.check(broken, Policies.Profile.EKS,
                Set.of("pipeline-cluster-ca-cert", "storefront-api", "order-processor", "inventory-worker", "ops-api"));
        List<String> ofRule = violations.stream().filter(v -> v.rule() == rule).map(Policies.Violation::toString).toList();
        assertThat(ofRule).as("violations of %s (%s) found in %s", rule, rule.description, Repo.relative(fixture))
                .isNotEmpty();
        assertThat(String.join("\n", ofRule)).contains(Fixtures.expectation(fixture));
    }
}
