package dev.orderpipeline.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A service's Kafka sends on behalf of a request ({@code pipeline.publishing.*}).
 *
 * @param sendTimeout how long a request waits for Kafka to acknowledge its event before answering 503
 * @param topics      the topics the service publishes to, whose metadata it fetches before it reports ready
 * @param log         the logger of the line per published event (DEBUG), e.g. {@code dev.orderpipeline.storefront.published}
 */
@ConfigurationProperties("pipeline.publishing")
public record PublishingProperties(
        @DefaultValue("6s") Duration sendTimeout,
        @DefaultValue List<String> topics,
        @DefaultValue("dev.orderpipeline.published") String log) {
}
