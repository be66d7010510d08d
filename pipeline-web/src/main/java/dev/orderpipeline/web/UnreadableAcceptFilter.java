package dev.orderpipeline.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An {@code Accept} header that is no list of media types is disregarded (RFC 9110 allows it), as if
 * absent: Spring would otherwise fail to negotiate even the problem that says what went wrong, and
 * answer with no body at all.
 */
@Component
@Order(SecurityHeaders.ORDER + 1)
class UnreadableAcceptFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(readable(request.getHeader(HttpHeaders.ACCEPT)) ? request : new WithoutAccept(request), response);
    }

    private static boolean readable(String accept) {
        if (accept == null) {
            return true;
        }
        try {
            MediaType.parseMediaTypes(accept);
            return true;
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static final class WithoutAccept extends HttpServletRequestWrapper {

        WithoutAccept(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(HttpHeaders.ACCEPT::equalsIgnoreCase);
            return Collections.enumeration(names);
        }
    }
}
