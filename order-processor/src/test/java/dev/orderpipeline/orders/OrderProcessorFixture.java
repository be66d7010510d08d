package dev.orderpipeline.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.documents.CartDocument;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.orders.cart.CartStore;
import dev.orderpipeline.orders.checkout.CatalogPrices;
import dev.orderpipeline.orders.order.OrderStore;
import dev.orderpipeline.orders.order.PendingOrders;
import dev.orderpipeline.runtime.BatchRun;
import dev.orderpipeline.runtime.MongoDatabases;
import dev.orderpipeline.runtime.InMemoryMongo;
import dev.orderpipeline.runtime.restore.RestoreReplay;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The order processor's flow on its own MongoDB (mongo-java-server in memory, mapped as the service
 * maps it), with a small catalog: MUG 14.50, BEANS 18.90, FILTER 5.90 (EUR).
 */
final class OrderProcessorFixture implements AutoCloseable {

    static final Duration PENDING_TIMEOUT = Duration.ofMinutes(2);

    final InMemoryMongo mongo = new InMemoryMongo();
    final MongoDatabases databases = mongo.databases();
    final OrderStore orders = new OrderStore(databases);
    final PendingOrders pending = new PendingOrders(PENDING_TIMEOUT);
    final OrderFlow flow = new OrderFlow(new CartStore(databases), orders, new CatalogPrices(databases), pending,
            RestoreReplay.off());

    OrderProcessorFixture() {
        product("MUG", 1450);
        product("BEANS", 1890);
        product("FILTER", 590);
    }

    BatchRun onCartEvents(List<ConsumerRecord<String, byte[]>> records) {
        return BatchRun.of(records, flow::onCartEvents);
    }

    BatchRun onInventoryAnswers(List<ConsumerRecord<String, byte[]>> records) {
        return BatchRun.of(records, flow::onInventoryAnswers);
    }

    CartDocument cart(UUID cartId) {
        return databases.carts().findById(cartId, CartDocument.class);
    }

    OrderDocument order(UUID orderId) {
        return orders.find(orderId);
    }

    List<CartDocument> carts() {
        return databases.carts().findAll(CartDocument.class).stream()
                .sorted(Comparator.comparing(CartDocument::cartId)).toList();
    }

    List<OrderDocument> orders() {
        return databases.orders().findAll(OrderDocument.class).stream()
                .sorted(Comparator.comparing(OrderDocument::orderId)).toList();
    }

    private void product(String sku, long priceCents) {
        databases.catalog().insert(new ProductDocument(sku, sku.toLowerCase(), "", priceCents, "EUR", Instant.now()));
    }

    @Override
    public void close() {
        mongo.close();
    }
}
