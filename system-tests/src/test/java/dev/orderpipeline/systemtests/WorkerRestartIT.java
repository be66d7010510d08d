package dev.orderpipeline.systemtests;

import dev.orderpipeline.localstack.LocalStack;
import org.junit.jupiter.api.Test;

/**
 * Both workers are killed with SIGKILL while orders flow, then started again: every order still
 * ends CONFIRMED exactly once, and the stock moved exactly once per order.
 */
class WorkerRestartIT {

    private static final int ORDERS = 200;

    @Test
    void workersKilledMidStreamLoseAndDuplicateNothing() throws Exception {
        LocalStack stack = Pipeline.stack();
        Stock stock = Outages.checkoutsAcross("RESTART", ORDERS, "restart", ordersCreated -> {
            stack.orderProcessor().kill();
            stack.inventoryWorker().kill();
            System.out.printf("worker restart: killed both workers (SIGKILL) with %d of %d orders created%n",
                    ordersCreated, ORDERS);
            stack.orderProcessor().start();
            stack.inventoryWorker().start();
            stack.awaitReady(stack.orderProcessor());
            stack.awaitReady(stack.inventoryWorker());
        });

        System.out.printf("worker restart: %d orders, all CONFIRMED once; sold %d, held %d; "
                + "each order has exactly one OrderPlaced, StockReserved, OrderConfirmed (event id)%n",
                ORDERS, stock.sold(), stock.held());
    }
}
