package dev.orderpipeline.runtime;

import com.mongodb.bulk.BulkWriteResult;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;

/**
 * Runs a batch's bulk write of which every operation must apply: if one does not, another writer
 * got there first (an instance that has not yet noticed it lost its partitions, or a timer), and the
 * batch must be handled again from what is stored now.
 */
public final class BulkWrites {

    private static final int DUPLICATE_KEY = 11000;

    private BulkWrites() {
    }

    /**
     * @throws OptimisticLockingFailureException if an insert met an existing document or a
     *         conditional write matched nothing; it is an infrastructure failure to the
     *         {@link EventBatchProcessor}: the batch is rolled back and redelivered
     */
    public static BulkWriteResult expectAll(BulkOperations bulk, int operations, String what) {
        BulkWriteResult result;
        try {
            result = bulk.execute();
        } catch (BulkOperationException e) {
            if (e.getErrors().stream().allMatch(error -> error.getCode() == DUPLICATE_KEY)) {
                throw new OptimisticLockingFailureException("another writer created some of the " + what
                        + " this batch inserts", e);
            }
            throw e;
        } catch (DuplicateKeyException e) {
            throw new OptimisticLockingFailureException("another writer created some of the " + what, e);
        }
        int applied = result.getInsertedCount() + result.getMatchedCount() + result.getUpserts().size();
        if (applied != operations) {
            throw new OptimisticLockingFailureException(applied + " of " + operations + " writes of " + what
                    + " applied: another writer changed them since this batch read them");
        }
        return result;
    }
}
