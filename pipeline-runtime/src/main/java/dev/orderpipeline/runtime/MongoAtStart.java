package dev.orderpipeline.runtime;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Work a service does against MongoDB while it starts (an index, a starter catalog): retried while
 * MongoDB does not answer, for up to {@link #PATIENCE}, so a worker that starts during a MongoDB
 * restart or a slow spell waits for it instead of exiting and leaving its partitions unconsumed.
 */
public final class MongoAtStart {

    public static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(MongoAtStart.class);
    private static final RetryPolicy WHILE_MONGODB_IS_AWAY = RetryPolicy.builder()
            .includes(DataAccessResourceFailureException.class).maxRetries(Long.MAX_VALUE).timeout(PATIENCE)
            .delay(Duration.ofMillis(500)).multiplier(2).maxDelay(Duration.ofSeconds(10)).build();

    private MongoAtStart() {
    }

    public static void run(String what, Runnable work) {
        RetryTemplate retry = new RetryTemplate(WHILE_MONGODB_IS_AWAY);
        retry.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy policy, Retryable<?> retryable) {
                log.warn("MongoDB did not answer while {}; trying again", what);
            }
        });
        try {
            retry.execute(() -> {
                work.run();
                return null;
            });
        } catch (RetryException e) {
            if (e.getCause() instanceof DataAccessResourceFailureException) {
                throw new IllegalStateException("MongoDB did not answer for " + PATIENCE.toMinutes() + " minutes while "
                        + what, e.getCause());
            }
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }
}
