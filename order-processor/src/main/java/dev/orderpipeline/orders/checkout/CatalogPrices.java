package dev.orderpipeline.orders.checkout;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.orderpipeline.runtime.MongoDatabases;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Reads current prices from {@code catalog.products} (owned by the inventory worker). */
@Component
public class CatalogPrices {

    private final MongoCollection<Document> products;

    public CatalogPrices(MongoDatabases mongo) {
        this.products = mongo.collection(MongoDatabases.CATALOG, "products");
    }

    public Map<String, Product> of(Collection<String> skus) {
        Map<String, Product> found = new HashMap<>();
        products.find(Filters.in("_id", skus)).forEach(doc -> found.put(doc.getString("_id"),
                new Product(doc.getString("_id"), ((Number) doc.get("priceCents")).longValue(),
                        doc.getString("currency"))));
        return found;
    }
}
