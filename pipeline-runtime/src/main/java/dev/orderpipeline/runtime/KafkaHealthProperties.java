package dev.orderpipeline.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeout    how long the health check waits for the cluster to answer; shorter than the
 *                   probes' timeout (2 s in k8s/), so a broker that does not answer is DOWN, not a probe
 *                   that timed out
 * @param timeToLive how long an answer is reused ({@link KafkaHealthIndicator})
 */
@ConfigurationProperties("pipeline.health.kafka")
public record KafkaHealthProperties(
        @DefaultValue("1s") Duration timeout,
        @DefaultValue("5s") Duration timeToLive) {
}
