package dev.orderpipeline.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The headers with which a browser defends a service's pages, on every answer (the pages, their
 * files, the API's answers and problems, the error dispatch): a Content-Security-Policy that allows
 * scripts, styles, fonts and requests from the service itself only, no inline script or style, no
 * plugins, and no framing by any site (clickjacking); {@code nosniff}, so a JSON answer is never run
 * as a script; no referrer sent with the page's links. HSTS only on an answer over TLS: the request
 * is secure, or came through a proxy that terminated TLS and says so in {@code X-Forwarded-Proto}
 * ({@code server.forward-headers-strategy: native} trusts that header from internal addresses only).
 * First of the service's filters, so the answers the others write themselves carry them too.
 */
@Component
@Order(SecurityHeaders.ORDER)
public class SecurityHeaders extends OncePerRequestFilter {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    /**
     * {@code default-src 'self'} covers scripts, styles, fonts and fetch/EventSource; images may also
     * be {@code data:} URLs (the page's empty favicon, Swagger UI's icons).
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** A year; subdomains are left to their own servers. */
    public static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    /** Sets the headers on {@code response} (also where Tomcat itself answers, before any filter). */
    public static void write(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY"); // frame-ancestors for browsers without CSP level 2
        response.setHeader("Referrer-Policy", "no-referrer");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        write(request, response);
        chain.doFilter(request, response);
    }

    /** An error dispatch follows a reset of the answer, which drops its headers: set them again. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
