package dev.orderpipeline.runtime;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.observability.ContextProviderFactory;
import org.springframework.data.mongodb.observability.MongoObservationCommandListener;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * What the services trace besides HTTP requests and Kafka sends (which Spring Boot and spring-kafka
 * observe) and consumed records ({@link RecordTracing}): MongoDB commands and Kafka sends, but only
 * those issued inside a span, i.e. a storefront request's reads and sends and a sampled record's
 * outputs. The workers' batch reads and bulk writes serve
 * the records of many orders at once, so they belong to no order's trace and are not traced; nor
 * are the order processor's expiry check every few seconds and the probes' actuator requests,
 * which would each be a trace of their own.
 */
@AutoConfiguration
@ConditionalOnClass(Tracer.class)
public class PipelineTracingAutoConfiguration {

    static final String MONGO_COMMAND = "spring.data.mongodb.command";
    static final String SCHEDULED_TASK = "tasks.scheduled.execution";
    static final String KAFKA_SEND = "spring.kafka.template";

    @Bean
    @SuppressWarnings({"deprecation", "removal"})
    MongoClientSettingsBuilderCustomizer pipelineMongoObservations(ObjectProvider<ObservationRegistry> observations) {
        ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        return settings -> settings
                .contextProvider(ContextProviderFactory.create(registry))
                .addCommandListener(new MongoObservationCommandListener(registry));
    }

    @Bean
    ObservationPredicate pipelineUntracedObservations(ObjectProvider<Tracer> tracers) {
        return untracedObservations(tracers.getIfAvailable(() -> Tracer.NOOP));
    }

    /**
     * MongoDB commands and Kafka sends are observed only inside a span: a worker's send caused by a
     * record of an unsampled trace has none ({@link RecordTracing}), so it costs no observation.
     */
    static ObservationPredicate untracedObservations(Tracer tracer) {
        return (name, context) -> {
            if (MONGO_COMMAND.equals(name) || KAFKA_SEND.equals(name)) {
                return tracer.currentSpan() != null;
            }
            return !SCHEDULED_TASK.equals(name);
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HttpServletRequest.class, ServerRequestObservationContext.class})
    static class ActuatorRequests {

        @Bean
        ObservationPredicate pipelineUntracedActuatorRequests() {
            return (name, context) -> !(context instanceof ServerRequestObservationContext request
                    && request.getCarrier() != null
                    && request.getCarrier().getRequestURI().startsWith("/actuator"));
        }
    }
}
