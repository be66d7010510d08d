package dev.orderpipeline.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Broken inputs under src/test/fixtures/LAYER/. Each file says on a line "# expect: TEXT" what
 * the layer must report about it; the tests assert that the layer fails with that text.
 */
final class Fixtures {

    private Fixtures() {
    }

    static List<Path> of(String layer) {
        try (Stream<Path> files = Files.list(Repo.FIXTURES.resolve(layer))) {
            return files.filter(f -> f.toString().endsWith(".yaml") || Files.isDirectory(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The "# expect: ..." text of a fixture file (or of DIR/kustomization.yaml). */
    static String expectation(Path fixture) {
        Path file = Files.isDirectory(fixture) ? fixture.resolve("kustomization.yaml") : fixture;
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(l -> l.startsWith("# expect:"))
                    .map(l -> l.substring("# expect:".length()).trim()).findFirst()
                    .orElseThrow(() -> new IllegalStateException(Repo.relative(file) + " has no '# expect:' line"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
