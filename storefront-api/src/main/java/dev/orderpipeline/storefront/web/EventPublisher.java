package dev.orderpipeline.storefront.web;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.storefront.StorefrontProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The storefront's only write: one Kafka send, acks=all, idempotent producer, waited for. If Kafka
 * does not acknowledge in time the request fails with 503 and nothing else has been done.
 */
@Component
public class EventPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final StorefrontProperties properties;

    public EventPublisher(KafkaTemplate<String, Object> kafka, StorefrontProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    public void publish(PipelineEvent event, String correlationId) {
        EventEnvelope envelope = EventEnvelope.of(event, correlationId);
        try {
            kafka.send(envelope.topic(), envelope.key(), envelope)
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException(e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException
                 | org.springframework.kafka.KafkaException e) {
            throw new KafkaUnavailableException(e);
        }
    }

    public static class KafkaUnavailableException extends RuntimeException {
        KafkaUnavailableException(Throwable cause) {
            super("Kafka did not acknowledge the event", cause);
        }
    }
}
