package dev.orderpipeline.inventory.catalog;

import java.time.Instant;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.inventory.reservation.StockStore;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** {@code catalog.products} (see {@link ProductDocument}); a new product gets an empty stock document. */
@Component
public class CatalogStore {

    private final MongoTemplate catalog;
    private final StockStore stock;

    public CatalogStore(MongoDatabases mongo, StockStore stock) {
        this.catalog = mongo.catalog();
        this.stock = stock;
    }

    public void upsert(ProductUpserted product) {
        catalog.upsert(query(where("_id").is(product.sku())), fields(product, false), ProductDocument.class);
        stock.createIfAbsent(product.sku(), 0);
    }

    /** Adds the product with its first stock unless it exists; never overwrites an admin's edits. */
    public void seed(ProductUpserted product, int units) {
        catalog.upsert(query(where("_id").is(product.sku())), fields(product, true), ProductDocument.class);
        stock.createIfAbsent(product.sku(), units);
    }

    public long count() {
        return catalog.count(new Query(), ProductDocument.class);
    }

    private static Update fields(ProductUpserted product, boolean onInsertOnly) {
        Update update = new Update();
        set(update, "name", product.name(), onInsertOnly);
        set(update, "description", product.description(), onInsertOnly);
        set(update, "priceCents", product.priceCents(), onInsertOnly);
        set(update, "currency", product.currency(), onInsertOnly);
        set(update, "updatedAt", Instant.now(), onInsertOnly);
        return update;
    }

    private static void set(Update update, String field, Object value, boolean onInsertOnly) {
        if (onInsertOnly) {
            update.setOnInsert(field, value);
        } else {
            update.set(field, value);
        }
    }
}
