package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image scripts of docs/deploy.md (scripts/push-service-images.sh, scripts/load-local-images.sh)
 * run by bash in a copy of the repository's scripts with stand-ins for ./mvnw, podman, the AWS CLI
 * and kind on the PATH, and stand-in jars: what they would run against ECR and kind, in order. The
 * podman and aws stand-ins keep what was pushed, so the scripts' digest checks see what a registry
 * would answer.
 */
class ImageScriptsTest {

    static final List<String> SERVICES = List.of("storefront-api", "order-processor", "inventory-worker", "ops-api");
    static final String REGISTRY = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/order-pipeline";

    @TempDir
    Path repo;
    Path bin;
    Path log;
    Path state;

    @BeforeEach
    void copyOfTheRepository() throws IOException {
        Files.createDirectories(repo.resolve("scripts"));
        for (String script : List.of("push-service-images.sh", "build-service-images.sh", "load-local-images.sh")) {
            Files.copy(Repo.ROOT.resolve("scripts").resolve(script), repo.resolve("scripts").resolve(script));
        }
        Files.createDirectories(repo.resolve("k8s/cluster/local"));
        Files.copy(Repo.K8S.resolve("cluster/local/kind.yaml"), repo.resolve("k8s/cluster/local/kind.yaml"));
        Files.createDirectories(repo.resolve("images/service"));
        Files.writeString(repo.resolve("images/service/Dockerfile"), "FROM scratch\n");
        Files.writeString(repo.resolve("images/service/aot-train"), "#!/bin/bash\n");
        // the MongoDB stand-in's class path, which the images' AOT training runs against
        Path standIn = Files.createDirectories(repo.resolve("local-stack/target/lib"));
        Files.writeString(standIn.resolve("pipeline-testkit-0.1.0-SNAPSHOT.jar"), "jar");
        for (String s : SERVICES) {
            Path target = Files.createDirectories(repo.resolve(s).resolve("target"));
            Files.writeString(target.resolve(s + "-0.1.0-SNAPSHOT-exec.jar"), "jar");
        }
        bin = Files.createDirectories(repo.resolve("bin"));
        state = Files.createDirectories(repo.resolve("registry"));
        log = repo.resolve("calls.log");
        script(repo.resolve("mvnw"), "echo \"mvnw $*\" >>\"$CALLS\"\n");
        // the local image's id: a digest of its name; a pushed image: its local id (config) and a manifest digest
        stub("podman", """
                echo "podman $*" >>"$CALLS"
                digest() { printf 'sha256:%s' "$(printf '%s' "$1" | sha256sum | cut -c1-64)"; }
                key() { printf '%s' "$1" | tr '/:' '__'; }
                case $1 in
                  image)
                    [[ $* == *'{{.Size}}'* ]] && { echo 123000000; exit 0; }
                    [[ $* == *'{{.Id}}'* ]] && { digest "${@: -1}"; echo; exit 0; }
                    exit 1 ;;                                   # no local jre image
                  tag) echo "$2" >"$REGISTRY_STATE/tag-$(key "$3")" ;;
                  push)
                    remote=${@: -1}
                    local_image=$(cat "$REGISTRY_STATE/tag-$(key "$remote")")
                    echo "config=$(digest "$local_image") digest=$(digest "manifest of $remote")" >"$REGISTRY_STATE/$(key "$remote")"
                    [ "$2" = --digestfile ] && digest "manifest of $remote" >"$3" ;;
                  manifest) exit 1 ;;
                  login) read -r password; echo "podman login password=$password" >>"$CALLS" ;;
                  save) while (($#)); do [ "$1" = -o ] && touch "$2"; shift; done ;;
                esac
                exit 0
                """);
        // ECR: repositories in $FAKE_REPOS, images pushed (the podman stand-in's state) or seeded by
        // $FAKE_IMAGES ("repo:tag=config-digest ..."); $FAKE_WRONG_DIGEST: answers another manifest digest
        stub("aws", """
                echo "aws $*" >>"$CALLS"
                arg() { local i; for ((i = 2; i < $#; i++)); do [ "${!i}" = "$1" ] && { j=$((i + 1)); echo "${!j}"; return; }; done; }
                image() { # repo tag -> "config=... digest=..." or nothing
                  local f="$REGISTRY_STATE/$(printf '%s' "111122223333.dkr.ecr.eu-west-1.amazonaws.com/$1:$2" | tr '/:' '__')"
                  [ -f "$f" ] && { cat "$f"; return; }
                  for seeded in ${FAKE_IMAGES:-}; do
                    [ "${seeded%%=*}" = "$1:$2" ] && echo "config=${seeded#*=} digest=sha256:$(printf 'seeded %s' "$seeded" | sha256sum | cut -c1-64)"
                  done
                }
                case "$1 $2" in
                  "ecr describe-repositories") [[ " ${FAKE_REPOS:-} " == *" $(arg --repository-names "$@") "* ]] ;;
                  "ecr batch-get-image"|"ecr describe-images")
                    ids=$(arg --image-ids "$@")
                    found=$(image "$(arg --repository-name "$@")" "${ids#imageTag=}")
                    if [ "$2" = batch-get-image ]; then
                      [ -n "$found" ] || { echo None; exit 0; }
                      config=${found#config=}; config=${config%% *}
                      printf '{\\n  "schemaVersion": 2,\\n  "config": {\\n    "mediaType": "application/vnd.oci.image.config.v1+json",\\n    "size": 1469,\\n    "digest": "%s"\\n  },\\n  "layers": []\\n}\\n' "$config"
                    else
                      [ -n "$found" ] || { echo "An error occurred (ImageNotFoundException)" >&2; exit 254; }
                      [ -n "${FAKE_WRONG_DIGEST:-}" ] && { echo "sha256:$(printf 0%.0s {1..64})"; exit 0; }
                      echo "${found##*digest=}"
                    fi ;;
                  "ecr get-login-password") echo secret-token ;;
                  "ecr create-repository") echo '{}' ;;
                  *) echo "unexpected aws $*" >&2; exit 3 ;;
                esac
                """);
        stub("kind", "echo \"kind $*\" >>\"$CALLS\"\n");
    }

