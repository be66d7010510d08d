package dev.orderpipeline.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * docs/deploy.md run as a newcomer pastes it: every bash block, in order, in one bash with
 * {@code set -euo pipefail}, from a copy of the repository's k8s/, strimzi/ and charts/ under
 * target/deploy-guide/REGION/order-pipeline, with the stand-ins of src/test/deploy-guide first on
 * the PATH (see its README). What the guide applies and installs is recorded for the tests.
 */
final class DeployGuide {

    static final Path STAND_INS = Repo.MODULE.resolve("src/test/deploy-guide");
    /** The name of the repository's copy: what {@code $(basename "$PWD")} gives the guide. */
    static final String REPO_DIR = "order-pipeline";

    /** One kustomization or file the guide applied (kubectl ... -k DIR, -f FILE, kubectl kustomize DIR). */
    record Applied(int index, String verb, Path path, Path rendered) {
        boolean kustomization() {
            return !verb.contains("-");
        }
    }

    /** One helm call: its arguments. */
    record HelmCall(List<String> args) {
        /** The arguments that are neither flags nor flags' values: e.g. upgrade, RELEASE, CHART. */
        List<String> positional() {
            List<String> positional = new ArrayList<>();
            for (int j = 0; j < args.size(); j++) {
                String a = args.get(j);
                if (!a.startsWith("-")) {
                    positional.add(a);
                } else if (VALUED_FLAGS.contains(a)) {
                    j++;
                }
            }
            return positional;
        }

        boolean installs() {
            List<String> p = positional();
            return p.size() >= 3 && (p.get(0).equals("upgrade") || p.get(0).equals("install"));
        }

        String release() {
            return installs() ? positional().get(1) : null;
        }

        String chart() {
            return installs() ? positional().get(2) : null;
        }

        String value(String... flags) {
            for (int j = 0; j < args.size() - 1; j++) {
                if (List.of(flags).contains(args.get(j))) {
                    return args.get(j + 1);
                }
            }
            return null;
        }

        List<String> values(String flag) {
            List<String> all = new ArrayList<>();
            for (int j = 0; j < args.size() - 1; j++) {
                if (args.get(j).equals(flag)) {
                    all.add(args.get(j + 1));
                }
            }
            return all;
        }

        static final List<String> VALUED_FLAGS = List.of("-n", "--namespace", "--set", "-f", "--values", "--version",
                "--timeout", "--set-string", "--set-file");
    }

    record Run(String region, Path sandbox, int exit, String output, List<String> calls, List<Applied> applied,
            List<HelmCall> helm) {
        Path repo() {
            return sandbox.resolve(REPO_DIR);
        }

        Path myCluster() {
            return sandbox.resolve("my-cluster");
        }

        List<Applied> applied(Path path) {
            return applied.stream().filter(a -> path.toAbsolutePath().normalize().equals(a.path())).toList();
        }
    }

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    private DeployGuide() {
    }

    /** The guide's bash blocks, in order. */
    static List<String> bashBlocks() {
        try {
            Matcher m = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Repo.DEPLOY_DOC));
            List<String> blocks = new ArrayList<>();
            while (m.find()) {
                blocks.add(m.group(1));
            }
            return blocks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The guide run once per region (cached for the test run); REGION replaces the guide's own.
     * Where {@code renderAll} is false, only what the guide prints (kubectl kustomize) is rendered.
     */
    static Run run(String region, boolean renderAll) {
        Kubectl.assumeAvailable();
        return RUNS.computeIfAbsent(region + renderAll, k -> execute(region, renderAll));
    }

    static Run run(String region) {
        return run(region, true);
    }

