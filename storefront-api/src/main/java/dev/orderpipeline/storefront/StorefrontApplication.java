package dev.orderpipeline.storefront;

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
 * The shop: catalog, carts, checkout and orders, over REST and in the browser. What operators do
 * (the admin API, the dead-letter redrive, the consumer lag) is ops-api's; here it answers 404.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StorefrontApplication {

    public static void main(String[] args) {
        SpringApplication.run(StorefrontApplication.class, args);
    }

    /** The storefront's only write: a cart event or a checkout on {@code storefront.carts.v1}. */
    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, Object> kafka, StorefrontProperties properties,
                                  ObjectProvider<Tracer> tracer) {
        return new EventPublisher(kafka, properties.sendTimeout(), tracer, "dev.orderpipeline.storefront.published");
    }

    @Bean
    KafkaWarmUp kafkaWarmUp(KafkaTemplate<String, Object> kafka) {
        return new KafkaWarmUp(kafka, List.of(Topics.CARTS));
    }
}
