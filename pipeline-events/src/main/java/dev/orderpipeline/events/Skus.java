package dev.orderpipeline.events;

/** The shape of a SKU: upper-case letters, digits, '-' and '_', 1 to 40 characters. */
public final class Skus {

    private Skus() {
    }

    public static boolean isValid(String sku) {
        return sku != null && Checks.SKU.matcher(sku).matches();
    }
}
