package dev.orderpipeline.inventory.catalog;

import java.time.Instant;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** {@code catalog.products} (see {@link ProductDocument}): the products, without their stock. */
@Component
public class CatalogStore {

    private final MongoTemplate catalog;

    public CatalogStore(MongoDatabases mongo) {
        this.catalog = mongo.catalog();
    }

    public void upsert(ProductUpserted product) {
        catalog.upsert(query(where("_id").is(product.sku())), fields(product, false), ProductDocument.class);
    }

    /** Adds the product unless it exists; never overwrites an admin's edits. */
    public void seed(ProductUpserted product) {
        catalog.upsert(query(where("_id").is(product.sku())), fields(product, true), ProductDocument.class);
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
