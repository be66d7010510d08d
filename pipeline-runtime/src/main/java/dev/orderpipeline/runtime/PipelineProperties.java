package dev.orderpipeline.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxAttempts      deliveries of a record whose handling fails (not for an outage) before
 *                         it goes to the dead-letter topic
 * @param maxRetryInterval longest back-off between redeliveries of a rolled-back batch
 * @param mongoTimeout     server selection, connect and read timeout towards MongoDB
 * @param fixTxOffsets     commit consumer positions past transaction markers (see PipelineRuntimeAutoConfiguration)
 */
@ConfigurationProperties("pipeline")
public record PipelineProperties(
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("5s") Duration maxRetryInterval,
        @DefaultValue("5s") Duration mongoTimeout,
        @DefaultValue("true") boolean fixTxOffsets) {
}
