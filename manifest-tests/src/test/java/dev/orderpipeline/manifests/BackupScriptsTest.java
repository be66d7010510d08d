package dev.orderpipeline.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and restore scripts of k8s/components/backup-s3, run by bash as the CronJob and the
 * restore Job run them, with stand-ins for mongodump, mongorestore and the AWS CLI on the PATH (a
 * directory plays the S3 bucket): the archive lands under the prefix with a UTC timestamp, an
 * upload whose size S3 does not confirm fails, a restore fetches the newest archive (or the one
 * named) and runs mongorestore --drop --oplogReplay on it. The chart ships the same scripts.
 */
class BackupScriptsTest {

    static final Path COMPONENT = Repo.K8S.resolve("components/backup-s3");

    @TempDir
    Path tmp;
    Path bin;
    Path s3;
    Path work;
    Path log;

    @BeforeEach
    void standIns() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        s3 = Files.createDirectories(tmp.resolve("s3"));
        work = Files.createDirectories(tmp.resolve("backup"));
        log = tmp.resolve("calls.log");
        stub("mongodump", """
                echo "mongodump $*" >>"$CALLS"
                for a in "$@"; do case $a in --archive=*) printf 'archive of %s' "$MONGODB_URI" >"${a#--archive=}" ;; esac; done
                """);
        stub("mongorestore", """
                echo "mongorestore $*" >>"$CALLS"
                for a in "$@"; do case $a in --archive=*) test -s "${a#--archive=}" ;; esac; done
                """);
        // aws s3 cp SRC DST | aws s3api head-object --bucket B --key K ... | aws s3api list-objects-v2 --bucket B --prefix P ...
        stub("aws", """
                echo "aws $*" >>"$CALLS"
                arg() { local want=$1; shift; while (($#)); do [ "$1" = "$want" ] && { echo "$2"; return; }; shift; done; }
                case "$1 $2" in
                  "s3 cp")
                    src=${@: -2:1}; dst=${@: -1}
                    if [[ $dst == s3://* ]]; then mkdir -p "$(dirname "$FAKE_S3/${dst#s3://}")"; cp "$src" "$FAKE_S3/${dst#s3://}";
                    else cp "$FAKE_S3/${src#s3://}" "$dst"; fi ;;
                  "s3api head-object")
                    f="$FAKE_S3/$(arg --bucket "$@")/$(arg --key "$@")"
                    echo $(( $(wc -c <"$f") + ${FAKE_S3_SIZE_OFFSET:-0} )) ;;
                  "s3api list-objects-v2")
                    b=$(arg --bucket "$@"); p=$(arg --prefix "$@")
                    (cd "$FAKE_S3/$b" && find . -type f | sed 's|^\\./||' | grep "^$p" | sort -r | paste -sd '\\t' -) || echo None ;;
                  *) echo "unexpected aws $*" >&2; exit 3 ;;
                esac
                """);
    }

    private void stub(String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/usr/bin/env bash\nset -euo pipefail\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Run(int exit, String output) {
    }

    private Run run(String script, String step, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", COMPONENT.resolve(script).toString(), step).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.put("PATH", bin + ":" + System.getenv("PATH"));
        e.put("BACKUP_DIR", work.toString());
        e.put("FAKE_S3", s3.toString());
        e.put("CALLS", log.toString());
        e.putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private List<String> objects() throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(s3)) {
            files.filter(Files::isRegularFile).forEach(f -> keys.add(s3.relativize(f).toString()));
        }
        return keys.stream().sorted().toList();
    }

    static final Map<String, String> SETTINGS = Map.of("S3_BUCKET", "shop-backups", "S3_PREFIX", "order-pipeline/mongodb",
            "MONGODB_URI", "mongodb://backup:pw@mongodb:27017/?replicaSet=rs0");

    @Test
    void backupDumpsTheReplicaSetWithTheOplogAndUploadsItUnderThePrefix() throws Exception {
        Run dump = run("backup.sh", "dump", SETTINGS);
        assertThat(dump.exit()).as(dump.output()).isZero();
        assertThat(calls()).singleElement().asString().startsWith("mongodump --uri=mongodb://backup:pw@mongodb:27017/")
                .contains("--oplog", "--gzip", "--archive=" + work + "/mongodb-");
        Run upload = run("backup.sh", "upload", SETTINGS);
        assertThat(upload.exit()).as(upload.output()).isZero();
        assertThat(objects()).singleElement().asString()
                .matches("shop-backups/order-pipeline/mongodb/mongodb-\\d{8}T\\d{6}Z\\.archive\\.gz");
        assertThat(upload.output()).contains("stored (");
    }

    @Test
    void anUploadThatS3DoesNotConfirmFails() throws Exception {
        assertThat(run("backup.sh", "dump", SETTINGS).exit()).isZero();
        Map<String, String> env = new TreeMap<>(SETTINGS);
        env.put("FAKE_S3_SIZE_OFFSET", "-1");
        Run upload = run("backup.sh", "upload", env);
        assertThat(upload.exit()).isNotZero();
        assertThat(upload.output()).contains("FAILED");
    }

    @Test
    void aDumpWithoutItsSettingsFails() throws Exception {
        Run dump = run("backup.sh", "dump", Map.of());
        assertThat(dump.exit()).isNotZero();
        assertThat(dump.output()).contains("MONGODB_URI is not set");
        assertThat(calls()).isEmpty();
    }

    @Test
    void restoreTakesTheNewestArchiveAndReplacesTheCollections() throws Exception {
        Path dir = Files.createDirectories(s3.resolve("shop-backups/order-pipeline/mongodb"));
        for (String stamp : List.of("20260101T021700Z", "20260103T021700Z", "20260102T021700Z")) {
            Files.writeString(dir.resolve("mongodb-" + stamp + ".archive.gz"), "archive " + stamp);
        }
        Files.writeString(dir.resolve("mongodb-notes.txt"), "not an archive");
        Map<String, String> env = new TreeMap<>(SETTINGS);
        env.put("BACKUP_KEY", "latest");
        Run download = run("restore.sh", "download", env);
        assertThat(download.exit()).as(download.output()).isZero();
        assertThat(Files.readString(work.resolve("restore.archive.gz"))).isEqualTo("archive 20260103T021700Z");
        Run restore = run("restore.sh", "restore", env);
        assertThat(restore.exit()).as(restore.output()).isZero();
        assertThat(calls()).last().asString().startsWith("mongorestore --uri=mongodb://")
                .contains("--drop", "--oplogReplay", "--gzip", "--archive=" + work + "/restore.archive.gz");
        assertThat(restore.output()).contains("mongodb-20260103T021700Z.archive.gz");
    }

    @Test
    void restoreTakesTheArchiveItIsGiven() throws Exception {
        Path dir = Files.createDirectories(s3.resolve("shop-backups/order-pipeline/mongodb"));
        Files.writeString(dir.resolve("mongodb-20260101T021700Z.archive.gz"), "old");
        Files.writeString(dir.resolve("mongodb-20260102T021700Z.archive.gz"), "new");
        Map<String, String> env = new TreeMap<>(SETTINGS);
        env.put("BACKUP_KEY", "mongodb-20260101T021700Z.archive.gz");
        assertThat(run("restore.sh", "download", env).exit()).isZero();
        assertThat(Files.readString(work.resolve("restore.archive.gz"))).isEqualTo("old");
    }

    @Test
    void restoreWithNothingToRestoreFails() throws Exception {
        Map<String, String> env = new TreeMap<>(SETTINGS);
        env.put("BACKUP_KEY", "latest");
        Files.createDirectories(s3.resolve("shop-backups"));
        Run download = run("restore.sh", "download", env);
        assertThat(download.exit()).isNotZero();
        assertThat(download.output()).contains("no backup under s3://shop-backups/order-pipeline/mongodb/");
    }

    /** The restore Job (created by hand, not part of the component) is checked like every rendered workload. */
    @Test
    void theRestoreJobFollowsEveryRuleNextToTheComponent() throws IOException {
        for (String overlay : Combination.overlays()) {
            Combination withBackup = new Combination(overlay, List.of("backup-s3"));
            String yaml = Kubectl.render(withBackup.directory()) + "\n---\n"
                    + Files.readString(COMPONENT.resolve("restore/job.yaml"));
            Manifests all = Manifests.of(yaml, overlay + "+backup-s3 + restore/job.yaml");
            Set<String> strimziSecrets = Policies.strimziSecrets(withBackup.strimzi().render().docs());
            // by design: the restore uses the backup's identity (the same bucket), and the ConfigMap naming the
            // archive is created by hand just before it (docs/deploy.md, "Restore")
            assertThat(Policies.check(all, withBackup.profile(), strimziSecrets)).as("with the restore Job on %s", overlay)
                    .map(Policies.Violation::toString)
                    .containsExactlyInAnyOrder(
                            "[SERVICE_ACCOUNT] Job/mongodb-restore: shares ServiceAccount mongodb-backup with CronJob/mongodb-backup",
                            "[REFERENCES] Job/mongodb-restore container download: ConfigMap mongodb-restore is not rendered");
        }
        List<Yaml.Doc> job = Yaml.read(COMPONENT.resolve("restore/job.yaml"));
        assertThat(SchemaValidator.errors(SchemaValidator.validate(job))).isEmpty();
        // it reads the settings and scripts the component renders under fixed names, and the archive key
        String text = Files.readString(COMPONENT.resolve("restore/job.yaml"));
        assertThat(text).contains("name: mongodb-backup-settings", "name: mongodb-backup-scripts", "name: mongodb-restore",
                "/scripts/restore.sh", "download", "restore");
    }

    @Test
    void theChartShipsTheSameScripts() throws IOException {
        for (String script : List.of("backup.sh", "restore.sh")) {
            assertThat(Repo.CHART.resolve("files").resolve(script)).hasSameTextualContentAs(COMPONENT.resolve(script));
        }
    }
}
