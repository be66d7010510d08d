package dev.orderpipeline.orders.checkout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.events.CatalogRules;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.Reason;

/**
 * Prices a cart from the catalog. Prices never come from the client. A cart that cannot become an
 * order gets a rejection {@link Reason}: its code and the SKUs concerned.
 */
public final class Pricing {

    public static final String DEFAULT_CURRENCY = "EUR";

    private Pricing() {
    }

    public record Priced(List<OrderLine> lines, long totalCents, String currency, Reason rejection) {
        public boolean isRejected() {
            return rejection != null;
        }
    }

    public static Priced price(Map<String, Integer> items, Map<String, ProductDocument> catalog) {
        if (items.isEmpty()) {
            return new Priced(List.of(), 0, DEFAULT_CURRENCY, Reason.emptyCart());
        }
        List<OrderLine> lines = new ArrayList<>();
        TreeSet<String> currencies = new TreeSet<>();
        TreeMap<String, Integer> bySku = new TreeMap<>(items);
        bySku.forEach((sku, quantity) -> {
            ProductDocument product = catalog.get(sku);
            if (product == null) {
                lines.add(new OrderLine(sku, quantity, 0));
            } else {
                currencies.add(product.currency());
                lines.add(new OrderLine(sku, quantity, product.priceCents()));
            }
        });
        long total = lines.stream().mapToLong(OrderLine::totalCents).sum();
        String currency = currencies.isEmpty() ? DEFAULT_CURRENCY : currencies.first();
        Reason rejection = CatalogRules.unknownProducts(bySku.keySet(), catalog::containsKey).orElse(null);
        if (rejection == null && currencies.size() > 1) {
            rejection = Reason.of(Reason.Code.MIXED_CURRENCY, bySku.keySet());
        }
        return new Priced(List.copyOf(lines), total, currency, rejection);
    }
}
