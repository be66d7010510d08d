package dev.orderpipeline.storefrontclient;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFieldsTest {

    @Test
    void topLevelStringsInTheOrderAsked() {
        String order = "{\"orderId\":\"o-1\",\"status\":\"REJECTED\",\"lines\":[{\"sku\":\"A\",\"status\":\"x\"}],"
                + "\"customer\":{\"reason\":\"nested\"},\"totalCents\":2190,\"reason\":\"OUT_OF_STOCK: A\"}";

        assertThat(JsonFields.of(order, "status", "reason")).containsExactly("REJECTED", "OUT_OF_STOCK: A");
        assertThat(JsonFields.of(bytes(order), "reason", "orderId")).containsExactly("OUT_OF_STOCK: A", "o-1");
    }

    @Test
    void absentNullOrNotAStringIsNull() {
        assertThat(JsonFields.of("{\"status\":\"PENDING\",\"reason\":null}", "status", "reason"))
                .containsExactly("PENDING", null);
        assertThat(JsonFields.of("{\"status\":5,\"lines\":[]}", "status", "reason")).containsExactly(null, null);
        assertThat(JsonFields.of("{\"status\":{\"name\":\"PENDING\"}}", "status")).containsExactly((String) null);
    }

    @Test
    void theLastOfRepeatedFieldsCounts() {
        assertThat(JsonFields.of("{\"status\":\"PENDING\",\"status\":\"CONFIRMED\"}", "status"))
                .containsExactly("CONFIRMED");
    }

    @Test
    void anythingButOneJsonObjectIsNoFields() {
        assertThat(JsonFields.of(new byte[0], "cartId")).isNull();
        assertThat(JsonFields.of(bytes("not json"), "cartId")).isNull();
        assertThat(JsonFields.of(bytes("[{\"cartId\":\"c\"}]"), "cartId")).isNull();
        assertThat(JsonFields.of(bytes("{\"cartId\":\"c\""), "cartId")).isNull();
        assertThat(JsonFields.of(bytes("{\"cartId\":\"c\"} {}"), "cartId")).isNull();
        assertThat(JsonFields.of(bytes("{\"cartId\":\"c\"}\n"), "cartId")).containsExactly("c");
    }

    @Test
    void quotedStringsAreEscaped() {
        String quoted = JsonFields.quote("Load \"Shopper\" \\ 7\n");

        assertThat(quoted).isEqualTo("\"Load \\\"Shopper\\\" \\\\ 7\\n\"");
        assertThat(StorefrontClient.JSON.readTree(quoted).asString()).isEqualTo("Load \"Shopper\" \\ 7\n");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
