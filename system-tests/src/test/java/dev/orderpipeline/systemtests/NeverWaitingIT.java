package dev.orderpipeline.systemtests;

import java.time.Duration;
import java.util.UUID;

import dev.orderpipeline.localstack.LocalStack;
import dev.orderpipeline.storefrontclient.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storefront answers cart writes and checkouts from the request alone: with the order processor
 * stopped (its projection not moving at all) shoppers still fill carts and check out, and the
 * orders are made when it is back.
 */
class NeverWaitingIT {

    private final Api api = Pipeline.api();

    @Test
    void cartsAndCheckoutsAreAnsweredWhileTheOrderProcessorIsStopped() {
        LocalStack stack = Pipeline.stack();
        String sku = Skus.unique("NOWAIT");
        api.createProduct(sku, 400, 20);
        stack.orderProcessor().stop(Duration.ofSeconds(30));
        try {
            long started = System.nanoTime();
            UUID[] orders = new UUID[5];
            for (int i = 0; i < orders.length; i++) {
                UUID cart = api.openCart();
                api.addItem(cart, sku, 1);
                api.addItem(cart, sku, 1);
                assertThat(api.get("/api/carts/" + cart).text("status")).isEqualTo("OPEN");
                Reply accepted = api.checkout(cart, "nowait-" + i);
                assertThat(accepted.status()).isEqualTo(202);
                orders[i] = UUID.fromString(accepted.text("orderId"));
            }
            System.out.printf("never waiting: 5 carts filled and checked out with the order processor stopped in %d ms%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            assertThat(api.get("/api/orders/" + orders[0]).status()).as("no order before its processor runs").isEqualTo(404);

            stack.orderProcessor().start();
            stack.awaitReady(stack.orderProcessor());
            for (UUID order : orders) {
                assertThat(api.awaitFinal(order).path("status").asString()).isEqualTo("CONFIRMED");
            }
            api.awaitAvailable(sku, 10);
        } finally {
            if (!stack.orderProcessor().isAlive()) {
                stack.orderProcessor().start();
                stack.awaitReady(stack.orderProcessor());
            }
        }
    }
}
