package dev.orderpipeline.orders.checkout;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Reads current prices from {@code catalog.products} (owned by the inventory worker), one query per batch. */
@Component
public class CatalogPrices {

    private final MongoTemplate catalog;

    public CatalogPrices(MongoDatabases mongo) {
        this.catalog = mongo.catalog();
    }

    public Map<String, ProductDocument> of(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Map.of();
        }
        return catalog.find(query(where("_id").in(skus)), ProductDocument.class).stream()
                .collect(Collectors.toMap(ProductDocument::sku, Function.identity()));
    }
}
