package dev.orderpipeline.inventory.catalog;

import java.time.Instant;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.inventory.reservation.StockStore;
import dev.orderpipeline.runtime.MongoDatabases;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/** {@code catalog.products}: one document per SKU with name, description and price. */
@Component
public class CatalogStore {

    private final MongoCollection<Document> products;
    private final StockStore stock;

    public CatalogStore(MongoDatabases mongo, StockStore stock) {
        this.products = mongo.collection(MongoDatabases.CATALOG, "products");
        this.stock = stock;
    }

    public void upsert(ProductUpserted product) {
        products.updateOne(Filters.eq("_id", product.sku()), fields(product, false), new UpdateOptions().upsert(true));
        stock.createIfAbsent(product.sku(), 0);
    }

    /** Adds the product with its first stock unless it exists; never overwrites an admin's edits. */
    public void seed(ProductUpserted product, int units) {
        products.updateOne(Filters.eq("_id", product.sku()), fields(product, true), new UpdateOptions().upsert(true));
        stock.createIfAbsent(product.sku(), units);
    }

    public long count() {
        return products.countDocuments();
    }

    private static Bson fields(ProductUpserted product, boolean onInsertOnly) {
        return Updates.combine(
                set("name", product.name(), onInsertOnly),
                set("description", product.description(), onInsertOnly),
                set("priceCents", product.priceCents(), onInsertOnly),
                set("currency", product.currency(), onInsertOnly),
                set("updatedAt", Instant.now(), onInsertOnly));
    }

    private static Bson set(String field, Object value, boolean onInsertOnly) {
        return onInsertOnly ? Updates.setOnInsert(field, value) : Updates.set(field, value);
    }
}
