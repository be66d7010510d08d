package dev.orderpipeline.systemtests;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.orderpipeline.storefrontclient.Reply;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The check against docs/openapi.json finds what a wrong answer gets wrong, and passes a right one. */
class ContractTest {

    private static final Contract CONTRACT = Contract.committed();
    private static final String ORDER = "/api/orders/" + UUID.randomUUID();
    private static final String CART = "/api/carts/" + UUID.randomUUID();

    @Test
    void aRightAnswerPasses() {
        assertThat(CONTRACT.mismatches("GET", ORDER, json(200, order("null")))).isEmpty();
        assertThat(CONTRACT.mismatches("GET", ORDER, json(200, order("\"OUT_OF_STOCK: MUG-1\"")))).isEmpty();
        assertThat(CONTRACT.mismatches("GET", CART, json(200, cart(", \"orderId\": null")))).isEmpty();
        assertThat(CONTRACT.mismatches("GET", ORDER, problem(404))).isEmpty();
    }

    @Test
    void aWrongAnswerFailsNamingWhatIsWrong() {
        assertThat(CONTRACT.mismatches("GET", ORDER, json(200, order("5"))))
                .singleElement().asString().contains("GET " + ORDER + " -> 200", "/reason");
        assertThat(CONTRACT.mismatches("GET", ORDER, json(200, order("null").replace("\"PENDING\"", "\"LOST\""))))
                .singleElement().asString().contains("/status");
        assertThat(CONTRACT.mismatches("GET", CART, json(200, cart(""))))
                .singleElement().asString().contains("orderId");
        assertThat(CONTRACT.mismatches("GET", CART, json(200, cart(", \"orderId\": null, \"giftWrap\": true"))))
                .singleElement().asString().contains("giftWrap");
        assertThat(CONTRACT.mismatches("GET", ORDER, problem(418))).singleElement().asString().contains("418");
        assertThat(CONTRACT.mismatches("GET", ORDER, reply(404, "text/html", "<html></html>"))).isNotEmpty();
        assertThat(CONTRACT.mismatches("GET", ORDER, reply(404, "application/problem+json", "{\"title\":\"x\"}")))
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains("required"));
    }

    @Test
    void anExchangeOutsideTheDocumentIsNotChecked() {
        assertThat(CONTRACT.operation("GET", "/api/nothing-here")).isEmpty();
        assertThat(CONTRACT.operation("PATCH", "/api/products")).isEmpty();
        assertThat(CONTRACT.mismatches("PATCH", "/api/products", problem(405))).isEmpty();
        assertThat(CONTRACT.operation("GET", ORDER + "/events")).hasValueSatisfying(operation ->
                assertThat(operation.id()).isEqualTo("streamOrderEvents"));
        assertThat(CONTRACT.operation("GET", "/api/products?sort=sku")).hasValueSatisfying(operation ->
                assertThat(operation.id()).isEqualTo("listProducts"));
    }

    @Test
    void everyOperationHasAnIdThatSaysWhatItDoesAndPublicOnesNeedNoToken() {
        assertThat(CONTRACT.operations()).extracting(Contract.Operation::id).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("[a-z]+[A-Z][A-Za-z]+"))
                .contains("openCart", "getCart", "checkOutCart", "getOrder", "streamOrderEvents", "listProducts");
    }

    private static String order(String reason) {
        return """
                {"orderId":"%s","cartId":"%s","status":"PENDING","lines":[{"sku":"MUG-1","quantity":2,"unitPriceCents":1450}],
                 "totalCents":2900,"currency":"EUR","reason":%s,"createdAt":"2026-12-07T08:00:00.123Z",
                 "updatedAt":"2026-12-07T08:00:00.123Z"}""".formatted(UUID.randomUUID(), UUID.randomUUID(), reason);
    }

    private static String cart(String orderId) {
        return "{\"cartId\":\"%s\",\"status\":\"OPEN\",\"items\":[],\"version\":0%s}".formatted(UUID.randomUUID(), orderId);
    }

    private static Reply json(int status, String body) {
        return reply(status, "application/json", body);
    }

    private static Reply problem(int status) {
        return reply(status, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"T\",\"status\":%d,"
                .formatted(status) + "\"detail\":\"d\",\"instance\":\"/api/orders\"}");
    }

    private static Reply reply(int status, String contentType, String body) {
        return new Reply(status, new Header[] {new BasicHeader("Content-Type", contentType)},
                body.getBytes(StandardCharsets.UTF_8), 0);
    }
}
