package dev.orderpipeline.web;

import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The web infrastructure of a service that answers an HTTP API: every error as problem+json (also
 * what Tomcat and the filters answer themselves), strict JSON bodies, the 64 KiB body limit, an
 * unreadable Accept header disregarded, the security headers on every answer, the shared parts of
 * the OpenAPI document, and a request's Kafka send ({@link EventPublisher}, {@link KafkaWarmUp},
 * {@link PublishingProperties}). Before Spring MVC's and its error page's own configuration, whose
 * handlers it replaces.
 */
@AutoConfiguration(before = {WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({ProblemWriter.class, ProblemHandler.class, ProblemTypeAdvice.class, ProblemErrorController.class,
        TomcatErrorReport.class, SecurityHeaders.class, BodySizeLimitFilter.class, UnreadableAcceptFilter.class,
        StrictJson.class, ApiDocumentation.class})
@EnableConfigurationProperties(PublishingProperties.class)
public class PipelineWebAutoConfiguration {

    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, Object> kafka, PublishingProperties properties,
                                  ObjectProvider<Tracer> tracer) {
        return new EventPublisher(kafka, properties.sendTimeout(), tracer, properties.log());
    }

    @Bean
    KafkaWarmUp kafkaWarmUp(KafkaTemplate<String, Object> kafka, PublishingProperties properties) {
        return new KafkaWarmUp(kafka, properties.topics());
    }
}
