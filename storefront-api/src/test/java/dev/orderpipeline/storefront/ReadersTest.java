package dev.orderpipeline.storefront;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.documents.CartDocument;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.runtime.InMemoryMongo;
import dev.orderpipeline.storefront.cart.CartReader;
import dev.orderpipeline.storefront.cart.CartView;
import dev.orderpipeline.storefront.order.OrderReader;
import dev.orderpipeline.storefront.order.OrderView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The storefront's readers on the documents the workers write, as they stand, never waiting for them. */
class ReadersTest {

    private final InMemoryMongo mongo = new InMemoryMongo();

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void aCartNotProjectedYetIsAnEmptyOpenCart() {
        UUID cartId = UUID.randomUUID();

        assertThat(new CartReader(mongo.databases()).find(cartId))
                .isEqualTo(new CartView(cartId, "OPEN", List.of(), 0, null));
    }

    @Test
    void aProjectedCartShowsItsItemsInSkuOrderItsStatusAndItsOrder() {
        UUID cartId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        Instant now = Instant.now();
        mongo.databases().carts().insert(CartDocument.opened(cartId, 0, now).withQuantity("MUG", 2, 1, now)
                .withQuantity("BEANS", 1, 2, now).checkedOut(orderId, UUID.randomUUID(), 3, now));

        assertThat(new CartReader(mongo.databases()).find(cartId)).isEqualTo(new CartView(cartId, "CHECKED_OUT",
                List.of(new CartView.Item("BEANS", 1), new CartView.Item("MUG", 2)), 3, orderId));
    }

    @Test
    void ordersAreReadInOneQueryAndOnlyThoseRecordedAreFound() {
        UUID recorded = UUID.randomUUID();
        mongo.databases().orders().insert(OrderDocument.created(recorded, UUID.randomUUID(),
                List.of(new OrderLine("MUG", 2, 1450)), 2900, "EUR", null, new Customer("ann@example.com", "Ann"),
                UUID.randomUUID(), Instant.now()));
        OrderReader orders = new OrderReader(mongo.databases());

        assertThat(orders.findAll(List.of(recorded, UUID.randomUUID()))).containsOnlyKeys(recorded);
        assertThat(orders.find(recorded)).hasValueSatisfying(order -> {
            assertThat(order.status()).isEqualTo("PENDING");
            assertThat(order.totalCents()).isEqualTo(2900);
            assertThat(order.lines()).containsExactly(new OrderView.Line("MUG", 2, 1450));
        });
    }
}
