package dev.orderpipeline.web;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.runtime.RecordTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A request's only write: one Kafka send, acks=all, idempotent producer, waited for. If Kafka does
 * not acknowledge in time the request fails with 503 and nothing else has been done. Each service
 * makes its own, with its send timeout and the name of its log of published events.
 */
public class EventPublisher {

    /** A line per published event, in the request's trace (its id in the line); off unless set to DEBUG. */
    private final Logger published;
    private final KafkaTemplate<String, Object> kafka;
    private final Duration sendTimeout;
    private final Tracer tracer;

    /** @param log the logger of the line per published event, e.g. {@code dev.orderpipeline.storefront.published} */
    public EventPublisher(KafkaTemplate<String, Object> kafka, Duration sendTimeout, ObjectProvider<Tracer> tracer,
                          String log) {
        this.kafka = kafka;
        this.sendTimeout = sendTimeout;
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.published = LoggerFactory.getLogger(log);
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
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
