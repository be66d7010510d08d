package dev.orderpipeline.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.orderpipeline.testkit.AotCache;
import dev.orderpipeline.testkit.FreePorts;
import dev.orderpipeline.testkit.JavaProcess;
import dev.orderpipeline.testkit.JvmOptions;
import dev.orderpipeline.testkit.KafkaBroker;
import dev.orderpipeline.testkit.MongoEndpoint;
import dev.orderpipeline.testkit.PipelineTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline on one machine, each part its own OS process: a Kafka broker (unless
 * {@code kafkaBootstrap} names one), MongoDB (mongo-java-server on an H2 file, unless
 * {@code mongoUri} names a real MongoDB), then inventory-worker, order-processor, storefront-api
 * and ops-api (the operators' service, which holds {@code adminToken}) from their executable jars. Data lives under {@code dataDir}, so a second start
 * keeps it. Used by {@code ./run-local} and by the end-to-end tests.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * @param zipkinPort where the embedded Zipkin listens; 0 for none. None either when
     *                   {@code serviceEnvironment} names another collector ({@value #COLLECTOR}).
     */
    public record Settings(Path repoRoot, Path dataDir, int kafkaPort, int kafkaControllerPort, int mongoPort,
                           int storefrontPort, int orderProcessorPort, int inventoryWorkerPort, int opsPort,
                           Optional<String> kafkaBootstrap, Optional<String> mongoUri, String adminToken,
                           Map<String, String> serviceEnvironment, int zipkinPort, Aot aot) {

        /** Without AOT caches. */
        public Settings(Path repoRoot, Path dataDir, int kafkaPort, int kafkaControllerPort, int mongoPort,
                        int storefrontPort, int orderProcessorPort, int inventoryWorkerPort, int opsPort,
                        Optional<String> kafkaBootstrap, Optional<String> mongoUri, String adminToken,
                        Map<String, String> serviceEnvironment, int zipkinPort) {
            this(repoRoot, dataDir, kafkaPort, kafkaControllerPort, mongoPort, storefrontPort, orderProcessorPort,
                    inventoryWorkerPort, opsPort, kafkaBootstrap, mongoUri, adminToken, serviceEnvironment, zipkinPort,
                    Aot.OFF);
        }

        /** Without a trace backend: the services record no spans to send anywhere. */
        public Settings(Path repoRoot, Path dataDir, int kafkaPort, int kafkaControllerPort, int mongoPort,
                        int storefrontPort, int orderProcessorPort, int inventoryWorkerPort, int opsPort,
                        Optional<String> kafkaBootstrap, Optional<String> mongoUri, String adminToken,
                        Map<String, String> serviceEnvironment) {
            this(repoRoot, dataDir, kafkaPort, kafkaControllerPort, mongoPort, storefrontPort, orderProcessorPort,
                    inventoryWorkerPort, opsPort, kafkaBootstrap, mongoUri, adminToken, serviceEnvironment, 0);
        }

        public Settings withAot(Aot aot) {
            return new Settings(repoRoot, dataDir, kafkaPort, kafkaControllerPort, mongoPort, storefrontPort,
                    orderProcessorPort, inventoryWorkerPort, opsPort, kafkaBootstrap, mongoUri, adminToken,
                    serviceEnvironment, zipkinPort, aot);
        }

        /** Where the AOT caches of the stack's JVMs live: with the build, so {@code ./mvnw clean} removes them. */
        public Path aotCacheRoot() {
            return repoRoot.resolve("target").resolve("aot-cache");
        }
    }

    /** Whether the stack's JVMs start from AOT caches ({@link AotCache}: JDK 25, JEP 483/514/515). */
    public enum Aot {
        /** None: the services run from their executable jars. */
        OFF,
        /** Caches that are missing or stale (new jars, another JDK) are trained first ({@link AotTraining}), then used. */
        ON,
        /** This stack is a training run: the JVMs whose cache is not current write one when they stop. */
        TRAINING;

        /** {@code LOCAL_STACK_AOT_CACHE=off} turns them off; on otherwise. */
        public static Aot fromEnvironment() {
            return "off".equalsIgnoreCase(System.getenv().getOrDefault("LOCAL_STACK_AOT_CACHE", "on").trim()) ? OFF : ON;
        }
    }

    /** The services' setting that names the collector their spans go to (Zipkin's format). */
    public static final String COLLECTOR = "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT";
    private static final String EXPORT = "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED";
    private static final String SAMPLING = "MANAGEMENT_TRACING_SAMPLING_PROBABILITY";
    private static final String TRACE_UI = "STOREFRONT_TRACE_UI_URL";
    /** Spans the embedded Zipkin keeps (about 100 MB of its 384 MB heap; thousands of checkouts' traces). */
    static final int ZIPKIN_MAX_SPANS = 100_000;
    static final String KAFKA = "kafka";
    static final String MONGO = "mongodb-stand-in";
    static final List<String> SERVICES = List.of("storefront-api", "order-processor", "inventory-worker", "ops-api");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Settings settings;
    private final List<String> jvmOptions = JvmOptions.configured(JvmOptions.LONG_RUNNING);
    private KafkaBroker broker;
    private JavaProcess mongo;
    private JavaProcess storefront;
    private JavaProcess orderProcessor;
    private JavaProcess inventoryWorker;
    private JavaProcess ops;
    private JavaProcess zipkin;
    /** Instances of a worker beside the stack's own ({@link #addInstance}), with their HTTP ports. */
    private final Map<JavaProcess, Integer> addedInstances = new ConcurrentHashMap<>();
    private Map<String, AotCache> aotCaches;
    private final List<AotCache> training = new ArrayList<>();
    private volatile AotTraining aotTraining;
    private volatile boolean closed;

    public LocalStack(Settings settings) {
        this(settings, null);
    }

    /** A stack that uses (or, in a training run, trains) these caches instead of computing its own. */
    LocalStack(Settings settings, Map<String, AotCache> aotCaches) {
        this.settings = settings;
        this.aotCaches = aotCaches;
    }

    public LocalStack start() {
        // before a training run of minutes, not after it
        if (settings.kafkaBootstrap().isEmpty()) {
            requireFree(settings.kafkaPort(), "Kafka");
            requireFree(settings.kafkaControllerPort(), "the Kafka controller");
        }
        if (settings.mongoUri().isEmpty()) {
            requireFree(settings.mongoPort(), "MongoDB");
        }
        if (settings.aot() == Aot.ON) {
            aotTraining = new AotTraining(settings, aotCaches());
            aotTraining.trainStale();
            aotTraining = null;
            if (closed) {
                throw new IllegalStateException("stopped while training the AOT caches");
            }
        }
        Path logs = settings.dataDir().resolve("logs");
        startZipkin(logs);
        if (settings.kafkaBootstrap().isEmpty()) {
            say("Kafka: starting a KRaft broker on " + "127.0.0.1:" + settings.kafkaPort() + " (data in "
                    + settings.dataDir().resolve("kafka") + ")");
            Optional<AotCache> aot = aotCache(KAFKA);
            broker = new KafkaBroker(settings.dataDir().resolve("kafka"), settings.kafkaPort(),
                    settings.kafkaControllerPort(), logs.resolve("kafka.log"),
                    aot.map(AotCache::classpath).orElseGet(JavaProcess::currentClasspath), jvmOptions, aotOptions(aot))
                    .start();
        } else {
            say("Kafka: using " + kafkaBootstrap());
        }
        createTopics();
        if (settings.mongoUri().isEmpty()) {
            // BSON documents (testkit's StandInBackend); a pipeline.mv of earlier versions is not read
            Path file = settings.dataDir().resolve("mongo/pipeline-bson.mv");
            say("MongoDB: starting mongo-java-server (embedded stand-in for mongod, H2 file " + file + ") on "
                    + mongoUri());
            Optional<AotCache> aot = aotCache(MONGO);
            List<String> options = new ArrayList<>(mongoJvmOptions());
            options.addAll(aotOptions(aot));
            mongo = new JavaProcess("mongo", options, List.of("-cp", aot.map(AotCache::classpath)
                    .orElseGet(JavaProcess::currentClasspath), MongoEndpoint.class.getName(), file.toString(),
                    String.valueOf(settings.mongoPort())), jvmToolOptions(), logs.resolve("mongo.log")).start();
            mongo.awaitReady(() -> answers(settings.mongoPort()), Duration.ofSeconds(60));
        } else {
            say("MongoDB: using the real MongoDB at " + redact(mongoUri()));
        }
        if (zipkin != null) {
            zipkin.awaitHttpOk(zipkinUrl().orElseThrow() + "/health", Duration.ofMinutes(2));
        }
        inventoryWorker = service("inventory-worker", settings.inventoryWorkerPort(), stableIdentity("inventory-worker"));
        orderProcessor = service("order-processor", settings.orderProcessorPort(), stableIdentity("order-processor"));
        storefront = service("storefront-api", settings.storefrontPort(), storefrontSettings());
        ops = service("ops-api", settings.opsPort(), Map.of("OPS_ADMIN_TOKEN", settings.adminToken()));
        say("Starting inventory-worker, order-processor, storefront-api and ops-api (logs in " + logs + ")");
        List<JavaProcess> services = List.of(inventoryWorker, orderProcessor, storefront, ops);
        services.forEach(JavaProcess::start);
        CompletableFuture.allOf(services.stream()
                .map(service -> CompletableFuture.runAsync(() -> awaitReady(service)))
                .toArray(CompletableFuture[]::new)).join();
        return this;
    }

    public void awaitReady(JavaProcess service) {
        service.awaitHttpOk(readinessUrl(service), Duration.ofMinutes(5));
    }

    /** Whether the service answers its readiness probe now (one request, no waiting). */
    public boolean isReady(JavaProcess service) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create(readinessUrl(service))).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String storefrontUrl() {
        return "http://localhost:" + settings.storefrontPort();
    }

    /** The operators' service: the admin calls, the redrive, the consumer lag and its page. */
    public String opsUrl() {
        return "http://localhost:" + settings.opsPort();
    }

    public String kafkaBootstrap() {
        return settings.kafkaBootstrap().orElseGet(() -> "127.0.0.1:" + settings.kafkaPort());
    }

    public String mongoUri() {
        return settings.mongoUri().orElseGet(() -> "mongodb://127.0.0.1:" + settings.mongoPort());
    }

    public boolean embeddedMongo() {
        return settings.mongoUri().isEmpty();
    }

    /** The embedded Zipkin's base URL (UI and {@code /api/v2}); empty when none runs. */
    public Optional<String> zipkinUrl() {
        return zipkin == null ? Optional.empty() : Optional.of("http://127.0.0.1:" + settings.zipkinPort());
    }

    /** Where the services' spans go: the embedded Zipkin, the collector the environment names, or nowhere. */
    public Optional<String> tracingCollector() {
        return Optional.ofNullable(settings.serviceEnvironment().get(COLLECTOR))
                .or(() -> zipkinUrl().map(url -> url + "/api/v2/spans"));
    }

    public KafkaBroker broker() {
        return broker;
    }

    /** Stops the MongoDB stand-in (SIGTERM; its data stays in its file), as a MongoDB outage would. */
    public void stopMongoStandIn() {
        standIn().stop(Duration.ofSeconds(30));
    }

    /** Starts the stopped stand-in again on its port and file, and waits until it answers. */
    public void startMongoStandIn() {
        standIn().start();
        standIn().awaitReady(() -> answers(settings.mongoPort()), Duration.ofSeconds(60));
    }

    private JavaProcess standIn() {
        if (mongo == null) {
            throw new IllegalStateException("this stack uses a MongoDB of its own: " + redact(mongoUri()));
        }
        return mongo;
    }

    public JavaProcess storefront() {
        return storefront;
    }

    public JavaProcess orderProcessor() {
        return orderProcessor;
    }

    public JavaProcess inventoryWorker() {
        return inventoryWorker;
    }

    /**
     * Another instance of a service, not started, on its own HTTP port, stopped with the stack if it
     * still runs then: a worker ({@code order-processor}, {@code inventory-worker}) joins its consumer
     * group as a dynamic member (the stack's own instance keeps its static identity); a storefront
     * ({@code storefront-api}) shares the first one's cart id key, so either
     * answers for the other's carts.
     */
    public JavaProcess addInstance(String service) {
        return addInstance(service, Map.of());
    }

    /** {@link #addInstance(String)} with environment variables of its own on top of the stack's. */
    public JavaProcess addInstance(String service, Map<String, String> environment) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("no service " + service + " in the stack");
        }
        int port = FreePorts.next();
        String name = service + "-" + (addedInstances.keySet().stream().filter(p -> p.name().startsWith(service)).count() + 2);
        Map<String, String> extra = new HashMap<>(service.equals("storefront-api") ? storefrontSettings() : Map.of());
        extra.putAll(environment);
        JavaProcess instance = service(service, name, port, extra);
        addedInstances.put(instance, port);
        say("Another instance of " + service + ": " + name + " on port " + port);
        return instance;
    }

    public JavaProcess ops() {
        return ops;
    }


    /**
     * The value of a service's Micrometer meter from its actuator ({@code /actuator/metrics}), summed
     * over the meters with the given {@code tag} ("key:value"); 0 while the meter does not exist.
     */
    public double metric(JavaProcess service, String name, String tag) {
        URI uri = URI.create("http://127.0.0.1:" + port(service) + "/actuator/metrics/" + name + "?tag=" + tag);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return 0;
            }
            JsonNode measurement = JSON.readTree(response.body()).path("measurements").path(0);
            return measurement.path("value").asDouble();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The process id of each process of the stack that runs here, by the names {@link #cpuTimes()} uses. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (broker != null) {
            pids.put(KAFKA, broker.pid());
        }
        if (mongo != null) {
            pids.put(MONGO, mongo.pid());
        }
        if (zipkin != null) {
            pids.put("zipkin", zipkin.pid());
        }
        for (JavaProcess service : new JavaProcess[] {storefront, orderProcessor, inventoryWorker, ops}) {
            if (service != null) {
                pids.put(service.name(), service.pid());
            }
        }
        addedInstances.keySet().forEach(instance -> pids.put(instance.name(), instance.pid()));
        return pids;
    }

    /** CPU time used so far by each process of the stack that runs here (for the benchmark's accounting). */
    public Map<String, Duration> cpuTimes() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        pids().forEach((name, pid) -> cpu.put(name, cpuTimeOf(pid)));
        return cpu;
    }

    private static Duration cpuTimeOf(long pid) {
        return pid <= 0 ? Duration.ZERO
                : ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /**
     * Stops everything at once: SIGTERM to every process, then each gets up to 20 s before SIGKILL
     * (10 minutes in a training run), so closing takes as long as the slowest, not the sum (a test
     * JVM that exits waits only so long). Stops a training run under way too.
     */
    @Override
    public void close() {
        closed = true;
        AotTraining running = aotTraining;
        if (running != null) {
            running.close();
        }
        // a training run's JVMs write their AOT caches as they exit, a minute or more on a busy machine
        Duration grace = settings.aot() == Aot.TRAINING ? Duration.ofMinutes(10) : Duration.ofSeconds(20);
        List<JavaProcess> all = new ArrayList<>();
        for (JavaProcess process : new JavaProcess[] {storefront, ops, orderProcessor, inventoryWorker, mongo, zipkin}) {
            if (process != null) {
                all.add(process);
            }
        }
        all.addAll(addedInstances.keySet());
        all.forEach(JavaProcess::terminate);
        if (broker != null) {
            broker.terminate();
        }
        all.forEach(process -> process.awaitExit(grace));
        if (broker != null) {
            broker.stop(grace);
        }
    }

    /**
     * Zipkin (its executable jar from Maven Central, in-memory storage) unless there is no port for
     * it or the services are told of another collector. It starts while Kafka and MongoDB do.
     */
    private void startZipkin(Path logs) {
        if (settings.serviceEnvironment().containsKey(COLLECTOR)) {
            say("Tracing: spans go to " + settings.serviceEnvironment().get(COLLECTOR));
            return;
        }
        if (settings.zipkinPort() <= 0) {
            return;
        }
        requireFree(settings.zipkinPort(), "Zipkin");
        Path jar = settings.repoRoot().resolve("local-stack/target/zipkin/zipkin-server-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("No Zipkin server at " + jar + ": build it with ./mvnw -DskipTests package");
        }
        say("Zipkin: starting the trace backend (in-memory) on http://localhost:" + settings.zipkinPort());
        // Zipkin's in-memory store drops the oldest traces past MEM_MAX_SPANS; its default, 500,000
        // spans, outgrows this heap: under load at 100 % sampling Zipkin died of OutOfMemoryError
        zipkin = new JavaProcess("zipkin", withJvmOptions("-Xmx384m", "-XX:+ExitOnOutOfMemoryError"),
                List.of("-jar", jar.toString(), "--server.port=" + settings.zipkinPort()),
                Map.of("STORAGE_TYPE", "mem", "MEM_MAX_SPANS", String.valueOf(ZIPKIN_MAX_SPANS),
                        "QUERY_PORT", String.valueOf(settings.zipkinPort())),
                logs.resolve("zipkin.log")).start();
    }

    /**
     * One instance of each worker runs here, so it can keep its identity across restarts: static
     * group membership (it takes its partitions back without waiting for the crashed consumers'
     * sessions to expire).
     */
    private static Map<String, String> stableIdentity(String worker) {
        return Map.of("SPRING_KAFKA_CONSUMER_PROPERTIES_GROUP_INSTANCE_ID", worker + "-local");
    }

    /** What every storefront instance of the stack shares: the key it signs cart ids with, and the trace UI. */
    private Map<String, String> storefrontSettings() {
        Map<String, String> storefrontSettings = new HashMap<>(Map.of(
                "STOREFRONT_CART_ID_KEY", settings.serviceEnvironment().getOrDefault("STOREFRONT_CART_ID_KEY",
                        cartIdKey())));
        // the order page links to the checkout's trace in the embedded Zipkin's UI
        zipkinUrl().filter(url -> !settings.serviceEnvironment().containsKey(TRACE_UI))
                .ifPresent(url -> storefrontSettings.put(TRACE_UI, url.replace("127.0.0.1", "localhost") + "/zipkin/traces/"));
        return storefrontSettings;
    }

    /**
     * The key the storefront signs cart ids with, generated once and kept with the data, so carts
     * opened before a restart are still recognised after it.
     */
    private String cartIdKey() {
        Path file = settings.dataDir().resolve("cart-id-key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Files.createDirectories(settings.dataDir());
            Files.writeString(file, encoded + "\n");
            return encoded;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the cart id key in " + file, e);
        }
    }

    private List<String> withJvmOptions(String... options) {
        List<String> all = new ArrayList<>(List.of(options));
        all.addAll(jvmOptions);
        return all;
    }

    /** JAVA_TOOL_OPTIONS of the services (a profiler, say) go to the MongoDB stand-in too. */
    private Map<String, String> jvmToolOptions() {
        String options = settings.serviceEnvironment().get("JAVA_TOOL_OPTIONS");
        return options == null ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", options);
    }

    private JavaProcess service(String module, int port, Map<String, String> extra) {
        return service(module, module, port, extra);
    }

    private JavaProcess service(String module, String name, int port, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(settings.serviceEnvironment());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
        env.put("MONGODB_URI", mongoUri());
        env.put("SERVER_PORT", String.valueOf(port));
        tracingCollector().ifPresent(collector -> {
            env.put(COLLECTOR, collector);
            env.putIfAbsent(EXPORT, "true");
            // a developer's stack records every trace; the benchmark sets its own share
            env.putIfAbsent(SAMPLING, "1.0");
        });
        env.putAll(extra);
        Path log = settings.dataDir().resolve("logs").resolve(name + ".log");
        Optional<AotCache> aot = aotCache(module);
        List<String> options = new ArrayList<>(serviceJvmOptions());
        options.addAll(aotOptions(aot));
        return new JavaProcess(name, options,
                List.of("-jar", aot.map(AotCache::applicationJar).orElseGet(() -> executableJar(module)).toString()), env, log);
    }

    private List<String> serviceJvmOptions() {
        return withJvmOptions("-Xms128m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError");
    }

    private List<String> mongoJvmOptions() {
        return withJvmOptions("-Xmx1g", "-XX:+ExitOnOutOfMemoryError");
    }

    /**
     * The AOT cache of each JVM this stack starts from its own jars (not Zipkin's), by process name;
     * empty when the stack runs without. Computing them reads every jar once (SHA-256).
     */
    private Map<String, AotCache> aotCaches() {
        if (aotCaches == null) {
            Map<String, AotCache> caches = new LinkedHashMap<>();
            if (settings.aot() != Aot.OFF) {
                Path root = settings.aotCacheRoot();
                if (settings.kafkaBootstrap().isEmpty()) {
                    caches.put(KAFKA, AotCache.ofClasspath(root, KAFKA, JavaProcess.currentClasspath(), jvmOptions));
                }
                if (settings.mongoUri().isEmpty()) {
                    caches.put(MONGO, AotCache.ofClasspath(root, MONGO, JavaProcess.currentClasspath(), mongoJvmOptions()));
                }
                for (String module : SERVICES) {
                    caches.put(module, AotCache.ofBootJar(root, module, executableJar(module), serviceJvmOptions()));
                }
            }
            aotCaches = Collections.unmodifiableMap(caches);
        }
        return aotCaches;
    }

    /**
     * The process's AOT cache if this start uses it (it is current) or trains it (a training run: its
     * directory is made ready for the new one); empty if the process starts without one.
     */
    private Optional<AotCache> aotCache(String process) {
        AotCache cache = aotCaches().get(process);
        if (cache == null) {
            return Optional.empty();
        }
        if (cache.isCurrent()) {
            return Optional.of(cache);
        }
        if (settings.aot() == Aot.TRAINING) {
            training.add(cache.prepare());
            return Optional.of(cache);
        }
        return Optional.empty();
    }

    private static List<String> aotOptions(Optional<AotCache> cache) {
        return cache.map(aot -> aot.isCurrent() ? aot.useOptions() : aot.trainingOptions()).orElse(List.of());
    }

    /** In a training run, the caches its JVMs write when they stop. */
    List<AotCache> trainedCaches() {
        return List.copyOf(training);
    }

    private Path executableJar(String module) {
        Path target = settings.repoRoot().resolve(module).resolve("target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("No executable jar of " + module + " in " + target
                + ": build it with ./mvnw -DskipTests package");
    }

    private String readinessUrl(JavaProcess service) {
        return url(service) + "/actuator/health/readiness";
    }

    /** Where a service of the stack answers HTTP (its API, or its actuator only), e.g. for {@code /actuator/health}. */
    public String url(JavaProcess service) {
        return "http://127.0.0.1:" + port(service);
    }

    private int port(JavaProcess service) {
        Integer added = addedInstances.get(service);
        if (added != null) {
            return added;
        }
        return service == storefront ? settings.storefrontPort() : service == ops ? settings.opsPort()
                : service == orderProcessor ? settings.orderProcessorPort() : settings.inventoryWorkerPort();
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
            PipelineTopics.create(admin, (short) (settings.kafkaBootstrap().isEmpty() ? 1 : -1),
                    Integer.parseInt(System.getenv().getOrDefault("LOCAL_STACK_PARTITIONS", "0")));
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireFree(int port, String what) {
        if (answers(port)) {
            throw new IllegalStateException("Port " + port + " (" + what + ") is already in use: is a local stack "
                    + "still running? Stop it, or choose another port with the environment variables in the README.");
        }
    }

    static String redact(String uri) {
        return uri.replaceAll("//([^:/@]+):([^@]+)@", "//$1:***@");
    }

    private static void say(String line) {
        System.out.println("[local-stack] " + line);
    }
}
