package dev.orderpipeline.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.orders.order.OrderLifecycle;
import dev.orderpipeline.orders.order.OrderStore;
import dev.orderpipeline.runtime.restore.RestoreReplay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * After a restore ({@link RestoreReplay}): the orders the backup holds PENDING whose decision was
 * published after its restore point are decided as published ({@link OrderLifecycle.Recovered}),
 * before the listeners start, since an answer replayed first could decide otherwise. Orders the
 * backup lacks get theirs when their checkout is replayed.
 */
@Component
class RestoredOrders implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RestoredOrders.class);
    private static final int CHUNK = 500;

    private final OrderStore orders;
    private final RestoreReplay restore;
    private volatile boolean running;

    RestoredOrders(OrderStore orders, RestoreReplay restore) {
        this.orders = orders;
        this.restore = restore;
    }

    @Override
    public void start() {
        running = true;
        if (!restore.hasPins()) {
            return;
        }
        List<UUID> pinned = new ArrayList<>(restore.pinnedOrders());
        int decided = 0;
        for (int from = 0; from < pinned.size(); from += CHUNK) {
            Map<UUID, OrderDocument> found = orders.find(pinned.subList(from, Math.min(pinned.size(), from + CHUNK)));
            for (OrderDocument order : found.values()) {
                OrderLifecycle.Step step = OrderLifecycle.next(order,
                        new OrderLifecycle.Recovered(restore.pinned(order.orderId()), Instant.now()));
                if (step.change() == OrderLifecycle.Change.LEAVE_PENDING && orders.leavePending(step.order()) != null) {
                    decided++;
                }
            }
        }
        log.info("Restore replay: {} orders the backup holds PENDING decided as published after its restore point",
                decided);
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listener containers (whose phase is near Integer.MAX_VALUE). */
    @Override
    public int getPhase() {
        return 0;
    }
}
