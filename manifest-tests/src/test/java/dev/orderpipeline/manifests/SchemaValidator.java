package dev.orderpipeline.manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.junit.jupiter.api.Assumptions;

/**
 * Validates objects against the Kubernetes API's schemas with the npm package kubernetes-models
 * (and its KEDA and Prometheus Operator siblings), run by node: manifest-tests/validator/validate.mjs.
 * Its packages are installed by {@code npm ci --prefix manifest-tests/validator} (.ci/run does it).
 * Where node or the packages are missing, the calling test is skipped with a message on a
 * developer's machine, and fails in CI ({@code CI=true}).
 */
final class SchemaValidator {

    static final Path DIR = Repo.MODULE.resolve("validator");
    private static final String NODE = System.getenv().getOrDefault("NODE", "node");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile String problem;
    private static volatile boolean checked;

    /** The result for one object: its errors (empty when valid), or why it was skipped. */
    record Result(String id, List<String> errors, String skipped) {
    }

    private SchemaValidator() {
    }

    private static synchronized String problem() {
        if (!checked) {
            checked = true;
            if (!Files.isDirectory(DIR.resolve("node_modules/kubernetes-models"))) {
                problem = "the validator's npm packages are not installed: run  npm ci --prefix manifest-tests/validator";
            } else {
                try {
                    Process p = new ProcessBuilder(NODE, "--version").redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                        problem = "'" + NODE + " --version' failed: " + out;
                    }
                } catch (IOException e) {
                    problem = "node is not installed (or not on the PATH; or set $NODE)";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    problem = "interrupted";
                }
            }
        }
        return problem;
    }

    static void assumeAvailable() {
        String why = problem();
        if (why != null && Ci.required()) {
            throw new AssertionError("the schema validator is required when CI=true: " + why);
        }
        Assumptions.assumeTrue(why == null, "SKIPPED schema validation: " + why);
    }

    /** Validates documents; one result per document, in order. */
    static List<Result> validate(List<Yaml.Doc> docs) {
        Map<String, List<Yaml.Doc>> one = new LinkedHashMap<>();
        one.put("docs", docs);
        return validateAll(one).get("docs");
    }

    /** Validates several sets of documents in one node process (node's start-up is the slow part). */
    static Map<String, List<Result>> validateAll(Map<String, List<Yaml.Doc>> sets) {
        assumeAvailable();
        ArrayNode input = JSON.createArrayNode();
        sets.values().forEach(docs -> docs.forEach(d -> input.add(d.tree())));
        JsonNode output;
        try {
            Process p = new ProcessBuilder(NODE, DIR.resolve("validate.mjs").toString()).directory(DIR.toFile()).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (var stdin = p.getOutputStream()) {
                stdin.write(JSON.writeValueAsBytes(input));
            }
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("validate.mjs did not finish within 300 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("validate.mjs failed (exit " + p.exitValue() + "): "
                        + new String(err.join(), StandardCharsets.UTF_8));
            }
            output = JSON.readTree(out.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + NODE + " " + DIR.resolve("validate.mjs"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, List<Result>> results = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, List<Yaml.Doc>> set : sets.entrySet()) {
            List<Result> list = new ArrayList<>();
            for (Yaml.Doc doc : set.getValue()) {
                JsonNode r = output.get(i++);
                List<String> errors = new ArrayList<>();
                r.path("errors").forEach(e -> errors.add(e.asText()));
                list.add(new Result(doc.id(), errors, r.path("skipped").asText(null)));
            }
            results.put(set.getKey(), list);
        }
        return results;
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return ("<" + e + ">").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** "Kind/name (origin): error" lines of the invalid objects. */
    static List<String> errors(List<Result> results) {
        return results.stream().flatMap(r -> r.errors().stream().map(e -> r.id() + ": " + e)).toList();
    }
}
