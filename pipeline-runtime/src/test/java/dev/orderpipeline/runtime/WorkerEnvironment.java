package dev.orderpipeline.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationHook;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The environment an application starts with: its application.yaml, the environment variables, its
 * arguments and every {@code EnvironmentPostProcessor}, as {@link SpringApplication#run} prepares it,
 * stopped before any bean is made (no Kafka, no MongoDB needed).
 */
public final class WorkerEnvironment {

    /**
     * What every worker runs with unless its deployment says otherwise: the values its application.yaml
     * held before they moved to pipeline-runtime's worker defaults.
     */
    public static final Map<String, String> SHARED = shared();

    private WorkerEnvironment() {
    }

    /** {@link #SHARED} and what is the worker's own: its name, which is also its consumer group, and its port. */
    public static Map<String, String> expected(String name, int port) {
        Map<String, String> expected = new LinkedHashMap<>(SHARED);
        expected.put("spring.application.name", name);
        expected.put("spring.kafka.consumer.group-id", name);
        expected.put("management.metrics.tags.application", name);
        expected.put("server.port", String.valueOf(port));
        return expected;
    }

    /** The effective value of each key of {@code keys}, as the environment resolves it. */
    public static Map<String, String> effective(ConfigurableEnvironment environment, Iterable<String> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        keys.forEach(key -> values.put(key, environment.getProperty(key)));
        return values;
    }

    public static ConfigurableEnvironment of(Class<?> application, String... args) {
        AtomicReference<ConfigurableEnvironment> prepared = new AtomicReference<>();
        SpringApplicationHook stopWhenPrepared = app -> new SpringApplicationRunListener() {
            @Override
            public void environmentPrepared(ConfigurableBootstrapContext context, ConfigurableEnvironment environment) {
                prepared.set(environment);
                throw new SpringApplication.AbandonedRunException();
            }
        };
        try {
            SpringApplication.withHook(stopWhenPrepared, () -> {
                SpringApplication app = new SpringApplication(application);
                app.setWebApplicationType(WebApplicationType.NONE);
                app.run(args);
            });
        } catch (SpringApplication.AbandonedRunException expected) {
            // the environment is all we wanted
        }
        return prepared.get();
    }

    private static Map<String, String> shared() {
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("spring.main.banner-mode", "false"); // YAML's off, which Spring binds as Banner.Mode.OFF
        shared.put("spring.kafka.bootstrap-servers", "localhost:9092");
        shared.put("spring.kafka.template.observation-enabled", "true");
        shared.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        shared.put("spring.kafka.consumer.max-poll-records", "500");
        shared.put("spring.kafka.consumer.properties.session.timeout.ms", "10000");
        shared.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "3000");
        shared.put("spring.kafka.consumer.properties.partition.assignment.strategy",
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        shared.put("spring.kafka.listener.type", "batch");
        shared.put("spring.kafka.listener.observation-enabled", "false");
        shared.put("spring.kafka.listener.concurrency", "1");
        shared.put("spring.mongodb.uri", "mongodb://localhost:27017");
        shared.put("server.shutdown", "graceful");
        shared.put("management.tracing.sampling.probability", "0.1");
        shared.put("management.tracing.export.zipkin.enabled", "false");
        shared.put("management.endpoints.web.exposure.include", "health,info,prometheus,metrics");
        shared.put("management.endpoint.health.probes.enabled", "true");
        shared.put("management.endpoint.health.show-components", "always");
        shared.put("management.endpoint.health.group.readiness.include", "readinessState,kafka,mongo");
        return Collections.unmodifiableMap(shared);
    }
}
