package dev.orderpipeline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code ./run-local}: starts the local stack with the defaults of the README, or what the
 * environment says, prints where everything is, and stops it all on Ctrl-C.
 */
public final class RunLocal {

    private RunLocal() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path dataDir = Path.of(env("LOCAL_STACK_DIR", root.resolve(".local-stack").toString())).toAbsolutePath();
        LocalStack.Settings settings = new LocalStack.Settings(root, dataDir,
                port("KAFKA_PORT", 9092), port("KAFKA_CONTROLLER_PORT", 9093), port("MONGODB_PORT", 27017),
                port("STOREFRONT_PORT", 8080), port("ORDER_PROCESSOR_PORT", 8081), port("INVENTORY_WORKER_PORT", 8082),
                port("OPS_PORT", 8083),
                optional("KAFKA_BOOTSTRAP_SERVERS"), optional("MONGODB_URI"), adminToken(dataDir),
                passThrough("ORDER_PENDING_TIMEOUT", "STOREFRONT_CART_ID_KEY"), port("ZIPKIN_PORT", 9411))
                .withAot(LocalStack.Aot.fromEnvironment());
        LocalStack stack = new LocalStack(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("[local-stack] Stopping...");
            stack.close();
            System.out.println("[local-stack] Stopped. Data kept in " + dataDir);
            stopped.countDown();
        }, "local-stack-stop"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("[local-stack] FAILED: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("""

                [local-stack] Ready.
                  Storefront (page + REST API): %s   e.g. curl %s/api/products
                  Operators (ops-api):          %s   admin API, redrive, %s/ops/lag.html
                  Kafka bootstrap:              %s
                  MongoDB:                      %s (%s)
                  order-processor actuator:     http://localhost:%d/actuator/health
                  inventory-worker actuator:    http://localhost:%d/actuator/health
                  Traces:                       %s
                  Operators' token:             %s  (Authorization: Bearer <token>, on ops-api)
                  Logs:                         %s
                  Data (kept across restarts):  %s
                Press Ctrl-C to stop everything.
                """.formatted(stack.storefrontUrl(), stack.storefrontUrl(), stack.opsUrl(), stack.opsUrl(),
                stack.kafkaBootstrap(),
                LocalStack.redact(stack.mongoUri()),
                stack.embeddedMongo() ? "mongo-java-server, an embedded stand-in for mongod; set MONGODB_URI for a real MongoDB"
                        : "real MongoDB from MONGODB_URI",
                settings.orderProcessorPort(), settings.inventoryWorkerPort(),
                stack.zipkinUrl().map(url -> url.replace("127.0.0.1", "localhost") + "/zipkin/ (Zipkin)")
                        .or(stack::tracingCollector).orElse("not recorded (ZIPKIN_PORT=0)"),
                tokenVariable().map(name -> "from " + name)
                        .orElse(settings.adminToken() + " (generated, kept in " + dataDir.resolve("admin-token") + ")"),
                dataDir.resolve("logs"), dataDir));
        stopped.await();
    }

    /** The variable the operators' token comes from: OPS_ADMIN_TOKEN, or for one release STOREFRONT_ADMIN_TOKEN. */
    private static Optional<String> tokenVariable() {
        return Stream.of("OPS_ADMIN_TOKEN", "STOREFRONT_ADMIN_TOKEN").filter(name -> optional(name).isPresent())
                .findFirst();
    }

    private static String adminToken(Path dataDir) throws IOException {
        Optional<String> fromEnv = tokenVariable().flatMap(RunLocal::optional);
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        Path file = dataDir.resolve("admin-token");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Files.createDirectories(dataDir);
        Files.writeString(file, token + "\n");
        return token;
    }

    /**
     * The named variables, and every Spring property given as an environment variable (e.g.
     * {@code SPRING_KAFKA_CONSUMER_FETCH_MIN_SIZE}, {@code PIPELINE_MAX_ATTEMPTS}), for the services.
     */
    private static Map<String, String> passThrough(String... names) {
        HashMap<String, String> env = new HashMap<>();
        for (String name : names) {
            optional(name).ifPresent(value -> env.put(name, value));
        }
        System.getenv().forEach((name, value) -> {
            if (SERVICE_PROPERTY_PREFIXES.stream().anyMatch(name::startsWith)) {
                env.put(name, value);
            }
        });
        return env;
    }

    private static final List<String> SERVICE_PROPERTY_PREFIXES = List.of(
            "SPRING_", "MANAGEMENT_", "LOGGING_", "PIPELINE_", "ORDERS_", "STOREFRONT_", "INVENTORY_", "OPS_");

    private static int port(String name, int fallback) {
        return Integer.parseInt(env(name, String.valueOf(fallback)));
    }

    private static Optional<String> optional(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static String env(String name, String fallback) {
        return optional(name).orElse(fallback);
    }
}
