package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layer 3: every Strimzi custom resource validates against the CRD schema generated from
 * io.strimzi:api (closed to unknown fields).
 */
class StrimziSchemaTest {

    static final String STRIMZI_VERSION = System.getProperty("strimzi.version", "");
    static StrimziCrdSchemas schemas;

    @BeforeAll
    static void load() {
        schemas = StrimziCrdSchemas.load(Repo.STRIMZI_CRDS);
    }

    @Test
    void committedSchemasComeFromTheTargetedStrimziRelease() {
        assertThat(STRIMZI_VERSION).as("system property strimzi.version (set by the pom)").isNotBlank();
        assertThat(schemas.headers()).as("CRD files under %s", Repo.relative(Repo.STRIMZI_CRDS))
                .containsOnlyKeys("kafkas.yaml", "kafkanodepools.yaml", "kafkatopics.yaml", "kafkausers.yaml");
        schemas.headers().forEach((file, header) -> assertThat(header)
                .as("%s was generated from io.strimzi:api %s; run scripts/regenerate-strimzi-schemas.sh", file, STRIMZI_VERSION)
                .contains("io.strimzi:api " + STRIMZI_VERSION + " "));
        for (String kind : List.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser")) {
            assertThat(schemas.knows("kafka.strimzi.io/v1", kind)).as("schema of kafka.strimzi.io/v1 %s", kind).isTrue();
        }
    }

    static List<Path> strimziFiles() throws java.io.IOException {
        return StrictParseTest.strimziFiles();
    }

    @ParameterizedTest
    @MethodSource("strimziFiles")
    void strimziFilesMatchTheCrdSchemas(Path file) {
        List<String> errors = new ArrayList<>();
        for (Yaml.Doc doc : Yaml.read(file)) {
            if (doc.apiVersion().startsWith("kafka.strimzi.io/")) {
                errors.addAll(schemas.validate(doc));
            }
        }
        assertThat(errors).as("schema violations in %s", Repo.relative(file)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"STRIMZI_EKS", "STRIMZI_LOCAL"})
    void renderedOverlaysMatchTheCrdSchemas(Target target) {
        Manifests manifests = target.render();
        List<Yaml.Doc> resources = manifests.docsOfGroup("kafka.strimzi.io");
        assertThat(resources).extracting(Yaml.Doc::kind).contains("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser");
        List<String> errors = new ArrayList<>();
        resources.forEach(doc -> errors.addAll(schemas.validate(doc)));
        assertThat(errors).as("schema violations in %s", target).isEmpty();
    }

    static List<Path> brokenResources() {
        return Fixtures.of("strimzi-schema");
    }

    @ParameterizedTest
    @MethodSource("brokenResources")
    void brokenResourceFailsTheSchema(Path fixture) {
        List<String> errors = new ArrayList<>();
        Yaml.read(fixture).forEach(doc -> errors.addAll(schemas.validate(doc)));
        assertThat(errors).as("schema violations of %s", Repo.relative(fixture)).isNotEmpty();
        assertThat(String.join("\n", errors)).contains(Fixtures.expectation(fixture));
    }
}
