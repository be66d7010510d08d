package dev.orderpipeline.storefront.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.documents.StockDocument;
import dev.orderpipeline.runtime.MongoDatabases;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Reads products ({@code catalog.products}) joined with their stock ({@code inventory.stock}). */
@Component
public class CatalogReader {

    private final MongoTemplate catalog;
    private final MongoTemplate inventory;
    /** Products are never deleted, so once seen a SKU stays known: adding to a cart costs no query. */
    private final Set<String> knownSkus = ConcurrentHashMap.newKeySet();

    public CatalogReader(MongoDatabases mongo) {
        this.catalog = mongo.catalog();
        this.inventory = mongo.inventory();
    }

    /** The part of a stock document the storefront shows (a projection: the holds are never read). */
    record Available(String sku, long available) {
    }

    public List<ProductView> all() {
        Map<String, Long> available = inventory.query(StockDocument.class).as(Available.class).all().stream()
                .collect(Collectors.toMap(Available::sku, Available::available));
        return catalog.findAll(ProductDocument.class).stream()
                .map(product -> view(product, available.getOrDefault(product.sku(), 0L)))
                .sorted(Comparator.comparing(ProductView::sku))
                .toList();
    }

    public boolean exists(String sku) {
        if (knownSkus.contains(sku)) {
            return true;
        }
        boolean exists = catalog.exists(query(where("_id").is(sku)), ProductDocument.class);
        if (exists) {
            knownSkus.add(sku);
        }
        return exists;
    }

    public Optional<ProductView> find(String sku) {
        ProductDocument product = catalog.findById(sku, ProductDocument.class);
        if (product == null) {
            return Optional.empty();
        }
        Optional<Available> stock = inventory.query(StockDocument.class).as(Available.class)
                .matching(where("_id").is(sku)).one();
        return Optional.of(view(product, stock.map(Available::available).orElse(0L)));
    }

    private static ProductView view(ProductDocument product, long available) {
        return new ProductView(product.sku(), product.name(), product.description(), product.priceCents(),
                product.currency(), available);
    }
}
