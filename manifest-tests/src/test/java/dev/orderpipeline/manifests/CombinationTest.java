package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every application overlay with every subset of the optional components renders, parses strictly,
 * follows every platform rule, and composes: adding a component changes nothing of the others
 * ({@link Composition}); a component that relabels everything fails (src/test/fixtures/composition).
 */
class CombinationTest {

    static List<Combination> combinations() {
        return Combination.all();
    }

    static List<Combination> withComponents() {
        return Combination.all().stream().filter(c -> !c.components().isEmpty()).toList();
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void combinationFollowsEveryRule(Combination combination) {
        Manifests k8s = combination.render();
        assertThat(k8s.objects()).hasSameSizeAs(k8s.docs());
        Set<String> strimziSecrets = Policies.strimziSecrets(combination.strimzi().render().docs());
        assertThat(Policies.check(k8s, combination.profile(), strimziSecrets)).as("policy violations in %s", combination)
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("withComponents")
    void addingAComponentChangesNoOtherObject(Combination combination) {
        List<Composition.Violation> violations = new ArrayList<>();
        for (String component : combination.components()) {
            violations.addAll(Composition.check(combination.without(component).render(), combination.render(), component));
        }
        assertThat(violations).as("what the components of %s change in each other's objects", combination).isEmpty();
    }

    static List<Path> brokenComponents() {
        return Fixtures.of("composition");
    }

    @ParameterizedTest
    @MethodSource("brokenComponents")
    void brokenComponentFailsTheCompositionRule(Path fixture) {
        for (String overlay : Combination.overlays()) {
            Combination plain = new Combination(overlay, List.of());
            List<Composition.Violation> violations = Composition.check(plain.render(), plain.render(fixture),
                    fixture.getFileName().toString());
            assertThat(violations).as("composition violations of %s on %s", Repo.relative(fixture), overlay).isNotEmpty();
            assertThat(violations.toString()).contains(Fixtures.expectation(fixture));
        }
    }
}
