package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layer 2b: every rendered object is valid against the Kubernetes 1.32 API's schemas (enums,
 * required fields, types, served API versions) and its syntax rules (names, labels, annotations,
 * container and port names), by kubernetes-models ({@link SchemaValidator}); each class of mistake
 * has a broken fixture in src/test/fixtures/schema.
 */
class SchemaValidationTest {

    @Test
    void everyTargetAndCombinationIsValid() {
        Map<String, List<Yaml.Doc>> sets = new LinkedHashMap<>();
        for (Target target : Target.values()) {
            sets.put(target.name(), target.render().docs());
        }
        for (Combination combination : Combination.all()) {
            sets.put(combination.name(), combination.render().docs());
        }
        Map<String, List<SchemaValidator.Result>> results = SchemaValidator.validateAll(sets);
        for (Map.Entry<String, List<SchemaValidator.Result>> set : results.entrySet()) {
            assertThat(SchemaValidator.errors(set.getValue())).as("schema errors in %s", set.getKey()).isEmpty();
            // only Strimzi's resources are left to their CRD schemas (StrimziSchemaTest)
            assertThat(set.getValue()).filteredOn(r -> r.skipped() != null)
                    .allSatisfy(r -> assertThat(r.id()).matches("(Kafka|KafkaNodePool|KafkaTopic|KafkaUser)/.*"));
        }
        assertThat(results).hasSize(Target.values().length + Combination.all().size());
    }

    static List<Path> brokenObjects() {
        return Fixtures.of("schema");
    }

    @ParameterizedTest
    @MethodSource("brokenObjects")
    void brokenObjectIsRejected(Path fixture) {
        List<SchemaValidator.Result> results = SchemaValidator.validate(Yaml.read(fixture));
        List<String> errors = SchemaValidator.errors(results);
        assertThat(errors).as("schema errors in %s", Repo.relative(fixture)).isNotEmpty();
        assertThat(String.join("\n", errors)).contains(Fixtures.expectation(fixture));
    }

    @Test
    void everyClassOfMistakeHasAFixture() {
        List<String> names = brokenObjects().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).containsAll(Arrays.asList("bad-enum.yaml", "missing-required.yaml", "api-version-not-served.yaml",
                "kind-not-in-version.yaml", "bad-name.yaml", "bad-label.yaml", "bad-port-name.yaml", "wrong-type.yaml",
                "keda-missing-required.yaml"));
    }
}
