package dev.orderpipeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache trained by a real JVM run is current for the same jars and JDK and stale for changed
 * jars; and a cache the JVM cannot use never stops a start.
 */
class AotCacheTest {

    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC");

    @TempDir
    Path dir;

    @Test
    void aTrainedCacheIsUsedUntilTheJarsChange() throws IOException {
        Path jar = appJar("v1");
        AotCache cache = AotCache.ofClasspath(dir.resolve("aot"), "app", jar.toString(), OPTIONS).prepare();
        assertThat(cache.isCurrent()).isFalse();

        String training = run("training", cache, cache.trainingOptions());
        assertThat(cache.commit("no cache")).isTrue();

        assertThat(training).contains("AotCacheTestApp v1");
        assertThat(cache.isCurrent()).isTrue();
        assertThat(cache.size()).isPositive();
        assertThat(run("use", cache, List.of("-Xlog:aot", "-Xlog:class+load", cache.useOptions().getFirst())))
                .contains("AotCacheTestApp v1")
                .contains("Using AOT-linked classes: true").contains("AotCacheTestApp source: shared objects file");
        assertThat(AotCache.ofClasspath(dir.resolve("aot"), "app", jar.toString(), OPTIONS).isCurrent()).isTrue();

        Files.delete(jar);
        appJar("v2");
        AotCache changed = AotCache.ofClasspath(dir.resolve("aot"), "app", jar.toString(), OPTIONS);
        assertThat(changed.directory()).isEqualTo(cache.directory());
        assertThat(changed.isCurrent()).isFalse();
    }

    @Test
    void aDamagedCacheIsReportedAndTheJvmRunsWithoutIt() throws IOException {
        AotCache cache = AotCache.ofClasspath(dir.resolve("aot"), "app", appJar("v1").toString(), OPTIONS).prepare();
        run("training", cache, cache.trainingOptions());
        assertThat(cache.commit("no cache")).isTrue();
        byte[] bytes = Files.readAllBytes(cache.file());
        Files.write(cache.file(), Arrays.copyOf(bytes, bytes.length / 3));

        assertThat(run("damaged", cache, cache.useOptions())).contains("AotCacheTestApp v1").contains("[aot]");
    }

    @Test
    void aTrainingRunThatWritesNoCacheIsRecordedAsFailed() throws IOException {
        AotCache cache = AotCache.ofClasspath(dir.resolve("aot"), "app", appJar("v1").toString(), OPTIONS).prepare();

        assertThat(cache.commit("see the log")).isFalse();

        assertThat(cache.isCurrent()).isFalse();
        assertThat(cache.trainingFailure()).contains("see the log");
        assertThat(AotCache.ofClasspath(dir.resolve("aot"), "app", appJar("v2").toString(), OPTIONS).trainingFailure())
                .isEmpty();
    }

    /** Runs the app from the cache's class path with these JVM options; its output. */
    private String run(String name, AotCache cache, List<String> extra) throws IOException {
        List<String> options = new ArrayList<>(OPTIONS);
        options.addAll(extra);
        Path log = dir.resolve(name + ".log");
        new JavaProcess(name, options, List.of("-cp", cache.classpath(), AotCacheTestApp.class.getName()), Map.of(), log)
                .runToCompletion(Duration.ofMinutes(2));
        return Files.readString(log);
    }

    /** A jar holding {@link AotCacheTestApp} and a resource that tells the version apart. */
    private Path appJar(String version) throws IOException {
        Path jar = dir.resolve("app.jar");
        String resource = AotCacheTestApp.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             InputStream classFile = AotCacheTest.class.getClassLoader().getResourceAsStream(resource)) {
            out.putNextEntry(new JarEntry(resource));
            classFile.transferTo(out);
            out.putNextEntry(new JarEntry("version.txt"));
            out.write(version.getBytes());
        }
        return jar;
    }
}
