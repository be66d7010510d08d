package dev.orderpipeline.runtime;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.apache.kafka.common.KafkaException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Tells an outage from a bug. Spring Data MongoDB translates the driver's exceptions into Spring's
 * {@code DataAccessException} hierarchy, whose transient and resource-failure branches are the
 * outages (a lost race on a conditional write is an {@code OptimisticLockingFailureException}, a
 * transient one too); errors the translator leaves uncategorised are judged by the driver's own
 * classes and error labels. Kafka's failures reach a handler as {@code KafkaException}s.
 */
final class Failures {

    private static final Set<String> RETRYABLE_MONGO_LABELS = Set.of("RetryableWriteError", "TransientTransactionError",
            "ResumableChangeStreamError");

    private Failures() {
    }

    static boolean isInfrastructure(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // causes may form a cycle
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof MongoSocketException || t instanceof MongoTimeoutException
                    || t instanceof MongoNotPrimaryException || t instanceof MongoNodeIsRecoveringException
                    || t instanceof MongoException mongo && RETRYABLE_MONGO_LABELS.stream().anyMatch(mongo::hasErrorLabel)
                    || t instanceof KafkaException
                    || t instanceof org.springframework.kafka.KafkaException) {
                return true;
            }
        }
        return false;
    }
}
