package dev.orderpipeline.inventory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.events.StockAdjusted;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.inventory.catalog.CatalogStore;
import dev.orderpipeline.inventory.reservation.AssignmentEpochs;
import dev.orderpipeline.inventory.reservation.ReservationDocument;
import dev.orderpipeline.inventory.reservation.ReservationStore;
import dev.orderpipeline.inventory.reservation.StockStore;
import dev.orderpipeline.runtime.BatchRun;
import dev.orderpipeline.runtime.restore.RestoreReplay;
import dev.orderpipeline.runtime.InMemoryMongo;
import dev.orderpipeline.runtime.TopicLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import static org.assertj.core.api.Assertions.assertThat;

/** The inventory worker's flow on its own MongoDB (mongo-java-server in memory, mapped as the service maps it). */
final class InventoryFixture implements AutoCloseable {

    final InMemoryMongo mongo = new InMemoryMongo();
    final TopicLog log = new TopicLog(Topics.PARTITIONS);
    private final StockStore stock = new StockStore(mongo.databases());
    private final InventoryFlow flow = new InventoryFlow(stock, new ReservationStore(mongo.databases()),
            new CatalogStore(mongo.databases()), new AssignmentEpochs(mongo.databases()), RestoreReplay.off());

    BatchRun onOrderEvents(List<ConsumerRecord<String, byte[]>> records) {
        return BatchRun.of(records, flow::onOrderEvents);
    }

    BatchRun onOrderEvents(EventEnvelope... events) {
        return onOrderEvents(log.append(events));
    }

    BatchRun onCatalogEvents(List<ConsumerRecord<String, byte[]>> records) {
        return BatchRun.of(records, flow::onCatalogEvents);
    }

    BatchRun onCatalogEvents(EventEnvelope... events) {
        return onCatalogEvents(log.append(events));
    }

    /** A product with {@code units} in stock, as the admin API creates it. */
    void product(String sku, int units) {
        onCatalogEvents(EventEnvelope.of(new ProductUpserted(sku, sku.toLowerCase(), "", 100, "EUR"), sku),
                EventEnvelope.of(new StockAdjusted(sku, units, "delivery"), sku));
    }

    StockDocument stock(String sku) {
        return mongo.databases().inventory().findById(sku, StockDocument.class);
    }

    ProductDocument product(String sku) {
        return mongo.databases().catalog().findById(sku, ProductDocument.class);
    }

    ReservationDocument reservation(UUID orderId) {
        return mongo.databases().inventory().findById(orderId, ReservationDocument.class);
    }

    List<StockDocument> allStock() {
        return mongo.databases().inventory().findAll(StockDocument.class).stream()
                .sorted(Comparator.comparing(StockDocument::sku)).toList();
    }

    List<ReservationDocument> allReservations() {
        return mongo.databases().inventory().findAll(ReservationDocument.class);
    }

    /** The stored document of a collection of {@code inventory}, as it is, to put back later. */
    Document stored(String collection, Object id) {
        return mongo.collection("inventory", collection).find(new Document("_id", id)).first();
    }

    void restore(String collection, Object id, Document before) {
        mongo.collection("inventory", collection).deleteOne(new Document("_id", id));
        if (before != null) {
            mongo.collection("inventory", collection).insertOne(before);
        }
    }

    /**
     * For every SKU: units are conserved (available + held + sold == stocked), none is negative, the
     * held units are the holds recorded on the SKU, and those are exactly the lines of the orders
     * whose reservation is HELD.
     */
    void assertStockConsistent() {
        Map<String, Map<String, Integer>> heldByReservations = new HashMap<>();
        allReservations().stream().filter(reservation -> reservation.state() == ReservationDocument.State.HELD)
                .forEach(reservation -> reservation.lines().forEach(line -> heldByReservations
                        .computeIfAbsent(line.sku(), sku -> new HashMap<>())
                        .put(reservation.orderId().toString(), line.quantity())));
        for (StockDocument sku : allStock()) {
            assertThat(sku.available() + sku.held() + sku.sold()).as("units of %s", sku.sku()).isEqualTo(sku.stocked());
            assertThat(List.of(sku.available(), sku.held(), sku.sold())).as("counters of %s", sku.sku())
                    .allSatisfy(units -> assertThat(units).isNotNegative());
            assertThat(sku.holds().values().stream().mapToLong(Integer::longValue).sum())
                    .as("held units of %s", sku.sku()).isEqualTo(sku.held());
            assertThat(sku.holds()).as("holds of %s", sku.sku())
                    .isEqualTo(heldByReservations.getOrDefault(sku.sku(), Map.of()));
        }
    }

    @Override
    public void close() {
        mongo.close();
    }
}
