package dev.orderpipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.orderpipeline.testkit.FreePorts;
import dev.orderpipeline.testkit.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code kafka} health component against a real broker that stops and starts again; the time
 * it keeps an answer runs on a clock of the test's, so what is cached and what is asked is exact.
 */
class KafkaHealthIndicatorTest {

    private static final Duration TIME_TO_LIVE = Duration.ofSeconds(5);

    @TempDir
    static Path dataDir;
    private static KafkaBroker broker;

    private final AtomicLong now = new AtomicLong();

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(dataDir, FreePorts.next(), FreePorts.next(), dataDir.resolve("kafka.log")).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.stop();
    }

    @Test
    void upWhileTheBrokerAnswersDownOnceItIsGoneAndUpAgainWhenItIsBack() {
        try (KafkaHealthIndicator health = indicator(broker::admin)) {
            Health up = health.health();
            assertThat(up.getStatus()).as(up.toString()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("nodes", 1).containsKey("clusterId");

            broker.stop();
            later(TIME_TO_LIVE.minusMillis(1));
            assertThat(health.health()).as("within its time to live the answer is kept").isSameAs(up);
            later(Duration.ofMillis(1));
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsKey("error");

            broker.start();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                later(TIME_TO_LIVE);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            });
        }
    }

    @Test
    void aClientThatCannotBeCreatedIsDownAndCreatedAgainAtTheNextCheck() {
        AtomicInteger attempts = new AtomicInteger();
        try (KafkaHealthIndicator health = indicator(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new KafkaException("Failed to create new KafkaAdminClient: no resolvable bootstrap urls");
            }
            return broker.admin();
        })) {
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("error").toString()).contains("no resolvable bootstrap urls");
            later(TIME_TO_LIVE);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            later(TIME_TO_LIVE);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(attempts).hasValue(2);
        }
    }

    private KafkaHealthIndicator indicator(java.util.function.Supplier<Admin> admins) {
        return new KafkaHealthIndicator(admins, Duration.ofMillis(500), TIME_TO_LIVE, now::get);
    }

    private void later(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
