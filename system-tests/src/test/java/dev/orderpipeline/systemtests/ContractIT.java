package dev.orderpipeline.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.storefrontclient.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract exact to the byte: the API tests' scenarios and the answers they leave out, every answer
 * checked against the document of the service that gave it (docs/openapi.json, docs/ops-openapi.json) as it arrives ({@link ContractCheck}: a mismatch fails the call
 * that got it). Then every operation of the document has been answered with every status it
 * declares, but 503, which only an outage gives (MongoRestartIT, the storefront's KafkaDownTest).
 */
class ContractIT {

    private static final String OUTAGE_ONLY = "503";
    private static final String JSON = "application/json";

    private final Api api = Pipeline.api();

    record Case(String name, String method, String path, Map<String, String> headers, String body, int status) {
    }

    @Test
    void everyAnswerOfTheApiScenariosIsOneTheDocumentDescribes() {
        assertThat(ContractCheck.enabled()).as("-D" + ContractCheck.SWITCH).isTrue();
        driveTheApiTestsScenarios();
        for (Case c : theAnswersTheyLeaveOut()) {
            Reply reply = api.send(c.method(), c.path(), c.body(), c.headers());
            assertThat(reply.status()).as(c.name() + ": " + reply.bodyText()).isEqualTo(c.status());
        }

        ContractCheck check = ContractCheck.shared();
        Map<String, SortedSet<Integer>> answered = check.answered();
        List<String> unmet = new ArrayList<>();
        System.out.println("answers checked against docs/openapi.json and docs/ops-openapi.json: " + check.checked()
                + ", operations answered: " + answered.size() + " of " + check.operations().size());
        for (Contract.Operation operation : check.operations()) {
            SortedSet<String> declared = operation.statuses();
            SortedSet<Integer> seen = answered.getOrDefault(operation.id(), new TreeSet<>());
            System.out.printf("  %-20s declares %s, answered %s%n", operation.id(), declared, seen);
            declared.stream().filter(status -> !status.equals(OUTAGE_ONLY))
                    .filter(status -> !seen.contains(Integer.parseInt(status)))
                    .forEach(status -> unmet.add(operation.id() + " " + status));
        }
        assertThat(unmet).as("statuses the document declares that no test met").isEmpty();
    }

    /** The API tests' own scenarios, run here so that this test alone meets the whole contract. */
    private static void driveTheApiTestsScenarios() {
        BadInputIT badInput = new BadInputIT();
        badInput.everyKindOfBadInputIsRefusedWithAProblemAndPublishesNothing();
        badInput.unknownJsonFieldsAreIgnored();
        CheckoutIT checkout = new CheckoutIT();
        checkout.aCheckoutBecomesAConfirmedOrderPricedFromTheCatalog();
        checkout.anOrderForMoreThanTheStockIsRejectedNamingTheSku();
        checkout.aRetriedCheckoutWithTheSameKeyGivesTheSameOrderAndTakesStockOnce();
        checkout.theCartViewFollowsItsEvents();
        checkout.aCheckoutOfAnEmptyCartIsAcceptedAndBecomesAnOrderRejectedAsEmpty();
        checkout.aSecondCheckoutUnderAnotherKeyIsRefusedOrRejectedNamingTheFirstOrder();
        OrderEventsIT orderEvents = new OrderEventsIT();
        orderEvents.aFinalOrderGetsItsStatusOnceAndTheStreamEndsAtOnce();
        orderEvents.anUnknownOrderIs404ProblemJson();
        new RedriveIT().aRedriveNeedsTheAdminTokenAndADeadLetterTopic();
    }

    /** Answers the API tests do not ask for: a 406 of every call, 413 and 415 of every body, the lag, a dry run. */
    private List<Case> theAnswersTheyLeaveOut() {
        String sku = Skus.unique("CONTRACT");
        api.createProduct(sku, 700, 5);
        UUID open = api.openCart();
        UUID checkedOut = api.openCart();
        api.addItem(checkedOut, sku, 1);
        UUID order = api.order(Map.of(sku, 1));
        api.awaitFinal(order);
        assertThat(api.checkout(checkedOut, "contract").status()).isEqualTo(202);
        // refused once the storefront has seen the checkout's order announced
        await().untilAsserted(() -> assertThat(api.delete("/api/carts/" + checkedOut + "/items/" + sku).status())
                .isEqualTo(409));

        Map<String, String> html = Map.of("Accept", "text/html");
        Map<String, String> jsonHtml = Map.of("Content-Type", JSON, "Accept", "text/html");
        Map<String, String> json = Map.of("Content-Type", JSON);
        Map<String, String> text = Map.of("Content-Type", "text/plain");
        Map<String, String> key = Map.of("Content-Type", JSON, "Idempotency-Key", "contract-406", "Accept", "text/html");
        Map<String, String> admin = Map.of("Authorization", "Bearer " + Pipeline.ADMIN_TOKEN);
        Map<String, String> adminJson = Map.of("Authorization", "Bearer " + Pipeline.ADMIN_TOKEN, "Content-Type", JSON);
        Map<String, String> adminHtml = Map.of("Authorization", "Bearer " + Pipeline.ADMIN_TOKEN, "Content-Type", JSON,
                "Accept", "text/html");
        String item = "{\"sku\":\"" + sku + "\",\"quantity\":1}";
        String customer = "{\"customer\":{\"email\":\"a@example.com\",\"name\":\"A\"}}";
        String product = "{\"name\":\"N\",\"description\":\"\",\"priceCents\":700,\"currency\":\"EUR\"}";
        String adjustment = "{\"delta\":1,\"reason\":\"r\"}";
        String dryRun = "{\"topic\":\"" + Topics.deadLetterTopic(Topics.CATALOG) + "\",\"partition\":0,\"dryRun\":true}";
        String huge = "{\"padding\":\"" + "x".repeat(70_000) + "\"}";
        String items = "/api/carts/" + open + "/items";
        String checkout = "/api/carts/" + open + "/checkout";
        String products = "/api/admin/products/" + sku;
        String stock = "/api/admin/inventory/" + sku + "/adjustments";
        String redrive = "/api/ops/dead-letters/redrive";
        return List.of(
                new Case("catalog", "GET", "/api/products", Map.of(), null, 200),
                new Case("catalog as HTML", "GET", "/api/products", html, null, 406),
                new Case("product as HTML", "GET", "/api/products/" + sku, html, null, 406),
                new Case("open a cart as HTML", "POST", "/api/carts", html, null, 406),
                new Case("an open cart", "GET", "/api/carts/" + open, Map.of(), null, 200),
                new Case("a checked-out cart", "GET", "/api/carts/" + checkedOut, Map.of(), null, 200),
                new Case("a cart no storefront issued", "GET", "/api/carts/" + UUID.randomUUID(), Map.of(), null, 404),
                new Case("a cart as HTML", "GET", "/api/carts/" + open, html, null, 406),
                new Case("add as HTML", "POST", items, jsonHtml, item, 406),
                new Case("remove as HTML", "DELETE", items + "/" + sku, html, null, 406),
                new Case("checkout as HTML", "POST", checkout, key, customer, 406),
                new Case("checkout not JSON", "POST", checkout, text, "customer", 415),
                new Case("checkout over 64 KiB", "POST", checkout, json, huge, 413),
                new Case("an order as HTML", "GET", "/api/orders/" + order, html, null, 406),
                new Case("product not JSON", "PUT", products, Map.of("Authorization", "Bearer " + Pipeline.ADMIN_TOKEN,
                        "Content-Type", "text/plain"), "N", 415),
                new Case("product over 64 KiB", "PUT", products, adminJson, huge, 413),
                new Case("product as HTML", "PUT", products, adminHtml, product, 406),
                new Case("adjustment", "POST", stock, adminJson, adjustment, 202),
                new Case("adjustment without token", "POST", stock, json, adjustment, 401),
                new Case("adjustment not JSON", "POST", stock, Map.of("Authorization", "Bearer " + Pipeline.ADMIN_TOKEN,
                        "Content-Type", "text/plain"), "1", 415),
                new Case("adjustment over 64 KiB", "POST", stock, adminJson, huge, 413),
                new Case("adjustment as HTML", "POST", stock, adminHtml, adjustment, 406),
                new Case("lag", "GET", "/api/ops/lag", admin, null, 200),
                new Case("lag without token", "GET", "/api/ops/lag", Map.of(), null, 401),
                new Case("lag as HTML", "GET", "/api/ops/lag", Map.of("Authorization", "Bearer " + Pipeline.ADMIN_TOKEN,
                        "Accept", "text/html"), null, 406),
                new Case("redrive dry run", "POST", redrive, adminJson, dryRun, 200),
                new Case("redrive not JSON", "POST", redrive, Map.of("Authorization", "Bearer " + Pipeline.ADMIN_TOKEN,
                        "Content-Type", "text/plain"), "x", 415),
                new Case("redrive over 64 KiB", "POST", redrive, adminJson, huge, 413),
                new Case("redrive as HTML", "POST", redrive, adminHtml, dryRun, 406));
    }
}
