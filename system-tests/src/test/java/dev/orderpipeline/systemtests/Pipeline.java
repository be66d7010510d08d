package dev.orderpipeline.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.orderpipeline.localstack.LocalStack;
import dev.orderpipeline.testkit.FreePorts;
import dev.orderpipeline.testkit.TestInfrastructure;

/**
 * The pipeline the end-to-end tests drive: one {@link LocalStack} per test JVM (broker, MongoDB
 * stand-in, the four services as separate processes, on free ports and a fresh data folder),
 * started on first use and stopped when the JVM exits.
 */
final class Pipeline {

    static final String ADMIN_TOKEN = "test-admin-token";
    /** Long enough for tests that hold orders PENDING while they restart a service on a busy machine. */
    static final Duration PENDING_TIMEOUT = Duration.ofMinutes(10);

    private static LocalStack stack;
    private static Api api;
    private static MongoClient mongo;

    private Pipeline() {
    }

    static synchronized LocalStack stack() {
        if (stack == null) {
            stack = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (mongo != null) {
                    mongo.close();
                }
                stack.close();
            }));
        }
        return stack;
    }

    static synchronized Api api() {
        if (api == null) {
            api = new Api(stack().storefrontUrl(), stack().opsUrl(), ADMIN_TOKEN);
        }
        return api;
    }

    static synchronized MongoClient mongo() {
        if (mongo == null) {
            mongo = MongoClients.create(stack().mongoUri());
        }
        return mongo;
    }

    private static LocalStack start() {
        Path root = Path.of(System.getProperty("pipeline.root", "..")).toAbsolutePath().normalize();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory(root.resolve("system-tests/target"), "pipeline-it-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TestInfrastructure.Choice infrastructure = TestInfrastructure.choose();
        LocalStack.Settings settings = new LocalStack.Settings(root, dataDir, FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                infrastructure.kafkaBootstrap(), infrastructure.mongoUri(), ADMIN_TOKEN,
                Map.of("ORDER_PENDING_TIMEOUT", PENDING_TIMEOUT.toSeconds() + "s",
                        // a gone client of an order stream is noticed at the next write
                        "STOREFRONT_ORDEREVENTS_HEARTBEAT", "2s",
                        // RestoreIT takes its backup right after a fresh restore point
                        "PIPELINE_RESTORE_POINT_INTERVAL", "1s",
                        // a log line per published and handled event, with its trace id (TracingIT)
                        "LOGGING_LEVEL_DEV_ORDERPIPELINE_STOREFRONT_PUBLISHED", "DEBUG",
                        "LOGGING_LEVEL_DEV_ORDERPIPELINE_RUNTIME_HANDLED", "DEBUG"),
                FreePorts.next());
        System.out.println("Starting the pipeline for the tests; logs in " + dataDir.resolve("logs"));
        LocalStack starting = new LocalStack(settings);
        try {
            starting.start();
            warmUp(new Api(starting.storefrontUrl(), starting.opsUrl(), ADMIN_TOKEN));
            return starting;
        } catch (RuntimeException e) {
            // Stop what did start, so a failed start leaves no processes behind for the next try.
            starting.close();
            throw e;
        }
    }

    /** One checkout end to end before the tests, so no test pays for the services' cold start. */
    private static void warmUp(Api api) {
        String sku = Skus.unique("WARMUP");
        api.createProduct(sku, 100, 5);
        api.awaitFinal(api.order(Map.of(sku, 1)));
    }
}
