package dev.orderpipeline.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart reads the files the kustomize overlays read (env files, scripts, the dashboard, the alert
 * rules) through symbolic links into {@code k8s/}, so there is one copy to change: a regular file of the
 * chart with the same bytes as one of {@code k8s/} is a copy that can drift, and a link must land on a
 * file of {@code k8s/}.
 */
class ChartFilesTest {

    @Test
    void noFileOfTheChartRepeatsOneOfK8s() {
        Map<String, Path> k8s = regularFiles(Repo.K8S).collect(Collectors.toMap(ChartFilesTest::digest,
                Function.identity(), (first, second) -> first));

        List<String> copies = regularFiles(Repo.CHART).filter(file -> k8s.containsKey(digest(file)))
                .map(file -> Repo.relative(file) + " repeats " + Repo.relative(k8s.get(digest(file)))
                        + ": make it a symbolic link to that file")
                .toList();

        assertThat(copies).isEmpty();
    }

    @Test
    void everyLinkOfTheChartIsAFileOfK8s() throws IOException {
        List<Path> links = files(Repo.CHART).filter(Files::isSymbolicLink).toList();
        Path k8s = Repo.K8S.toRealPath();

        assertThat(links).isNotEmpty().allSatisfy(link -> {
            assertThat(link).as("%s resolves", Repo.relative(link)).isRegularFile();
            assertThat(link.toRealPath()).as("%s points into k8s/", Repo.relative(link)).startsWith(k8s);
        });
    }

    private static Stream<Path> regularFiles(Path dir) {
        return files(dir).filter(file -> !Files.isSymbolicLink(file) && Files.isRegularFile(file));
    }

    private static Stream<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
