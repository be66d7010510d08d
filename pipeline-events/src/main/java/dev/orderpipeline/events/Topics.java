package dev.orderpipeline.events;

import java.time.Duration;
import java.util.List;

/**
 * The pipeline's topics and their settings. Strimzi's KafkaTopic resources in {@code strimzi/}
 * carry the same values (a manifest test checks it), and the local stack and the tests create
 * topics from this list.
 */
public final class Topics {

    /** Cart events and checkout requests, key cartId. */
    public static final String CARTS = "storefront.carts.v1";
    /** Order lifecycle, key orderId. */
    public static final String ORDERS = "orders.v1";
    /** Inventory decisions, key orderId. */
    public static final String INVENTORY = "inventory.v1";
    /** Product upserts and stock adjustments, key sku. */
    public static final String CATALOG = "catalog.v1";

    public static final String DLT_SUFFIX = ".dlt";
    /**
     * Which dead-lettered records an operator re-drove, key {@code <dlt>/<partition>/<offset>}: kept as
     * long as the dead letters, so a second redrive of the same record is known as one.
     */
    public static final String REDRIVES = "ops.redrives.v1";

    public static final int PARTITIONS = 12;
    public static final int DLT_PARTITIONS = 3;
    public static final Duration RETENTION = Duration.ofDays(7);
    public static final Duration DLT_RETENTION = Duration.ofDays(14);

    /** Every topic the pipeline needs, dead-letter topics included. */
    public static final List<TopicSpec> ALL = List.of(
            TopicSpec.events(CARTS), TopicSpec.events(ORDERS),
            TopicSpec.events(INVENTORY), TopicSpec.events(CATALOG),
            TopicSpec.deadLetters(CARTS), TopicSpec.deadLetters(ORDERS),
            TopicSpec.deadLetters(INVENTORY), TopicSpec.deadLetters(CATALOG),
            new TopicSpec(REDRIVES, 1, DLT_RETENTION));

    /** The topics whose consumers dead-letter, the only ones a redrive writes to. */
    public static final List<String> INPUTS = List.of(CARTS, ORDERS, INVENTORY, CATALOG);

    private Topics() {
    }

    public static String deadLetterTopic(String topic) {
        return topic + DLT_SUFFIX;
    }

    public record TopicSpec(String name, int partitions, Duration retention) {
        static TopicSpec events(String name) {
            return new TopicSpec(name, PARTITIONS, RETENTION);
        }

        static TopicSpec deadLetters(String topic) {
            return new TopicSpec(deadLetterTopic(topic), DLT_PARTITIONS, DLT_RETENTION);
        }
    }
}
