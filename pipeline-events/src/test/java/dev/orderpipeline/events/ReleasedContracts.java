package dev.orderpipeline.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The releases of the event contract recorded in the repository, one folder per version
 * ({@code contracts/events/released/<version>}: its schemas and one event of every type as its code
 * wrote them; docs/contracts.md). The contract tests of this module and the rolling-update tests of
 * the services read the newest one: the release whose pods run beside this build's during a rolling
 * update.
 */
public final class ReleasedContracts {

    private ReleasedContracts() {
    }

    /** The newest release folder in {@code released}, by version number (0.10.0 after 0.9.1). */
    public static Path newest(Path released) {
        try (Stream<Path> releases = Files.list(released)) {
            return releases.max(Comparator.comparing(ReleasedContracts::versionNumbers, Arrays::compare))
                    .orElseThrow(() -> new IllegalStateException("no release recorded in " + released));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] versionNumbers(Path release) {
        return Arrays.stream(release.getFileName().toString().split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}
