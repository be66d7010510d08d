package dev.orderpipeline.orders.checkout;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.events.OrderLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PricingTest {

    private static final Map<String, ProductDocument> CATALOG = Map.of(
            "MUG", product("MUG", 1450, "EUR"),
            "BEANS", product("BEANS", 1890, "EUR"),
            "DOLLAR-MUG", product("DOLLAR-MUG", 1500, "USD"));

    @Test
    void pricesEveryLineFromTheCatalogInSkuOrder() {
        Pricing.Priced priced = Pricing.price(items("MUG", 2, "BEANS", 1), CATALOG);

        assertThat(priced.isRejected()).isFalse();
        assertThat(priced.lines()).containsExactly(new OrderLine("BEANS", 1, 1890), new OrderLine("MUG", 2, 1450));
        assertThat(priced.totalCents()).isEqualTo(2 * 1450 + 1890);
        assertThat(priced.currency()).isEqualTo("EUR");
    }

    @Test
    void anEmptyCartCannotBeOrdered() {
        assertThat(Pricing.price(new TreeMap<>(), CATALOG).rejection().text()).isEqualTo("EMPTY_CART");
    }

    @Test
    void unknownProductsAreNamedInSkuOrder() {
        Pricing.Priced priced = Pricing.price(items("MUG", 1, "GONE-2", 1, "GONE-1", 3), CATALOG);
        assertThat(priced.rejection().text()).isEqualTo("UNKNOWN_PRODUCT: GONE-1, GONE-2");
    }

    @Test
    void oneOrderHasOneCurrency() {
        assertThat(Pricing.price(items("MUG", 1, "DOLLAR-MUG", 1), CATALOG).rejection().text())
                .isEqualTo("MIXED_CURRENCY: DOLLAR-MUG, MUG");
    }

    @Test
    void anOrderInAnotherCurrencyIsPricedInIt() {
        Pricing.Priced priced = Pricing.price(items("DOLLAR-MUG", 3), CATALOG);

        assertThat(priced.isRejected()).isFalse();
        assertThat(priced.currency()).isEqualTo("USD");
        assertThat(priced.totalCents()).isEqualTo(4500);
    }

    private static ProductDocument product(String sku, long priceCents, String currency) {
        return new ProductDocument(sku, sku.toLowerCase(), null, priceCents, currency, Instant.now());
    }

    private static TreeMap<String, Integer> items(Object... skuAndQuantity) {
        TreeMap<String, Integer> items = new TreeMap<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            items.put((String) skuAndQuantity[i], (Integer) skuAndQuantity[i + 1]);
        }
        return items;
    }
}
