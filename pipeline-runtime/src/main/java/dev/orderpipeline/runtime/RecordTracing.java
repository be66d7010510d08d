package dev.orderpipeline.runtime;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.Topics;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One span per consumed record of a sampled trace, in the trace its headers carry
 * ({@code traceparent}, put there by the producing service's {@code KafkaTemplate} observation): a
 * batch handles records of many orders at once, so the batch itself is no span, and a trace never
 * mixes two orders. A record's span is open from the start of its batch until the events it caused
 * are sent; they are sent with it as the current span, so they carry its trace on.
 *
 * <p>A record whose {@code traceparent} says its trace is not sampled costs nothing: no span, no
 * tags, and no observation of the sends it causes (no span is current then, see
 * {@link PipelineTracingAutoConfiguration}); its trace headers are copied onto what it causes
 * instead, so the next hop knows the trace is not sampled either. A record without trace headers
 * starts a trace of its own, which the sampler keeps or not.
 *
 * <p>The span is tagged {@code order.id} where the record names an order ({@code CheckoutRequested},
 * and every record of the topics keyed by order id), so a trace backend finds an order's trace.
 */
public final class RecordTracing {

    public static final String ORDER_ID_TAG = "order.id";
    static final String TRACEPARENT = "traceparent";
    /** The W3C trace context headers an unsampled record passes on unchanged. */
    private static final List<String> TRACE_HEADERS = List.of(TRACEPARENT, "tracestate");

    static final RecordTracing NONE = new RecordTracing(Tracer.NOOP, Propagator.NOOP);

    private static final Propagator.Getter<Headers> HEADERS = (headers, key) -> {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public RecordTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The spans of a batch's records of sampled traces, started now, each continuing its record's trace. */
    Spans start(List<EventRecord> records) {
        Map<EventRecord, Span> spans = new IdentityHashMap<>(records.size() * 2);
        if (tracer == Tracer.NOOP) {
            return new Spans(spans);
        }
        // A record without trace headers starts a trace of its own, never a child of whatever is current.
        try (Tracer.SpanInScope none = tracer.withSpan(null)) {
            for (EventRecord record : records) {
                if (!notSampled(record.record().headers())) {
                    spans.put(record, start(record));
                }
            }
        }
        return new Spans(spans);
    }

    /** True when the record's {@code traceparent} (version 00) has the sampled flag off. */
    static boolean notSampled(Headers headers) {
        Header header = headers.lastHeader(TRACEPARENT);
        if (header == null || header.value().length != 55) {
            return false;
        }
        int flags = Character.digit(header.value()[54], 16);
        return flags >= 0 && (flags & 1) == 0;
    }

    private Span start(EventRecord record) {
        Span span = propagator.extract(record.record().headers(), HEADERS)
                .name("handle " + record.event().type())
                .kind(Span.Kind.CONSUMER)
                .start();
        if (span.isNoop()) {
            return span;
        }
        span.tag("messaging.destination.name", record.topic())
                .tag("messaging.kafka.partition", String.valueOf(record.record().partition()))
                .tag("messaging.kafka.offset", String.valueOf(record.offset()))
                .tag("event.id", record.event().eventId().toString());
        String orderId = orderId(record);
        if (orderId != null) {
            span.tag(ORDER_ID_TAG, orderId);
        }
        return span;
    }

    private static String orderId(EventRecord record) {
        if (record.payload() instanceof CheckoutRequested checkout) {
            return checkout.orderId().toString();
        }
        return Topics.ORDERS.equals(record.topic()) || Topics.INVENTORY.equals(record.topic())
                ? record.record().key() : null;
    }

    /** The open spans of one batch's records. */
    final class Spans {

        private final Map<EventRecord, Span> byRecord;

        private Spans(Map<EventRecord, Span> byRecord) {
            this.byRecord = byRecord;
        }

        /**
         * Makes {@code record}'s span the current one until the scope closes (none for an unsampled
         * record, or none at all: what a timer publishes is not traced).
         */
        Tracer.SpanInScope open(EventRecord record) {
            return tracer.withSpan(byRecord.get(record));
        }

        /**
         * Copies an unsampled record's trace headers onto {@code headers} of what it caused; a
         * traced record's trace goes on through the send's observation instead.
         */
        void carryOn(EventRecord record, Headers headers) {
            if (record == null || byRecord.containsKey(record)) {
                return;
            }
            for (String name : TRACE_HEADERS) {
                Header header = record.record().headers().lastHeader(name);
                if (header != null) {
                    headers.add(name, header.value());
                }
            }
        }

        void deadLettered(EventRecord record, Exception reason) {
            Span span = byRecord.get(record);
            if (span != null) {
                span.tag("dead-lettered", "true").error(reason);
            }
        }

        void failed(Throwable error) {
            byRecord.values().forEach(span -> span.error(error));
        }

        void end() {
            byRecord.values().forEach(Span::end);
        }
    }
}
