package dev.orderpipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class MongoAtStartTest {

    @Test
    void startupWorkIsTriedAgainWhileMongoDbDoesNotAnswer() {
        AtomicInteger attempts = new AtomicInteger();

        MongoAtStart.run("seeding", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new DataAccessResourceFailureException("Timeout while receiving message");
            }
        });

        assertThat(attempts).hasValue(3);
    }

    @Test
    void anyOtherFailureEndsTheStartAtOnce() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> MongoAtStart.run("seeding", () -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("a bad document");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("a bad document");
        assertThat(attempts).hasValue(1);
    }
}