    private void stub(String name, String body) throws IOException {
        script(bin.resolve(name), body);
    }

    private static void script(Path f, String body) throws IOException {
        Files.writeString(f, "#!/usr/bin/env bash\nset -uo pipefail\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Run(int exit, String output, List<String> calls) {
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("CALLS", log.toString());
        pb.environment().put("REGISTRY_STATE", state.toString());
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

    private Run push(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("scripts/push-service-images.sh", "--registry", REGISTRY));
        all.addAll(List.of(args));
        return run(env, all.toArray(String[]::new));
    }

    /** The id the podman stand-in gives the local image of a service. */
    private static String localId(String service) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "printf 'sha256:%s' \"$(printf '%s' \"$0\" | sha256sum | cut -c1-64)\"",
                "localhost/orderpipeline/" + service + ":0.1.0-SNAPSHOT").start();
        String id = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return id;
    }

    private static String seeded(String tag, Map<String, String> configs) {
        List<String> images = new ArrayList<>();
        configs.forEach((service, config) -> images.add("order-pipeline/" + service + ":" + tag + "=" + config));
        return String.join(" ", images);
    }

    @Test
    void pushRebuildsTheJarsCreatesTheMissingRepositoriesLogsInAndPushesEveryImage() throws Exception {
        Run run = push(Map.of("FAKE_REPOS", "order-pipeline/storefront-api"));
        assertThat(run.exit()).as(run.output()).isZero();
        List<String> calls = run.calls();
        // the jars exist, yet Maven runs: it rebuilds what changed since they were built
        assertThat(calls.get(0)).startsWith("mvnw -B -q -DskipTests package -pl storefront-api,order-processor,inventory-worker,ops-api -am");
        assertThat(calls).filteredOn(c -> c.startsWith("aws ecr create-repository")).extracting(c -> c.split(" ")[6])
                .containsExactly("order-pipeline/order-processor", "order-pipeline/inventory-worker", "order-pipeline/ops-api");
        assertThat(calls).filteredOn(c -> c.startsWith("aws ecr create-repository"))
                .allSatisfy(c -> assertThat(c).contains("scanOnPush=true", "--image-tag-mutability IMMUTABLE"));
        assertThat(calls).contains("podman login --username AWS --password-stdin 111122223333.dkr.ecr.eu-west-1.amazonaws.com",
                "podman login password=secret-token");
        assertThat(calls).filteredOn(c -> c.startsWith("podman build")).hasSize(4)
                .allSatisfy(c -> assertThat(c).contains("--platform linux/amd64", "BASE_IMAGE=eclipse-temurin:25-jre"));
        for (String s : SERVICES) {
            String remote = REGISTRY + "/" + s + ":0.1.0";
            int tagged = calls.indexOf("podman tag localhost/orderpipeline/" + s + ":0.1.0-SNAPSHOT " + remote);
            assertThat(tagged).isNotNegative();
            List<String> after = calls.subList(tagged, calls.size());
            int pushed = indexOf(after, c -> c.startsWith("podman push --digestfile ") && c.endsWith(" " + remote));
            // and then the registry is asked what it holds under the tag
            assertThat(indexOf(after.subList(pushed, after.size()), c -> c.startsWith("aws ecr describe-images --region eu-west-1"
                    + " --repository-name order-pipeline/" + s + " --image-ids imageTag=0.1.0"))).isNotNegative();
            assertThat(run.output()).containsPattern(java.util.regex.Pattern.quote(remote) + "@sha256:[0-9a-f]{64}")
                    .contains("newName: " + REGISTRY + "/" + s);
        }
        int login = calls.indexOf("podman login password=secret-token");
        assertThat(calls.subList(0, login)).noneMatch(c -> c.startsWith("podman push"));
        assertThat(run.output()).contains("Pushed 4 of 4 images under tag 0.1.0 (0 already in the registry), checked by digest")
                .contains("--set image.registry=" + REGISTRY + " --set image.tag=0.1.0");
    }

    private static int indexOf(List<String> calls, java.util.function.Predicate<String> call) {
        for (int i = 0; i < calls.size(); i++) {
            if (call.test(calls.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such call in " + calls);
    }

    @Test
    void pushIsIdempotent() throws Exception {
        Map<String, String> same = new HashMap<>();
        for (String s : SERVICES) {
            same.put(s, localId(s));
        }
        Run run = push(Map.of("FAKE_REPOS", String.join(" ", SERVICES.stream().map(s -> "order-pipeline/" + s).toList()),
                "FAKE_IMAGES", seeded("0.2.0", same)), "--tag", "0.2.0");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).noneMatch(c -> c.startsWith("aws ecr create-repository") || c.startsWith("podman push"));
        assertThat(run.output()).contains("is already in the registry, the same image (sha256:")
                .contains("Pushed 0 of 4 images under tag 0.2.0 (4 already in the registry)")
                .containsPattern("storefront-api:0\\.2\\.0@sha256:[0-9a-f]{64}");
    }

    /** After a code change under the same tag: nothing is pushed, and the script says why instead of "Pushed". */
    @Test
    void aTagHoldingAnotherImageIsRefusedBeforeAnythingIsPushed() throws Exception {
        Map<String, String> one = Map.of("order-processor", "sha256:" + "ab".repeat(32));
        Run run = push(Map.of("FAKE_IMAGES", seeded("0.2.0", one)), "--tag", "0.2.0");
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains(REGISTRY + "/order-processor:0.2.0 holds another image than the one built")
                .contains("nothing pushed").doesNotContain("Pushed");
        assertThat(run.calls()).noneMatch(c -> c.startsWith("podman push"));
    }

    @Test
    void aPushTheRegistryDoesNotConfirmFails() throws Exception {
        Run run = push(Map.of("FAKE_WRONG_DIGEST", "1"));
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("the registry does not hold the image just pushed").doesNotContain("Pushed");
    }

    @Test
    void pushWithNoBuildTakesTheJarsAsTheyAre() throws Exception {
        Run run = push(Map.of(), "--no-build");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls()).noneMatch(c -> c.startsWith("mvnw"));
    }

    @Test
    void pushRefusesLatestAndNeedsARegistry() throws Exception {
        Run latest = push(Map.of(), "--tag", "latest");
        assertThat(latest.exit()).isNotZero();
        assertThat(latest.output()).contains("latest is refused");
        Run none = run(Map.of(), "scripts/push-service-images.sh");
        assertThat(none.exit()).isNotZero();
        assertThat(none.output()).contains("--registry is required");
        assertThat(none.calls()).isEmpty();
    }

    @Test
    void loadLocalImagesRebuildsTagsThemAsTheLocalOverlayNamesThemAndLoadsThemIntoTheGuidesKindCluster() throws Exception {
        Run run = run(Map.of(), "scripts/load-local-images.sh", "kind");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.calls().get(0)).startsWith("mvnw -B -q -DskipTests package");
        // the cluster docs/deploy.md creates with k8s/cluster/local/kind.yaml
        String kindCluster = Files.readAllLines(Repo.K8S.resolve("cluster/local/kind.yaml")).stream()
                .filter(l -> l.startsWith("name:")).findFirst().orElseThrow().substring(5).trim();
        assertThat(kindCluster).isEqualTo("order-pipeline");
        for (String s : SERVICES) {
            assertThat(run.calls()).containsSubsequence("podman tag localhost/orderpipeline/" + s + ":0.1.0-SNAPSHOT localhost/orderpipeline/" + s + ":dev");
            assertThat(run.calls()).anyMatch(c -> c.startsWith("kind load image-archive ") && c.endsWith("/" + s + ".tar --name " + kindCluster));
        }
        String overlay = Files.readString(Repo.K8S.resolve("overlays/local/kustomization.yaml"));
        for (String s : SERVICES) {
            assertThat(overlay).contains("newName: localhost/orderpipeline/" + s);
        }
        assertThat(overlay).contains("newTag: dev");
    }
}
