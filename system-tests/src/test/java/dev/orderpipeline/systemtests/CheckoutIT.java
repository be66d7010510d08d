package dev.orderpipeline.systemtests;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.storefrontclient.Reply;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Checkouts through the REST API, against the real pipeline. */
class CheckoutIT {

    private final Api api = Pipeline.api();

    @Test
    void aCheckoutBecomesAConfirmedOrderPricedFromTheCatalog() {
        String mug = Skus.unique("MUG");
        String beans = Skus.unique("BEANS");
        api.createProduct(mug, 1450, 10);
        api.createProduct(beans, 1890, 10);

        UUID orderId = api.order(lines(mug, 2, beans, 1));
        JsonNode order = api.awaitFinal(orderId);

        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.path("totalCents").asLong()).isEqualTo(2 * 1450 + 1890);
        assertThat(order.path("currency").asString()).isEqualTo("EUR");
        assertThat(order.path("lines")).hasSize(2);
        assertThat(order.path("reason").isNull()).isTrue();
        assertThat(order.path("createdAt").asString()).endsWith("Z");
        api.awaitAvailable(mug, 8);
        api.awaitAvailable(beans, 9);
        await().untilAsserted(() -> assertThat(Stock.of(mug).assertConserved())
                .extracting(Stock::sold, Stock::held, Stock::holds).containsExactly(2L, 0L, 0));
    }

    @Test
    void anOrderForMoreThanTheStockIsRejectedNamingTheSku() {
        String sku = Skus.unique("SCARCE");
        api.createProduct(sku, 500, 3);

        JsonNode order = api.awaitFinal(api.order(lines(sku, 4)));

        assertThat(order.path("status").asString()).isEqualTo("REJECTED");
        assertThat(order.path("reason").asString()).isEqualTo("OUT_OF_STOCK: " + sku);
        api.awaitAvailable(sku, 3);
        assertThat(Stock.of(sku).assertConserved().available()).as("nothing held").isEqualTo(3);
    }

    @Test
    void aMultiLineOrderWithOneShortLineIsRejectedAndReleasesTheOtherLines() {
        String plenty = Skus.unique("PLENTY");
        String alsoPlenty = Skus.unique("PLENTY");
        String scarce = Skus.unique("SCARCE");
        api.createProduct(plenty, 100, 50);
        api.createProduct(alsoPlenty, 100, 50);
        api.createProduct(scarce, 100, 1);

        JsonNode order = api.awaitFinal(api.order(lines(plenty, 5, scarce, 2, alsoPlenty, 7)));

        assertThat(order.path("status").asString()).isEqualTo("REJECTED");
        assertThat(order.path("reason").asString()).isEqualTo("OUT_OF_STOCK: " + scarce);
        for (String sku : new String[] {plenty, alsoPlenty, scarce}) {
            Stock stock = Stock.of(sku).assertConserved();
            assertThat(stock.held()).as("held of " + sku).isZero();
            assertThat(stock.holds()).as("holds of " + sku).isZero();
            assertThat(stock.sold()).as("sold of " + sku).isZero();
        }
        api.awaitAvailable(plenty, 50);
        api.awaitAvailable(alsoPlenty, 50);
        api.awaitAvailable(scarce, 1);
    }

    @Test
    void aRetriedCheckoutWithTheSameKeyGivesTheSameOrderAndTakesStockOnce() {
        String sku = Skus.unique("RETRY");
        api.createProduct(sku, 700, 10);
        UUID cart = api.openCart();
        api.addItem(cart, sku, 3);

        Reply first = api.checkout(cart, "retry-key");
        Reply retry = api.checkout(cart, "retry-key");
        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.text("orderId")).isEqualTo(first.text("orderId"));
        assertThat(first.text("status")).isEqualTo("PENDING");
        assertThat(first.header("Location")).hasValue("/api/orders/" + first.text("orderId"));

        UUID orderId = UUID.fromString(first.text("orderId"));
        assertThat(api.awaitFinal(orderId).path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(api.checkout(cart, "retry-key").text("orderId")).isEqualTo(orderId.toString());
        assertThat(api.checkout(cart, "another-key").status()).isEqualTo(409);
        api.awaitAvailable(sku, 7);
        assertThat(Stock.of(sku).assertConserved().sold()).isEqualTo(3);
    }

    @Test
    void theCartViewFollowsItsEvents() {
        String a = Skus.unique("CARTA");
        String b = Skus.unique("CARTB");
        api.createProduct(a, 100, 5);
        api.createProduct(b, 100, 5);
        UUID cart = api.openCart();
        api.addItem(cart, a, 1);
        api.addItem(cart, a, 2);
        api.addItem(cart, b, 1);
        assertThat(api.delete("/api/carts/" + cart + "/items/" + b).status()).isEqualTo(202);

        await().untilAsserted(() -> {
            JsonNode view = api.get("/api/carts/" + cart).body();
            assertThat(view.path("status").asString()).isEqualTo("OPEN");
            assertThat(view.path("items")).hasSize(1);
            assertThat(view.path("items").get(0).path("sku").asString()).isEqualTo(a);
            assertThat(view.path("items").get(0).path("quantity").asInt()).isEqualTo(3);
        });
        assertThat(api.checkout(cart, "k").status()).isEqualTo(202);
        await().untilAsserted(() -> assertThat(api.get("/api/carts/" + cart).text("status")).isEqualTo("CHECKED_OUT"));
        // refused once the storefront has seen the checkout's order announced, a moment after the view shows it
        await().untilAsserted(() -> assertThat(api.post("/api/carts/" + cart + "/items",
                "{\"sku\":\"" + a + "\",\"quantity\":1}", Map.of()).status()).isEqualTo(409));
    }

    @Test
    void aCheckoutOfAnEmptyCartIsAcceptedAndBecomesAnOrderRejectedAsEmpty() {
        UUID cart = api.openCart();

        Reply accepted = api.checkout(cart, "empty");

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode order = api.awaitFinal(UUID.fromString(accepted.text("orderId")));
        assertThat(order.path("status").asString()).isEqualTo("REJECTED");
        assertThat(order.path("reason").asString()).isEqualTo("EMPTY_CART");
    }

    @Test
    void anItemAddedRightAfterTheCheckoutIsIgnoredByTheOrder() {
        String sku = Skus.unique("LATE");
        String late = Skus.unique("LATE");
        api.createProduct(sku, 300, 10);
        api.createProduct(late, 300, 10);
        UUID cart = api.openCart();
        api.addItem(cart, sku, 1);

        Reply accepted = api.checkout(cart, "late");
        int lateAdd = api.post("/api/carts/" + cart + "/items", "{\"sku\":\"" + late + "\",\"quantity\":1}", Map.of())
                .status();

        assertThat(lateAdd).as("accepted, or refused once the view shows the checkout").isIn(202, 409);
        JsonNode order = api.awaitFinal(UUID.fromString(accepted.text("orderId")));
        assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.path("lines").findValuesAsString("sku")).containsExactly(sku);
        await().untilAsserted(() -> {
            JsonNode view = api.get("/api/carts/" + cart).body();
            assertThat(view.path("status").asString()).isEqualTo("CHECKED_OUT");
            assertThat(view.path("items").findValuesAsString("sku")).containsExactly(sku);
        });
        api.awaitAvailable(sku, 9);
        api.awaitAvailable(late, 10);
        assertThat(Stock.of(late).assertConserved().available()).as("the late item took nothing").isEqualTo(10);
    }

    @Test
    void aSecondCheckoutUnderAnotherKeyIsRefusedOrRejectedNamingTheFirstOrder() {
        String sku = Skus.unique("TWICE");
        api.createProduct(sku, 300, 10);
        UUID cart = api.openCart();
        api.addItem(cart, sku, 1);

        Reply first = api.checkout(cart, "first");
        Reply second = api.checkout(cart, "second");

        UUID firstOrder = UUID.fromString(first.text("orderId"));
        assertThat(api.awaitFinal(firstOrder).path("status").asString()).isEqualTo("CONFIRMED");
        if (second.status() == 202) {
            JsonNode rejected = api.awaitFinal(UUID.fromString(second.text("orderId")));
            assertThat(rejected.path("status").asString()).isEqualTo("REJECTED");
            assertThat(rejected.path("reason").asString()).isEqualTo("ALREADY_CHECKED_OUT: " + firstOrder);
        } else {
            assertThat(second.status()).as("refused once the view shows the first checkout").isEqualTo(409);
        }
        api.awaitAvailable(sku, 9);
    }

    static Map<String, Integer> lines(Object... skuAndQuantity) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            lines.put((String) skuAndQuantity[i], (Integer) skuAndQuantity[i + 1]);
        }
        return lines;
    }
}
