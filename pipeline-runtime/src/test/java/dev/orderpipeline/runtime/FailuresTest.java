package dev.orderpipeline.runtime;

import java.time.Duration;
import java.util.List;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import dev.orderpipeline.events.InvalidEventException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.data.mongodb.UncategorizedMongoDbException;
import org.springframework.data.mongodb.core.MongoExceptionTranslator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An outage (rethrown: the batch rolls back and is redelivered) told from a bug (retried a few
 * times, then dead-lettered), for the exceptions a handler meets: Spring's data-access hierarchy,
 * as Spring Data MongoDB translates the driver's exceptions, the driver's own, and Kafka's.
 */
class FailuresTest {

    private static final ServerAddress SERVER = new ServerAddress("mongo", 27017);
    private final MongoExceptionTranslator translator = new MongoExceptionTranslator();

    @Test
    void transientAndResourceFailuresOfSpringDataAccessAreOutages() {
        assertThat(List.of(new OptimisticLockingFailureException("lost a race"), new QueryTimeoutException("slow"),
                new TransientDataAccessResourceException("busy"), new DataAccessResourceFailureException("down"),
                new RecoverableDataAccessException("reconnect")))
                .allSatisfy(error -> assertThat(Failures.isInfrastructure(error)).as(error.toString()).isTrue());
    }

    @Test
    void dataAccessErrorsThatRetryingCannotMendAreBugs() {
        assertThat(List.of(new DuplicateKeyException("exists"), new DataIntegrityViolationException("invalid"),
                new InvalidDataAccessApiUsageException("misuse"), new UncategorizedMongoDbException("odd", null)))
                .allSatisfy(error -> assertThat(Failures.isInfrastructure(error)).as(error.toString()).isFalse());
    }

    @Test
    void driverNetworkAndFailoverErrorsAreOutagesAsThrownAndAsTranslated() {
        List<RuntimeException> outages = List.of(new MongoSocketReadException("reset", SERVER),
                new MongoTimeoutException("no server selected"), new MongoNotPrimaryException(errorResponse(10107), SERVER),
                new MongoNodeIsRecoveringException(errorResponse(11600), SERVER));
        assertThat(outages).allSatisfy(error -> {
            assertThat(Failures.isInfrastructure(error)).as(error.toString()).isTrue();
            assertThat(Failures.isInfrastructure(translated(error))).as("translated " + error).isTrue();
        });
    }

    @Test
    void aDuplicateKeyFromTheDriverIsABugAsThrownAndAsTranslated() {
        MongoWriteException duplicate = new MongoWriteException(
                new WriteError(11000, "E11000 duplicate key", new BsonDocument()), SERVER);

        assertThat(translated(duplicate)).isInstanceOf(DuplicateKeyException.class);
        assertThat(Failures.isInfrastructure(duplicate)).isFalse();
        assertThat(Failures.isInfrastructure(translated(duplicate))).isFalse();
    }

    @Test
    void aServerErrorIsAnOutageOnlyWithARetryableLabel() {
        MongoCommandException plain = new MongoCommandException(errorResponse(2), SERVER);
        MongoCommandException labelled = new MongoCommandException(errorResponse(2), SERVER);
        labelled.addLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
        MongoException retryableWrite = new MongoException(91, "shutting down");
        retryableWrite.addLabel("RetryableWriteError");

        assertThat(Failures.isInfrastructure(plain)).isFalse();
        assertThat(Failures.isInfrastructure(labelled)).isTrue();
        assertThat(Failures.isInfrastructure(retryableWrite)).isTrue();
        assertThat(Failures.isInfrastructure(new UncategorizedMongoDbException("wrapped", retryableWrite))).isTrue();
    }

    @Test
    void kafkaClientAndSpringKafkaErrorsAreOutages() {
        assertThat(List.of(new TimeoutException("no ack"), new NotLeaderOrFollowerException("moved"),
                new org.springframework.kafka.KafkaException("send failed")))
                .allSatisfy(error -> assertThat(Failures.isInfrastructure(error)).as(error.toString()).isTrue());
    }

    @Test
    void anOutageDeepInTheCausesCounts() {
        RuntimeException wrapped = new IllegalStateException("handler", new RuntimeException("store",
                new MongoSocketReadException("reset", SERVER)));
        assertThat(Failures.isInfrastructure(wrapped)).isTrue();
    }

    @Test
    void programmingErrorsAndInvalidEventsAreBugs() {
        assertThat(List.of(new IllegalStateException("bug"), new NullPointerException(),
                new InvalidEventException("no such sku"), new RuntimeException("x", new IllegalArgumentException())))
                .allSatisfy(error -> assertThat(Failures.isInfrastructure(error)).as(error.toString()).isFalse());
    }

    @Test
    void aCycleOfCausesIsJudgedWithoutLoopingForever() {
        IllegalStateException first = new IllegalStateException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        boolean infrastructure = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Failures.isInfrastructure(first));

        assertThat(infrastructure).isFalse();
    }

    private RuntimeException translated(RuntimeException error) {
        RuntimeException translated = translator.translateExceptionIfPossible(error);
        return translated == null ? error : translated;
    }

    private static BsonDocument errorResponse(int code) {
        return new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(code))
                .append("errmsg", new BsonString("error " + code));
    }
}
