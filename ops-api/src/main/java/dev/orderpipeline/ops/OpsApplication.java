package dev.orderpipeline.ops;

import java.util.List;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.web.EventPublisher;
import dev.orderpipeline.web.KafkaWarmUp;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The operators' service: the admin API (products, stock adjustments), the dead-letter redrive and
 * the consumer lag (endpoint and page), every call behind the operators' token. Internal only: never
 * routed by the public Ingress.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OpsApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpsApplication.class, args);
    }

    /** The admin calls' one write: a product or stock change on {@code catalog.v1}. */
    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, Object> kafka, OpsProperties properties,
                                  ObjectProvider<Tracer> tracer) {
        return new EventPublisher(kafka, properties.sendTimeout(), tracer, "dev.orderpipeline.ops.published");
    }

    @Bean
    KafkaWarmUp kafkaWarmUp(KafkaTemplate<String, Object> kafka) {
        return new KafkaWarmUp(kafka, List.of(Topics.CATALOG));
    }
}
