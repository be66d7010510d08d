package dev.orderpipeline.events;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A reason's wire form is the string release 0.1.0 wrote, and it reads back as the same reason. */
class ReasonTest {

    private static final UUID ORDER = UUID.fromString("3f9c2a4e-0d1b-3c5a-9e8f-1a2b3c4d5e6f");

    @Test
    void everyCodeIsWrittenAsTheCodeThenItsSkusAndReadBack() {
        List<Reason> reasons = List.of(Reason.of(Reason.Code.OUT_OF_STOCK, List.of("ABC-1", "XYZ-2")),
                Reason.of(Reason.Code.UNKNOWN_PRODUCT, List.of("GONE")),
                Reason.of(Reason.Code.MIXED_CURRENCY, List.of("A", "B")),
                Reason.of(Reason.Code.EXPIRED, List.of("MUG")), Reason.emptyCart(), Reason.alreadyCheckedOut(ORDER));

        assertThat(reasons).extracting(Reason::text).containsExactly("OUT_OF_STOCK: ABC-1, XYZ-2",
                "UNKNOWN_PRODUCT: GONE", "MIXED_CURRENCY: A, B", "EXPIRED: MUG", "EMPTY_CART",
                "ALREADY_CHECKED_OUT: " + ORDER);
        assertThat(reasons).allSatisfy(reason -> assertThat(Reason.parse(reason.text())).isEqualTo(reason));
        assertThat(reasons.stream().map(Reason::code).distinct()).hasSize(Reason.Code.values().length);
    }

    @Test
    void anEventCarriesItsReasonAsAString() {
        UUID orderId = UUID.randomUUID();
        EventEnvelope event = EventEnvelope.of(new StockRejected(orderId,
                Reason.of(Reason.Code.OUT_OF_STOCK, List.of("MUG"))), orderId.toString());

        String json = new String(EventJson.write(event), StandardCharsets.UTF_8);

        assertThat(json).contains("\"reason\":\"OUT_OF_STOCK: MUG\"");
        assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
    }

    @Test
    void aCodeThisBuildDoesNotKnowMakesTheEventInvalidWithAReasonToReDriveIt() {
        byte[] newer = ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"StockRejected\",\"schemaVersion\":1,"
                + "\"occurredAt\":\"2026-12-07T08:00:00Z\",\"key\":\"" + ORDER + "\",\"correlationId\":\"" + ORDER
                + "\",\"payload\":{\"orderId\":\"" + ORDER + "\",\"reason\":\"PAYMENT_TIMEOUT: MUG\"}}")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EventJson.read(newer)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unknown reason code PAYMENT_TIMEOUT").hasMessageContaining("re-drive");
        assertThat(Reason.codeOf("PAYMENT_TIMEOUT: MUG")).isEqualTo("PAYMENT_TIMEOUT");
    }

    @Test
    void aReasonNamesSkusOrTheOrderItWasCheckedOutAsNeverAnythingElse() {
        assertThatThrownBy(() -> Reason.of(Reason.Code.OUT_OF_STOCK, List.of("not a sku"))).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reason(Reason.Code.EMPTY_CART, List.of(), ORDER)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reason(Reason.Code.ALREADY_CHECKED_OUT, List.of(), null)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> Reason.parse("ALREADY_CHECKED_OUT: MUG")).isInstanceOf(
                IllegalArgumentException.class);
    }
}
