package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Layer 2: every rendered object parses strictly into fabric8's (or Strimzi's) typed model: an
 * unknown field, a wrongly typed scalar, an unknown kind or a duplicated key fails.
 */
class StrictParseTest {

    @ParameterizedTest
    @EnumSource(Target.class)
    void everyRenderedObjectParsesStrictly(Target target) {
        Manifests manifests = target.render();
        assertThat(manifests.objects()).hasSameSizeAs(manifests.docs());
    }

    static List<Path> strimziFiles() throws IOException {
        try (Stream<Path> files = Files.list(Repo.STRIMZI.resolve("base"))) {
            return files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList();
        }
    }

    /** The Strimzi files are plain resources: checked even where kubectl is missing. */
    @ParameterizedTest
    @MethodSource("strimziFiles")
    void strimziFilesParseStrictly(Path file) {
        List<HasMetadata> objects = Manifests.file(file).objects();
        assertThat(objects).isNotEmpty();
    }

    static List<Path> brokenManifests() {
        return Fixtures.of("parse");
    }

    @ParameterizedTest
    @MethodSource("brokenManifests")
    void brokenManifestIsRejected(Path fixture) {
        assertThatThrownBy(() -> Manifests.file(fixture))
                .as("strict parse of %s", Repo.relative(fixture))
                .isInstanceOfAny(StrictKubernetes.StrictParseException.class, IllegalArgumentException.class)
                .hasMessageContaining(Fixtures.expectation(fixture));
    }
}
