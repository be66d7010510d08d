package dev.orderpipeline.events;

import java.util.regex.Pattern;

/** Argument checks shared by the event records, so an invalid event cannot be constructed. */
final class Checks {

    static final Pattern SKU = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,39}");

    private Checks() {
    }

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static String sku(String value) {
        if (value == null || !SKU.matcher(value).matches()) {
            throw new IllegalArgumentException("sku must match " + SKU + ": " + value);
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive: " + value);
        }
        return value;
    }

    /** {@code value} is what the rest of the record implies (an envelope's type and key follow from its payload). */
    static void same(String value, String implied, String field) {
        if (!implied.equals(value)) {
            throw new IllegalArgumentException(field + " " + value + " does not match the payload's " + implied);
        }
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must be present");
        }
        return value;
    }
}
