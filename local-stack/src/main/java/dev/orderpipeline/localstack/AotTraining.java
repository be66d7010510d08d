package dev.orderpipeline.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.orderpipeline.loadgen.LoadGenerator;
import dev.orderpipeline.loadgen.Mode;
import dev.orderpipeline.testkit.AotCache;
import dev.orderpipeline.testkit.Directories;
import dev.orderpipeline.testkit.FreePorts;

/**
 * Trains the AOT caches of a local stack's JVMs that are missing or stale, before the stack
 * starts: a stack of its own (free ports, fresh data under the cache root, its own broker and
 * MongoDB stand-in whatever the real stack uses) is started with {@code -XX:AOTCacheOutput} for
 * those JVMs, the load generator does real checkouts (then browses and fills carts) against it for
 * {@code LOCAL_STACK_AOT_TRAINING_SECONDS} (60), and the stack is stopped with SIGTERM: each JVM
 * writes its cache as it exits. So the caches hold the classes and the method profiles of the
 * pipeline's real work, not only of its start. Once per build and JDK; the caches are kept under
 * {@link LocalStack.Settings#aotCacheRoot()}.
 */
final class AotTraining implements AutoCloseable {

    private static final String TOKEN = "aot-training";

    private final LocalStack.Settings real;
    private final Map<String, AotCache> caches;
    private volatile LocalStack stack;
    private volatile boolean closed;

    AotTraining(LocalStack.Settings real, Map<String, AotCache> caches) {
        this.real = real;
        this.caches = caches;
    }

    /** Trains the stale caches, if any; a failed training is reported and the stack starts without them. */
    void trainStale() {
        caches.values().stream().filter(cache -> !cache.isCurrent())
                .forEach(cache -> cache.trainingFailure().ifPresent(failure -> say(("%s: no AOT cache, its training "
                        + "made none (%s); delete %s to try again").formatted(cache.name(), failure, cache.directory()))));
        if (stale().isEmpty()) {
            say("AOT caches: " + sizes(List.copyOf(caches.values())) + " (in " + real.aotCacheRoot() + ")");
            return;
        }
        try (FileChannel channel = lockFile(); FileLock lock = channel.lock()) {
            List<AotCache> stale = stale(); // another stack may have trained them while this one waited
            if (!stale.isEmpty()) {
                train(stale);
            }
        } catch (IOException e) {
            say("AOT training skipped: " + e.getMessage());
        } catch (RuntimeException e) {
            say("AOT training failed, starting without the caches it was to make: " + e.getMessage());
        }
    }

    private List<AotCache> stale() {
        return caches.values().stream().filter(cache -> !cache.isCurrent() && cache.trainingFailure().isEmpty()).toList();
    }

    private void train(List<AotCache> stale) throws IOException {
        Duration load = Duration.ofSeconds(Integer.parseInt(System.getenv().getOrDefault(
                "LOCAL_STACK_AOT_TRAINING_SECONDS", "60")));
        say(("Training the JVMs' AOT caches (%s) on %d s of checkouts against a stack of their own: once per build "
                + "and JDK, about 3 minutes; LOCAL_STACK_AOT_CACHE=off starts without them...")
                .formatted(stale.stream().map(AotCache::name).collect(Collectors.joining(", ")), load.toSeconds()));
        Path work = real.aotCacheRoot().resolve("training");
        Directories.deleteRecursively(work);
        long started = System.nanoTime();
        Map<String, AotCache> trained = new HashMap<>(caches);
        trained.values().removeIf(cache -> !cache.isCurrent() && cache.trainingFailure().isPresent());
        LocalStack training = new LocalStack(settings(work), trained);
        stack = training;
        boolean loaded = false;
        long ready = started;
        long stopping;
        try {
            training.start();
            ready = System.nanoTime();
            drive(training, load, work.resolve("load"));
            loaded = !closed;
        } finally {
            stopping = System.nanoTime();
            training.close();
            stack = null;
        }
        if (closed) {
            return;
        }
        for (AotCache cache : training.trainedCaches()) {
            if (!cache.commit(loaded ? "see " + work.resolve("stack/logs") : "the training load did not finish")
                    && loaded) {
                say(cache.name() + ": the training run wrote no AOT cache; see " + work.resolve("stack/logs"));
            }
        }
        say(("AOT caches written in %.0f s (the training stack's start %.0f s, its load %.0f s, its stop while the JVMs"
                + " write the caches %.0f s): %s").formatted((System.nanoTime() - started) / 1e9, (ready - started) / 1e9,
                (stopping - ready) / 1e9, (System.nanoTime() - stopping) / 1e9, sizes(training.trainedCaches())));
        Directories.deleteRecursively(work.resolve("stack/kafka"));
        Directories.deleteRecursively(work.resolve("stack/mongo"));
    }

    /** Checkouts for two thirds of the time, then the mix of browsing, carts and checkouts. */
    private static void drive(LocalStack training, Duration load, Path out) throws IOException {
        Files.createDirectories(out);
        try (PrintStream log = new PrintStream(Files.newOutputStream(out.resolve("load.log")), true)) {
            Duration checkouts = load.multipliedBy(2).dividedBy(3);
            run(training, Mode.CHECKOUT, checkouts, out.resolve("checkout"), log);
            run(training, Mode.MIX, load.minus(checkouts), out.resolve("mix"), log);
        }
    }

    private static void run(LocalStack training, Mode mode, Duration duration, Path out, PrintStream log) {
        if (duration.isPositive()) {
            new LoadGenerator(LoadGenerator.Settings.builder().url(URI.create(training.storefrontUrl()))
                    .opsUrl(URI.create(training.opsUrl())).mode(mode)
                    .shoppers(32).duration(duration).warmup(Duration.ZERO).restock(TOKEN).outDir(out).build(), log).run();
        }
    }

    /**
     * Free ports and data of its own; its own broker and stand-in, so that no training order lands
     * in a MongoDB or Kafka the real stack names; no trace export.
     */
    private LocalStack.Settings settings(Path work) {
        Map<String, String> env = new HashMap<>(real.serviceEnvironment());
        env.keySet().removeIf(name -> name.startsWith("MANAGEMENT_TRACING_EXPORT_")
                || name.startsWith("MANAGEMENT_OPENTELEMETRY_") || name.equals("JAVA_TOOL_OPTIONS")
                || name.equals("STOREFRONT_TRACE_UI_URL"));
        return new LocalStack.Settings(real.repoRoot(), work.resolve("stack"), FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), Optional.empty(),
                Optional.empty(), TOKEN, env, 0, LocalStack.Aot.TRAINING);
    }

    private FileChannel lockFile() throws IOException {
        Files.createDirectories(real.aotCacheRoot());
        return FileChannel.open(real.aotCacheRoot().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static String sizes(List<AotCache> caches) {
        return caches.stream().map(cache -> cache.size() > 0 ? "%s %d MB".formatted(cache.name(), cache.size() >> 20)
                : cache.name() + " none").collect(Collectors.joining(", "));
    }

    /** Stops a training run under way (Ctrl-C): nothing it was making is kept. */
    @Override
    public void close() {
        closed = true;
        LocalStack running = stack;
        if (running != null) {
            running.close();
        }
    }


    private static void say(String line) {
        System.out.println("[local-stack] " + line);
    }
}
