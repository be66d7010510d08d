package dev.orderpipeline.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxAttempts      deliveries of a record whose handling fails (not for an outage) before
 *                         it goes to the dead-letter topic
 * @param maxRetryInterval longest back-off between deliveries of a batch that failed for an outage
 * @param mongoTimeout     server selection, connect and read timeout towards MongoDB
 */
@ConfigurationProperties("pipeline")
public record PipelineProperties(
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("5s") Duration maxRetryInterval,
        @DefaultValue("5s") Duration mongoTimeout) {
}
