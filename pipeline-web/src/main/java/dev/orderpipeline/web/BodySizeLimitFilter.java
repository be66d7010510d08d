package dev.orderpipeline.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over 64 KiB with 413: at once when Content-Length says so, otherwise (chunked
 * bodies) as soon as the 64 KiB + 1st byte is read.
 */
@Component
@Order(SecurityHeaders.ORDER + 1)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final ProblemWriter problems;

    BodySizeLimitFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            // the body stays unread: the connection cannot serve another request
            response.setHeader(HttpHeaders.CONNECTION, "close");
            problems.write(Problems.contentTooLarge(MAX_BODY_BYTES), response);
            return;
        }
        chain.doFilter(new LimitedRequest(request), response);
    }

    /** A read of the body fails with an IOException; this one's cause is the 413 to answer. */
    private static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body larger than " + MAX_BODY_BYTES + " bytes", Problems.contentTooLarge(MAX_BODY_BYTES));
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new LimitedInputStream(super.getInputStream());
            }
            return limited;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private long count;

        LimitedInputStream(ServletInputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws BodyTooLargeException {
            count += n;
            if (count > MAX_BODY_BYTES) {
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
