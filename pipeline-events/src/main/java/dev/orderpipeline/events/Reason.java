package dev.orderpipeline.events;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why an order was rejected or cancelled: a code and the SKUs it concerns, or, for
 * {@link Code#ALREADY_CHECKED_OUT}, the order the cart was checked out as. On the wire (the events'
 * {@code reason}, the orders' documents, the REST API's {@code reason}) it is one string, as release
 * 0.1.0 wrote it: the code, then {@code ": "} and the SKUs joined by {@code ", "} when there are any,
 * e.g. {@code OUT_OF_STOCK: ABC-1, XYZ-2}, {@code EMPTY_CART}, {@code ALREADY_CHECKED_OUT: <orderId>}.
 *
 * <p>A code this build does not know makes the event invalid (dead-lettered, to re-drive once the
 * consumer is upgraded): a new code goes out as a new event type does, consumers first
 * (docs/contracts.md).
 *
 * @param order the order a cart was checked out as; only for {@link Code#ALREADY_CHECKED_OUT}
 */
public record Reason(Code code, List<String> skus, UUID order) {

    public enum Code {
        /** Checkout: the cart has no line. */
        EMPTY_CART,
        /** Checkout: the cart was checked out as another order (under another idempotency key). */
        ALREADY_CHECKED_OUT,
        /** Checkout or inventory: these SKUs are not in the catalog. */
        UNKNOWN_PRODUCT,
        /** Checkout: the cart's products are priced in more than one currency. */
        MIXED_CURRENCY,
        /** Inventory: not enough units of these SKUs; nothing is held. */
        OUT_OF_STOCK,
        /** Expiry: the order stayed PENDING too long; its holds are released. */
        EXPIRED
    }

    private static final String SEPARATOR = ": ";

    public Reason {
        Checks.present(code, "reason.code");
        skus = skus == null ? List.of() : List.copyOf(skus);
        skus.forEach(Checks::sku);
        if ((code == Code.ALREADY_CHECKED_OUT) != (order != null)) {
            throw new IllegalArgumentException("reason.order is the order a cart was checked out as: "
                    + "present for ALREADY_CHECKED_OUT only, not for " + code);
        }
        if (order != null && !skus.isEmpty()) {
            throw new IllegalArgumentException("reason ALREADY_CHECKED_OUT names an order, not SKUs");
        }
    }

    /** {@code code}, concerning {@code skus} in the order given. */
    public static Reason of(Code code, Collection<String> skus) {
        return new Reason(code, List.copyOf(skus), null);
    }

    public static Reason emptyCart() {
        return new Reason(Code.EMPTY_CART, List.of(), null);
    }

    public static Reason alreadyCheckedOut(UUID order) {
        return new Reason(Code.ALREADY_CHECKED_OUT, List.of(), order);
    }

    /** The wire form. */
    @JsonValue
    public String text() {
        if (order != null) {
            return code + SEPARATOR + order;
        }
        return skus.isEmpty() ? code.name() : code + SEPARATOR + String.join(", ", skus);
    }

    /**
     * Reads the wire form.
     *
     * @throws IllegalArgumentException for a text that is no reason, or names a code this build does not know
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Reason parse(String text) {
        Checks.text(text, "reason");
        String code = codeOf(text);
        Code known = Arrays.stream(Code.values()).filter(value -> value.name().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown reason code " + code + " (from a newer"
                        + " producer? re-drive it from the dead-letter topic once this consumer is upgraded)"));
        int colon = text.indexOf(':');
        String rest = colon < 0 ? "" : text.substring(colon + 1).strip();
        if (known == Code.ALREADY_CHECKED_OUT) {
            return alreadyCheckedOut(UUID.fromString(rest));
        }
        return of(known, rest.isEmpty() ? List.of() : Arrays.stream(rest.split(",")).map(String::strip).toList());
    }

    /**
     * The code a reason's text starts with, known to this build or not: what a client of the REST API
     * (which may be newer than the client) can always read.
     */
    public static String codeOf(String text) {
        int colon = text.indexOf(':');
        return (colon < 0 ? text : text.substring(0, colon)).strip();
    }

    @Override
    public String toString() {
        return text();
    }
}
