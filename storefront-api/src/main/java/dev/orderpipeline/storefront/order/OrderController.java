package dev.orderpipeline.storefront.order;

import java.util.UUID;

import dev.orderpipeline.storefront.web.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OrderController {

    private final OrderReader orders;

    OrderController(OrderReader orders) {
        this.orders = orders;
    }

    @GetMapping("/api/orders/{orderId}")
    OrderView order(@PathVariable String orderId) {
        return orders.find(parse(orderId)).orElseThrow(() -> unknown(orderId));
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
