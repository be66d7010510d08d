package dev.orderpipeline.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services' OTLP export as Kubernetes configures it: with
 * {@code management.opentelemetry.tracing.export.otlp.endpoint} set, a recorded span reaches that
 * endpoint as an OTLP/HTTP protobuf POST (here a JDK HTTP server standing in for an OpenTelemetry
 * Collector's {@code /v1/traces}); without it, nothing is exported.
 */
class OtlpExportTest {

    record Received(String method, String path, String contentType, byte[] body) {

        /** The body's bytes as chars one to one: protobuf keeps strings as UTF-8 and ids as raw bytes. */
        String bytes() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final ApplicationContextRunner services = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
                    PipelineTracingAutoConfiguration.class))
            .withPropertyValues("spring.application.name=order-processor", "management.tracing.sampling.probability=1.0");
    private HttpServer collector;

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", this::receive);
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
            // an empty ExportTraceServiceResponse: every span accepted
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Test
    void aSpanIsPostedToTheCollectorsOtlpEndpoint() {
        String orderId = UUID.randomUUID().toString();
        services.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                        + collector.getAddress().getPort() + "/v1/traces")
                .run(context -> {
                    Span span = context.getBean(Tracer.class).nextSpan().name("handle CheckoutRequested")
                            .tag(RecordTracing.ORDER_ID_TAG, orderId).start();
                    span.end();
                    assertThat(context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS)
                            .isSuccess()).as("exported").isTrue();

                    Received export = received.poll(10, TimeUnit.SECONDS);
                    assertThat(export).as("a request to the collector").isNotNull();
                    assertThat(export.method()).isEqualTo("POST");
                    assertThat(export.path()).isEqualTo("/v1/traces");
                    assertThat(export.contentType()).isEqualTo("application/x-protobuf");
                    assertThat(export.bytes()).contains("handle CheckoutRequested", RecordTracing.ORDER_ID_TAG, orderId,
                            "order-processor", new String(HexFormat.of().parseHex(span.context().traceId()),
                                    StandardCharsets.ISO_8859_1));
                });
    }

    @Test
    void withoutAnEndpointNothingIsExported() {
        services.run(context -> {
            assertThat(context).doesNotHaveBean(SpanExporter.class);
            context.getBean(Tracer.class).nextSpan().name("handle CheckoutRequested").start().end();
            context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
            assertThat(received.poll(1, TimeUnit.SECONDS)).isNull();
        });
    }
}
