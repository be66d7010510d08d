package dev.orderpipeline.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxAttempts      deliveries of a record whose handling fails (not for an outage) before
 *                         it goes to the dead-letter topic
 * @param maxRetryInterval longest back-off between redeliveries of a rolled-back batch
 * @param mongoTimeout     server selection, connect and read timeout towards MongoDB
 * @param idleOffsetsAfter how long a listener container is idle before it commits its partitions'
 *                         positions past the last transaction markers ({@link IdleOffsets})
 */
@ConfigurationProperties("pipeline")
public record PipelineProperties(
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("5s") Duration maxRetryInterval,
        @DefaultValue("5s") Duration mongoTimeout,
        @DefaultValue("3s") Duration idleOffsetsAfter) {
}
