package dev.orderpipeline.storefront.order;

import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

/** Announces which orders changed, so the watcher reads only those. */
public interface OrderChanges extends AutoCloseable {

    /** Waits at most {@code timeout}; the ids of the orders announced changed since the last call. */
    Collection<UUID> poll(Duration timeout);

    @Override
    void close();

}
