package dev.orderpipeline.ops.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.orderpipeline.web.ProblemWriter;
import dev.orderpipeline.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/** Admin calls need {@code Authorization: Bearer <OPS_ADMIN_TOKEN>}; without a token set, none pass. */
class AdminTokenInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AdminTokenInterceptor.class);

    private final byte[] token;
    private final ProblemWriter problems;

    AdminTokenInterceptor(String token, ProblemWriter problems) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
        if (this.token == null) {
            log.warn("OPS_ADMIN_TOKEN is not set: every admin call will be refused with 401.");
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (token != null && header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(token, header.substring(7).getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        problems.write(Problems.unauthorized("Admin calls need Authorization: Bearer <admin token>."), response);
        return false;
    }
}
