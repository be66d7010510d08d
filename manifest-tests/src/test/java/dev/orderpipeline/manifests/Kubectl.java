package dev.orderpipeline.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code kubectl kustomize} (offline, no cluster). The binary is {@code $KUBECTL} or
 * {@code kubectl} on the PATH. Where there is none, {@link #assumeAvailable()} skips the calling
 * test with a message saying so on a developer's machine, and fails it in CI ({@code CI=true}):
 * CI must never pass without having rendered the manifests.
 */
final class Kubectl {

    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private static final String BINARY = System.getenv().getOrDefault("KUBECTL", "kubectl");
    private static final Map<Path, Result> RENDERED = new ConcurrentHashMap<>();
    private static volatile Boolean available;
    private static volatile String version = "";

    private Kubectl() {
    }

    static boolean available() {
        if (available == null) {
            try {
                Result r = run(List.of(BINARY, "version", "--client"), Path.of("."));
                available = r.ok();
                version = r.stdout().lines().findFirst().orElse("").trim();
            } catch (IOException e) {
                available = false;
            }
        }
        return available;
    }

    private static final String MISSING = "SKIPPED: '" + BINARY + "' is not installed (or not on the PATH),"
            + " so k8s/ and strimzi/ cannot be rendered with 'kubectl kustomize' here; the tests that need the"
            + " rendered manifests are skipped. Install kubectl (any version with kustomize v5) or point $KUBECTL at it.";
    private static volatile boolean told;

    static void assumeAvailable() {
        if (!available() && Ci.required()) {
            throw new AssertionError("kubectl is required when CI=true: " + MISSING.replace("SKIPPED: ", "")
                    .replace("; the tests that need the rendered manifests are skipped", ""));
        }
        if (!available() && !told) {
            told = true;
            System.err.println("[manifest-tests] " + MISSING);
        }
        Assumptions.assumeTrue(available(), MISSING);
    }

    static String version() {
        return version;
    }

    /** Renders a kustomization directory; results are cached per directory for the test run. */
    static Result kustomize(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> {
            try {
                return run(List.of(BINARY, "kustomize", d.toString()), d);
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + BINARY, e);
            }
        });
    }

    /** Renders and fails the test with kubectl's error output if rendering fails. */
    static String render(Path dir) {
        Result r = kustomize(dir);
        if (!r.ok()) {
            throw new AssertionError("kubectl kustomize " + Repo.relative(dir) + " failed (exit " + r.exitCode() + "):\n"
                    + r.stderr());
        }
        return r.stdout();
    }

    private static Result run(List<String> command, Path dir) throws IOException {
        Process p = new ProcessBuilder(command).directory(Files.isDirectory(dir) ? dir.toFile() : null).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish within 120 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        });
    }
}