    private static Run execute(String region, boolean renderAll) {
        try {
            Path sandbox = Repo.MODULE.resolve("target/deploy-guide").resolve(region + (renderAll ? "" : "-printed"));
            deleteTree(sandbox);
            Path repo = Files.createDirectories(sandbox.resolve(REPO_DIR));
            for (String dir : List.of("k8s", "strimzi", "charts")) {
                copyTree(Repo.ROOT.resolve(dir), repo.resolve(dir));
            }
            copyTree(STAND_INS.resolve("scripts"), repo.resolve("scripts"));
            Path bin = copyTree(STAND_INS.resolve("bin"), sandbox.resolve("bin"));
            Path renders = Files.createDirectories(sandbox.resolve("renders"));
            Path tarball = strimziArchive(sandbox.resolve("archive"));

            String script = "set -euo pipefail\n" + String.join("\n", bashBlocks());
            Matcher own = Pattern.compile("REGION=([a-z0-9-]+)").matcher(script);
            if (!own.find()) {
                throw new AssertionError("docs/deploy.md sets no REGION");
            }
            script = script.replace("REGION=" + own.group(1), "REGION=" + region);
            Path guide = sandbox.resolve("guide.sh");
            Files.writeString(guide, script);

            ProcessBuilder pb = new ProcessBuilder("bash", guide.toString()).directory(repo.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("KUBECONFIG") || k.startsWith("HELM_"));
            env.put("PATH", bin + ":" + System.getenv("PATH"));
            env.put("HOME", Files.createDirectories(sandbox.resolve("home")).toString());
            env.put("CALLS", sandbox.resolve("calls.log").toString());
            env.put("HELM", sandbox.resolve("helm.log").toString());
            env.put("RENDERS", renders.toString());
            env.put("STRIMZI_TARBALL", tarball.toString());
            env.put("REAL_KUBECTL", realKubectl());
            env.put("RENDER", renderAll ? "all" : "printed");
            Process p = pb.start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(300, TimeUnit.SECONDS);
            p.descendants().forEach(ProcessHandle::destroy); // a port-forward stand-in the guide did not stop
            if (!done) {
                p.destroyForcibly();
                throw new AssertionError("docs/deploy.md did not finish within 300 s:\n" + output);
            }
            return new Run(region, sandbox, p.exitValue(), output, lines(sandbox.resolve("calls.log")),
                    applied(renders), helmCalls(sandbox.resolve("helm.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The kubectl the tests render with, as an absolute path (the stand-in of the same name comes first on the guide's PATH). */
    private static String realKubectl() {
        String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
        if (kubectl.contains("/")) {
            return Path.of(kubectl).toAbsolutePath().toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, kubectl);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException(kubectl + " is not on the PATH");
    }

    private static List<Applied> applied(Path renders) throws IOException {
        List<Applied> all = new ArrayList<>();
        for (String line : lines(renders.resolve("index"))) {
            String[] f = line.split("\t");
            int n = Integer.parseInt(f[0]);
            Path path = f[2].contains("://") || f[2].equals("-") ? Path.of(f[2].replace("://", "/")) : Path.of(f[2]).normalize();
            all.add(new Applied(n, f[1], f[1].endsWith("-url") ? null : path, renders.resolve(n + ".yaml")));
        }
        return all;
    }

    /** The URLs the guide passes to kubectl -f. */
    static List<String> kubectlUrls(Run run) throws IOException {
        List<String> urls = new ArrayList<>();
        for (String line : lines(run.sandbox().resolve("renders/index"))) {
            String[] f = line.split("\t");
            if (f[1].endsWith("-url")) {
                urls.add(f[2]);
            }
        }
        return urls;
    }

    private static List<HelmCall> helmCalls(Path log) throws IOException {
        List<HelmCall> calls = new ArrayList<>();
        List<String> current = null;
        for (String line : lines(log)) {
            if (current == null && line.equals("HELM")) {
                current = new ArrayList<>();
            } else if (current != null && line.equals("END")) {
                calls.add(new HelmCall(List.copyOf(current)));
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return calls;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /**
     * A stand-in for Strimzi's release archive: the install files the guide edits and applies, with
     * the namespace and the webhook's CA bundle the guide replaces.
     */
    private static Path strimziArchive(Path dir) throws IOException, InterruptedException {
        Path install = dir.resolve("strimzi-1.2.0/install");
        Path operator = Files.createDirectories(install.resolve("cluster-operator"));
        for (String f : List.of("020-RoleBinding-strimzi-cluster-operator.yaml", "023-RoleBinding-strimzi-cluster-operator.yaml",
                "031-RoleBinding-strimzi-cluster-operator-entity-operator-delegation.yaml")) {
            Files.writeString(operator.resolve(f), "kind: RoleBinding\nsubjects:\n  - kind: ServiceAccount\n    namespace: myproject\n");
        }
        Files.writeString(operator.resolve("060-Deployment-strimzi-cluster-operator.yaml"), "kind: Deployment\n");
        Path cleaner = Files.createDirectories(install.resolve("drain-cleaner/kubernetes"));
        Files.writeString(cleaner.resolve("000-Namespace.yaml"), "kind: Namespace\n");
        Files.writeString(cleaner.resolve("060-Deployment.yaml"), "kind: Deployment\n");
        Files.writeString(cleaner.resolve("070-ValidatingWebhookConfiguration.yaml"),
                "kind: ValidatingWebhookConfiguration\n    caBundle: Cg== # Add the generated certificate here\n");
        Path tarball = dir.resolve("strimzi-1.2.0.tar.gz");
        Process tar = new ProcessBuilder("tar", "czf", tarball.toString(), "-C", dir.toString(), "strimzi-1.2.0")
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("tar failed: " + out);
        }
        return tarball;
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    if (Files.isExecutable(f)) {
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
        return to;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
