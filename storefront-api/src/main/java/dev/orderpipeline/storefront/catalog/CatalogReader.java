package dev.orderpipeline.storefront.catalog;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Reads products ({@code catalog.products}) and their stock ({@code inventory.stock}) as stored now.
 * Shoppers are answered from {@link CatalogView}, which reads through this every few moments.
 */
@Component
public class CatalogReader {

    private final MongoTemplate catalog;
    private final MongoTemplate inventory;

    public CatalogReader(MongoDatabases mongo) {
        this.catalog = mongo.catalog();
        this.inventory = mongo.inventory();
    }

    /** The part of a stock document the storefront shows (a projection: the holds are never read). */
    record Available(String sku, long available) {
    }

    /** Every product and the units available of every SKU, in one query each. */
    record Stored(List<ProductDocument> products, Map<String, Long> available) {
    }

    Stored all() {
        Map<String, Long> available = inventory.query(StockDocument.class).as(Available.class).all().stream()
                .collect(Collectors.toMap(Available::sku, Available::available));
        return new Stored(catalog.findAll(ProductDocument.class), available);
    }

    boolean exists(String sku) {
        return catalog.exists(query(where("_id").is(sku)), ProductDocument.class);
    }
}
