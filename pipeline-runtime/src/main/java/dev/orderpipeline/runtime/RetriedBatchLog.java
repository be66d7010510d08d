package dev.orderpipeline.runtime;

import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RetryListener;

/**
 * Says why a batch is being delivered again: the error handler's retries are otherwise silent, so
 * a batch that keeps failing for as long as an outage lasts would look like a worker doing nothing.
 * The first failure is logged with its stack trace, then every attempt that is a power of two with
 * its message only, so a long outage writes a few lines, not one per back-off.
 */
final class RetriedBatchLog implements RetryListener {

    private static final Logger log = LoggerFactory.getLogger(RetriedBatchLog.class);

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception error, int deliveryAttempt) {
        if (deliveryAttempt == 1) {
            log.warn("A batch of {} record(s) on {} failed and will be delivered again until it succeeds",
                    records.count(), partitions(records), error);
        } else if (Integer.bitCount(deliveryAttempt) == 1) {
            log.warn("A batch of {} record(s) on {} still fails after {} attempts: {}", records.count(),
                    partitions(records), deliveryAttempt, rootMessage(error));
        }
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception error, int deliveryAttempt) {
        // only batch listeners here
    }

    private static String partitions(ConsumerRecords<?, ?> records) {
        return records.partitions().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        for (int depth = 0; depth < 16 && root.getCause() != null; depth++) { // bounded: causes may form a cycle
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
