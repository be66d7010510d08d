package dev.orderpipeline.storefront.publishing;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.runtime.RecordTracing;
import dev.orderpipeline.storefront.StorefrontProperties;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The storefront's only write: one Kafka send, acks=all, idempotent producer, waited for. If Kafka
 * does not acknowledge in time the request fails with 503 and nothing else has been done.
 */
@Component
public class EventPublisher {

    /** A line per published event, in the request's trace (its id in the line); off unless set to DEBUG. */
    private static final Logger published = LoggerFactory.getLogger("dev.orderpipeline.storefront.published");

    private final KafkaTemplate<String, Object> kafka;
    private final StorefrontProperties properties;
    private final Tracer tracer;

    public EventPublisher(KafkaTemplate<String, Object> kafka, StorefrontProperties properties,
                          ObjectProvider<Tracer> tracer) {
        this.kafka = kafka;
        this.properties = properties;
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
    }

    public void publish(PipelineEvent event, String correlationId) {
        EventEnvelope envelope = EventEnvelope.of(event, correlationId);
        Span request = tracer.currentSpan();
        if (request != null && event instanceof CheckoutRequested checkout) {
            request.tag(RecordTracing.ORDER_ID_TAG, checkout.orderId().toString());
        }
        published.debug("Publishing {} {}", envelope.type(), envelope.key());
        try {
            kafka.send(envelope.topic(), envelope.key(), envelope)
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException(e);
        } catch (ExecutionException | TimeoutException | KafkaException
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
