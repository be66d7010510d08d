package dev.orderpipeline.storefront.order;

import java.util.UUID;

import dev.orderpipeline.web.ProblemResponses;
import dev.orderpipeline.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@Tag(name = "Orders")
@RestController
class OrderController {

    private final OrderReader orders;
    private final OrderWatcher watcher;

    OrderController(OrderReader orders, OrderWatcher watcher) {
        this.orders = orders;
        this.watcher = watcher;
    }

    @Operation(operationId = "getOrder",
            summary = "An order and its status", description = "status is PENDING, CONFIRMED, REJECTED or"
            + " CANCELLED; reason (when REJECTED or CANCELLED) starts with a code: OUT_OF_STOCK, UNKNOWN_PRODUCT,"
            + " EXPIRED, EMPTY_CART or ALREADY_CHECKED_OUT. 404 while the order is not recorded yet.")
    @ApiResponse(responseCode = "200", description = "the order", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    @GetMapping("/api/orders/{orderId}")
    OrderView order(@PathVariable String orderId) {
        return orders.find(parse(orderId)).orElseThrow(() -> unknown(orderId));
    }

    /**
     * {@code text/event-stream} of events named {@code status} (data: the order as above): the
     * current status first, then one per change; closed after a final status.
     */
    @Operation(operationId = "streamOrderEvents",
            summary = "The order's status as a stream of server-sent events", description = "Events named"
            + " status whose data is the order: the current status first, one per change; the stream ends after a"
            + " final status. An order not recorded yet is waited for up to 3 s before the 404.")
    @ApiResponse(responseCode = "200", description = "text/event-stream of status events",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(implementation = OrderView.class)))
    @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
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

    static ErrorResponseException unknown(String orderId) {
        return Problems.notFound("unknown order " + orderId + " (a new order appears a moment after checkout)");
    }
}
