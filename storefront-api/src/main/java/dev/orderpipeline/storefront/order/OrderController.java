package dev.orderpipeline.storefront.order;

import java.util.UUID;

import dev.orderpipeline.storefront.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class OrderController {

    private final OrderReader orders;
    private final OrderWatcher watcher;

    OrderController(OrderReader orders, OrderWatcher watcher) {
        this.orders = orders;
        this.watcher = watcher;
    }

    @GetMapping("/api/orders/{orderId}")
    OrderView order(@PathVariable String orderId) {
        return orders.find(parse(orderId)).orElseThrow(() -> unknown(orderId));
    }

    /**
     * {@code text/event-stream} of events named {@code status} (data: the order as above): the
     * current status first, then one per change; closed after a final status.
     */
    @GetMapping("/api/orders/{orderId}/events")
    SseEmitter events(@PathVariable String orderId, HttpServletResponse response) {
        UUID id = parse(orderId);
        // Right after a checkout the order is not recorded yet: wait for it here, on the watcher's
        // shared query, rather than have every client retry a 404.
        OrderView current = orders.find(id).or(() -> watcher.awaitFirstView(id)).orElseThrow(() -> unknown(orderId));
        // Proxies must pass events on at once (ingress-nginx honours X-Accel-Buffering); the
        // heartbeat comments keep idle connections under load balancers' idle timeouts.
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store");
        response.setHeader("X-Accel-Buffering", "no");
        return watcher.open(current);
    }

    static UUID parse(String orderId) {
        try {
            return UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            throw unknown(orderId);
        }
    }

    static ApiProblem unknown(String orderId) {
        return ApiProblem.notFound("unknown order " + orderId + " (a new order appears a moment after checkout)");
    }
}
