package dev.orderpipeline.events;

/**
 * Every event of the pipeline. The simple name of the record is its {@code type} on the wire,
 * so renaming a record is a breaking change of the contract.
 */
public sealed interface PipelineEvent
        permits CartOpened, CartItemAdded, CartItemRemoved, CheckoutRequested,
                OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled,
                StockReserved, StockRejected,
                ProductUpserted, StockAdjusted {

    /** The Kafka record key: cartId, orderId or sku, depending on the topic. */
    String key();

    /** The topic this event is published on. */
    String topic();
}
