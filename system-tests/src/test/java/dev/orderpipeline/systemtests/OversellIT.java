package dev.orderpipeline.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.orderpipeline.storefrontclient.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Many shoppers race for scarce stock: exactly the stock is sold, never more. */
class OversellIT {

    private static final int SHOPPERS = 120;
    private static final int STOCK = 20;

    private final Api api = Pipeline.api();

    @Test
    void concurrentCheckoutsNeverOversell() throws Exception {
        String sku = Skus.unique("RACE");
        api.createProduct(sku, 999, STOCK);

        try (ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<UUID>> carts = new ArrayList<>();
            for (int i = 0; i < SHOPPERS; i++) {
                carts.add(shoppers.submit(() -> {
                    UUID cart = api.openCart();
                    api.addItem(cart, sku, 1);
                    return cart;
                }));
            }
            List<UUID> cartIds = new ArrayList<>();
            for (Future<UUID> cart : carts) {
                cartIds.add(cart.get());
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<UUID>> orders = new ArrayList<>();
            for (UUID cartId : cartIds) {
                orders.add(shoppers.submit(() -> {
                    go.await();
                    Reply accepted = api.checkout(cartId, "race");
                    assertThat(accepted.status()).as(accepted.bodyText()).isEqualTo(202);
                    return UUID.fromString(accepted.text("orderId"));
                }));
            }
            go.countDown();

            int confirmed = 0;
            int rejected = 0;
            for (Future<UUID> order : orders) {
                var result = api.awaitFinal(order.get());
                switch (result.path("status").asString()) {
                    case "CONFIRMED" -> confirmed++;
                    case "REJECTED" -> {
                        rejected++;
                        assertThat(result.path("reason").asString()).isEqualTo("OUT_OF_STOCK: " + sku);
                    }
                    default -> throw new AssertionError("unexpected final status: " + result);
                }
            }
            System.out.printf("oversell race: %d checkouts of 1 unit on a stock of %d -> %d CONFIRMED, %d REJECTED%n",
                    SHOPPERS, STOCK, confirmed, rejected);
            assertThat(confirmed).isEqualTo(STOCK);
            assertThat(rejected).isEqualTo(SHOPPERS - STOCK);
        }
        Stock stock = Stock.of(sku).assertConserved();
        assertThat(stock.available()).isZero();
        assertThat(stock.sold()).isEqualTo(STOCK);
        assertThat(stock.holds()).isZero();
        api.awaitAvailable(sku, 0);
    }
}
