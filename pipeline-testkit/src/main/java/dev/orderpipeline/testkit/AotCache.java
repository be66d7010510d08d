package dev.orderpipeline.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The JDK's AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) of one kind of
 * process of a local stack, made by a training run ({@code -XX:AOTCacheOutput}) and used by the
 * starts after it ({@code -XX:AOTCache}).
 *
 * <p>The cache is only valid for the exact class path it was trained on, so each cache lives in a
 * directory of its own ({@code <root>/<name>-<slot>}) together with that class path: a Spring Boot
 * jar extracted there ({@code -Djarmode=tools extract}), or copies of the jars of a class path. The
 * cache is current when the JDK and the content of the jars (SHA-256) are those it was made from
 * ({@code key}); a new build or JDK makes it stale, and the next training replaces the directory.
 * The JVM's own check is not relied on: JDK 25.0.3 does not notice a changed jar in an AOT cache
 * (JDK-8377932, fixed in 25.0.4). A cache the JVM cannot use (another JDK, a damaged file) is
 * never fatal: the JVM prints a warning and runs without it ({@code -XX:AOTMode} stays {@code auto}).
 */
public final class AotCache {

    /** Training the cache records adapters JDK 25.0.3 fails to link at every start ("Failed to link AdapterHandlerEntry"). */
    private static final List<String> TRAINING_OPTIONS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching");

    private final String name;
    private final Path dir;
    private final List<Path> sources;
    private final boolean bootJar;
    private final String key;

    private AotCache(String name, Path dir, List<Path> sources, boolean bootJar, String key) {
        this.name = name;
        this.dir = dir;
        this.sources = sources;
        this.bootJar = bootJar;
        this.key = key;
    }

    /** The cache of a Spring Boot executable jar, which runs extracted from this cache's directory. */
    public static AotCache ofBootJar(Path root, String name, Path bootJar, List<String> jvmOptions) {
        return of(root, name, List.of(bootJar), true, jvmOptions);
    }

    /** The cache of a process that runs classes from {@code classpath} (jars; folders are not cacheable). */
    public static AotCache ofClasspath(Path root, String name, String classpath, List<String> jvmOptions) {
        List<Path> jars = Stream.of(classpath.split(java.io.File.pathSeparator)).filter(entry -> !entry.isBlank())
                .map(Path::of).toList();
        return of(root, name, jars, false, jvmOptions);
    }

    private static AotCache of(Path root, String name, List<Path> sources, boolean bootJar, List<String> jvmOptions) {
        StringBuilder slot = new StringBuilder(String.join(" ", jvmOptions));
        sources.forEach(source -> slot.append('\n').append(source.getFileName()));
        StringBuilder key = new StringBuilder("java ").append(System.getProperty("java.vm.version"))
                .append(' ').append(System.getProperty("java.home")).append('\n').append(slot);
        for (Path source : sources) {
            key.append('\n').append(source.getFileName()).append(' ').append(sha256(source));
        }
        return new AotCache(name, root.resolve(name + "-" + sha256(slot.toString()).substring(0, 12)),
                List.copyOf(sources), bootJar, key.toString());
    }

    public String name() {
        return name;
    }

    public Path directory() {
        return dir;
    }

    /** The cache file, there once a training run has made it. */
    public Path file() {
        return dir.resolve(name + ".aot");
    }

    private Path trainingFile() {
        return dir.resolve(name + ".aot.training");
    }

    private Path keyFile() {
        return dir.resolve("key");
    }

    private Path failedFile() {
        return dir.resolve("training-failed");
    }

    /** Whether the cache was made from these jars by this JDK. */
    public boolean isCurrent() {
        return Files.isRegularFile(file()) && key.equals(read(keyFile()));
    }

    /** Why the last training of these jars made no cache; empty when it did or none was tried. */
    public Optional<String> trainingFailure() {
        String failure = read(failedFile());
        return failure != null && failure.startsWith(key + "\n") ? Optional.of(failure.substring(key.length() + 1))
                : Optional.empty();
    }

    /** The cache's size in bytes; 0 when there is none. */
    public long size() {
        try {
            return Files.isRegularFile(file()) ? Files.size(file()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Makes the directory ready for a training run of the current jars: the old cache and class
     * path removed, the jar extracted (a Boot jar) or the class path's jars copied.
     */
    public AotCache prepare() {
        try {
            Directories.deleteRecursively(dir);
            Files.createDirectories(dir);
            if (bootJar) {
                extract(sources.getFirst(), dir.resolve("app"));
            } else {
                Path lib = Files.createDirectories(dir.resolve("lib"));
                for (int i = 0; i < sources.size(); i++) {
                    // copies, not links: a build that rewrote a jar in place would change a linked one under the cache
                    Files.copy(sources.get(i), lib.resolve("%03d-%s".formatted(i, sources.get(i).getFileName())),
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the AOT cache directory " + dir, e);
        }
    }

    /** The JVM options of a training run: it writes the cache when the JVM exits (SIGTERM included). */
    public List<String> trainingOptions() {
        List<String> options = new ArrayList<>(TRAINING_OPTIONS);
        options.add("-XX:AOTCacheOutput=" + trainingFile());
        return options;
    }

    /** The JVM option that uses the cache. */
    public List<String> useOptions() {
        return List.of("-XX:AOTCache=" + file());
    }

    /** The extracted application jar to run with {@code -jar} (a Boot jar's cache). */
    public Path applicationJar() {
        if (!bootJar) {
            throw new IllegalStateException(name + " runs from a class path, not a jar");
        }
        return dir.resolve("app").resolve(sources.getFirst().getFileName());
    }

    /** The class path to run with {@code -cp} (a class path's cache): the copies in this directory. */
    public String classpath() {
        if (bootJar) {
            throw new IllegalStateException(name + " runs from a jar, not a class path");
        }
        List<String> jars = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            jars.add(dir.resolve("lib").resolve("%03d-%s".formatted(i, sources.get(i).getFileName())).toString());
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    /**
     * After the training JVM has exited: the cache it wrote becomes current; if it wrote none, the
     * failure is recorded so that the same jars are not trained again and again.
     *
     * @return whether there is a cache now
     */
    public boolean commit(String failureHint) {
        try {
            if (Files.isRegularFile(trainingFile()) && Files.size(trainingFile()) > 0) {
                Files.move(trainingFile(), file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(keyFile(), key);
                Files.deleteIfExists(failedFile());
                return true;
            }
            Files.createDirectories(dir);
            Files.writeString(failedFile(), key + "\n" + failureHint);
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the AOT cache " + file(), e);
        }
    }

    private static void extract(Path bootJar, Path destination) {
        JavaProcess extract = new JavaProcess("extract-" + bootJar.getFileName(), List.of("-Djarmode=tools"),
                List.of("-jar", bootJar.toString(), "extract", "--destination", destination.toString()), Map.of(),
                destination.resolveSibling("extract.log"));
        extract.runToCompletion(Duration.ofMinutes(2));
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Checksums already computed in this JVM, by file, size and modification time (the broker and the stand-in share jars). */
    private static final Map<String, String> CHECKSUMS = new ConcurrentHashMap<>();

    static String sha256(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            String stamp = file.toAbsolutePath() + " " + attributes.fileKey() + " " + attributes.size() + " "
                    + attributes.lastModifiedTime();
            return CHECKSUMS.computeIfAbsent(stamp, ignored -> digest(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
