package dev.orderpipeline.storefront.web;

import java.io.IOException;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names an API request's trace in its response when the trace is recorded: {@code X-Trace-Id}, and
 * {@code X-Trace-Url} (the trace in the trace UI) when {@code storefront.tracing.ui-url} is set. The
 * order page links a checkout's order to its trace this way. Runs inside Spring Boot's HTTP
 * observation, whose span is the request's.
 */
@Component
@EnableConfigurationProperties(TraceHeaders.TracingProperties.class)
class TraceHeaders extends OncePerRequestFilter {

    /** @param uiUrl a trace's page in the trace UI without the trace id, e.g. {@code http://localhost:9411/zipkin/traces/} */
    @ConfigurationProperties("storefront.tracing")
    record TracingProperties(@DefaultValue("") String uiUrl) {
    }

    private final Tracer tracer;
    private final String uiUrl;

    TraceHeaders(ObjectProvider<Tracer> tracer, TracingProperties properties) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.uiUrl = properties.uiUrl().strip();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Span span = tracer.currentSpan();
        if (span != null && Boolean.TRUE.equals(span.context().sampled())) {
            String traceId = span.context().traceId();
            response.setHeader("X-Trace-Id", traceId);
            if (!uiUrl.isEmpty()) {
                response.setHeader("X-Trace-Url", uiUrl + traceId);
            }
        }
        chain.doFilter(request, response);
    }
}
