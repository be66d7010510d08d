package dev.orderpipeline.storefront.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.orderpipeline.runtime.MongoDatabases;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Reads products ({@code catalog.products}) joined with their stock ({@code inventory.stock}). */
@Component
public class CatalogReader {

    private final MongoCollection<Document> products;
    private final MongoCollection<Document> stock;
    /** Products are never deleted, so once seen a SKU stays known: adding to a cart costs no query. */
    private final java.util.Set<String> knownSkus = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public CatalogReader(MongoDatabases mongo) {
        this.products = mongo.collection(MongoDatabases.CATALOG, "products");
        this.stock = mongo.collection(MongoDatabases.INVENTORY, "stock");
    }

    public List<ProductView> all() {
        Map<String, Long> available = new HashMap<>();
        stock.find().projection(Projections.include("available"))
                .forEach(doc -> available.put(doc.getString("_id"), number(doc, "available")));
        return products.find().sort(Sorts.ascending("_id")).into(new java.util.ArrayList<>()).stream()
                .map(doc -> view(doc, available.getOrDefault(doc.getString("_id"), 0L)))
                .sorted(java.util.Comparator.comparing(ProductView::sku))
                .toList();
    }

    public boolean exists(String sku) {
        if (knownSkus.contains(sku)) {
            return true;
        }
        boolean exists = products.find(Filters.eq("_id", sku)).projection(Projections.include("_id")).first() != null;
        if (exists) {
            knownSkus.add(sku);
        }
        return exists;
    }

    public Optional<ProductView> find(String sku) {
        Document product = products.find(Filters.eq("_id", sku)).first();
        if (product == null) {
            return Optional.empty();
        }
        Document units = stock.find(Filters.eq("_id", sku)).projection(Projections.include("available")).first();
        return Optional.of(view(product, units == null ? 0 : number(units, "available")));
    }

    private static ProductView view(Document doc, long available) {
        String description = doc.getString("description");
        return new ProductView(doc.getString("_id"), doc.getString("name"), description == null ? "" : description,
                number(doc, "priceCents"), doc.getString("currency"), available);
    }

    private static long number(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
