package dev.orderpipeline.inventory.reservation;

import org.springframework.dao.TransientDataAccessException;

/**
 * A batch's partition was assigned to another instance since this one drew its epoch: the stock
 * already carries the newer owner's epoch. Transient, so the batch is not dead-lettered: the
 * container delivers it again, by which time the consumer has learnt of the rebalance and the flow
 * skips the records of partitions it no longer owns ({@link AssignmentEpochs#owns}).
 */
public class StaleAssignmentException extends TransientDataAccessException {

    public StaleAssignmentException(String message) {
        super(message);
    }
}
