package dev.orderpipeline.ops.admin;

import java.util.Optional;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The units of a product available as stored now ({@code catalog.products}, {@code inventory.stock}):
 * a stock adjustment's check, which must not trail the inventory.
 */
@Component
class StockLevels {

    /** The part of a stock document the check reads (a projection: the holds are never read). */
    record Available(String sku, long available) {
    }

    private final MongoTemplate catalog;
    private final MongoTemplate inventory;

    StockLevels(MongoDatabases mongo) {
        this.catalog = mongo.catalog();
        this.inventory = mongo.inventory();
    }

    /** The available units of {@code sku}, 0 for a product with no stock yet; empty for an unknown product. */
    Optional<Long> available(String sku) {
        if (!catalog.exists(query(where("_id").is(sku)), ProductDocument.class)) {
            return Optional.empty();
        }
        return Optional.of(inventory.query(StockDocument.class).as(Available.class).matching(where("_id").is(sku)).one()
                .map(Available::available).orElse(0L));
    }
}
