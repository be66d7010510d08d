package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image scripts of docs/deploy.md (scripts/push-service-images.sh, scripts/load-local-images.sh)
 * run by bash in a copy of the repository's scripts with stand-ins for podman, the AWS CLI and kind
 * on the PATH, and stand-in jars: what they would run against ECR and kind, in order.
 */
class ImageScriptsTest {

    static final List<String> SERVICES = List.of("storefront-api", "order-processor", "inventory-worker");
    static final String REGISTRY = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/order-pipeline";

    @TempDir
    Path repo;
    Path bin;
    Path log;

    @BeforeEach
    void copyOfTheRepository() throws IOException {
        Files.createDirectories(repo.resolve("scripts"));
        for (String script : List.of("push-service-images.sh", "build-service-images.sh", "load-local-images.sh")) {
            Files.copy(Repo.ROOT.resolve("scripts").resolve(script), repo.resolve("scripts").resolve(script));
        }
        Files.createDirectories(repo.resolve("images/service"));
        Files.writeString(repo.resolve("images/service/Dockerfile"), "FROM scratch\n");
        for (String s : SERVICES) {
            Path target = Files.createDirectories(repo.resolve(s).resolve("target"));
            Files.writeString(target.resolve(s + "-0.1.0-SNAPSHOT-exec.jar"), "jar");
        }
        bin = Files.createDirectories(repo.resolve("bin"));
        log = repo.resolve("calls.log");
        stub("podman", """
                echo "podman $*" >>"$CALLS"
                case $1 in
                  image) [[ $* == *--format* ]] && echo 123000000 && exit 0; exit 1 ;;   # no local jre image
                  manifest) exit 1 ;;
                  login) read -r password; echo "podman login password=$password" >>"$CALLS" ;;
                  save) while (($#)); do [ "$1" = -o ] && touch "$2"; shift; done ;;
                esac
                exit 0
                """);
        stub("aws", """
                echo "aws $*" >>"$CALLS"
                case "$1 $2" in
                  "ecr describe-repositories") [[ " ${FAKE_REPOS:-} " == *" ${6} "* ]] ;;
                  "ecr describe-images") [[ " ${FAKE_IMAGES:-} " == *" ${6}:${8#imageTag=} "* ]] ;;
                  "ecr get-login-password") echo secret-token ;;
                  "ecr create-repository") echo '{}' ;;
                  *) echo "unexpected aws $*" >&2; exit 3 ;;
                esac
                """);
        stub("kind", "echo \"kind $*\" >>\"$CALLS\"\n");
    }

    private void stub(String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/usr/bin/env bash\nset -uo pipefail\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Run(int exit, String output, List<String> calls) {
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("CALLS", log.toString());
        pb.environment().put("CONTAINER_CLI", "podman");
        pb.environment().remove("IMAGE_REGISTRY");
        pb.environment().remove("IMAGE_TAG");
        pb.environment().putAll(env);
        Files.deleteIfExists(log);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, Files.exists(log) ? Files.readAllLines(log) : List.of());
    }

    @Test
    void pushCreatesTheMissingEcrRepositoriesLogsInAndPushesEveryImage() throws Exception {
        Run run = run(Map.of("FAKE_REPOS", "order-pipeline/storefront-api"),
                "scripts/push-service-images.sh", "--registry", REGISTRY);
        assertThat(run.exit()).as(run.output()).isZero();
        List<String> calls = run.calls();
        assertThat(calls).filteredOn(c -> c.startsWith("aws ecr create-repository")).extracting(c -> c.split(" ")[6])
                .containsExactly("order-pipeline/order-processor", "order-pipeline/inventory-worker");
        assertThat(calls).filteredOn(c -> c.startsWith("aws ecr create-repository"))
                .allSatisfy(c -> assertThat(c).contains("scanOnPush=true", "--image-tag-mutability IMMUTABLE"));
        assertThat(calls).contains("podman login --username AWS --password-stdin 111122223333.dkr.ecr.eu-west-1.amazonaws.com",
                "podman login password=secret-token");
        assertThat(calls).filteredOn(c -> c.startsWith("podman build")).hasSize(3)
                .allSatisfy(c -> assertThat(c).contains("--platform linux/amd64", "BASE_IMAGE=eclipse-temurin:25-jre"));
        for (String s : SERVICES) {
            String remote = REGISTRY + "/" + s + ":0.1.0";
            assertThat(calls).containsSubsequence("podman tag localhost/orderpipeline/" + s + ":0.1.0-SNAPSHOT " + remote,
                    "podman push " + remote);
            assertThat(run.output()).contains("newName: " + REGISTRY + "/" + s);
        }
        int login = calls.indexOf("podman login password=secret-token");
        assertThat(calls.subList(0, login)).noneMatch(c -> c.startsWith("podman push"));
        assertThat(run.output()).contains("--set image.registry=" + REGISTRY + " --set image.tag=0.1.0");
    }

    @Test
    void pushIsIdempotent() throws Exception {
        String images = String.join(" ", SERVICES.stream().map(s -> "order-pipeline/" + s + ":0.2.0").toList());
        Run run = run(Map.of("FAKE_REPOS", String.join(" ", SERVICES.stream().map(s -> "order-pipeline/" + s).toList()),
                "FAKE_IMAGES", images), "scripts/push-service-images.sh", "--registry", REGISTRY, "--tag", "0.2.0");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).noneMatch(c -> c.startsWith("aws ecr create-repository") || c.startsWith("podman push"));
        assertThat(run.output()).contains("is already in the registry: not pushed again");
    }

    @Test
    void pushRefusesLatestAndNeedsARegistry() throws Exception {
        Run latest = run(Map.of(), "scripts/push-service-images.sh", "--registry", REGISTRY, "--tag", "latest");
        assertThat(latest.exit()).isNotZero();
        assertThat(latest.output()).contains("latest is refused");
        Run none = run(Map.of(), "scripts/push-service-images.sh");
        assertThat(none.exit()).isNotZero();
        assertThat(none.output()).contains("--registry is required");
        assertThat(none.calls()).isEmpty();
    }

    @Test
    void loadLocalImagesTagsThemAsTheLocalOverlayNamesThemAndLoadsThemIntoKind() throws Exception {
        Run run = run(Map.of(), "scripts/load-local-images.sh", "kind", "--cluster", "order-pipeline");
        assertThat(run.exit()).as(run.output()).isZero();
        for (String s : SERVICES) {
            assertThat(run.calls()).containsSubsequence("podman tag localhost/orderpipeline/" + s + ":0.1.0-SNAPSHOT localhost/orderpipeline/" + s + ":dev");
            assertThat(run.calls()).anyMatch(c -> c.startsWith("kind load image-archive ") && c.endsWith("/" + s + ".tar --name order-pipeline"));
        }
        String overlay = Files.readString(Repo.K8S.resolve("overlays/local/kustomization.yaml"));
        for (String s : SERVICES) {
            assertThat(overlay).contains("newName: localhost/orderpipeline/" + s);
        }
        assertThat(overlay).contains("newTag: dev");
    }
}
