package dev.orderpipeline.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Kafka's part of {@code /actuator/health} (Spring Boot 4 has none of its own): UP when the
 * cluster answers a {@code describeCluster} within {@code timeout}, DOWN with the error otherwise.
 * The answer is kept for {@code timeToLive}, so probes and monitors that ask every few seconds,
 * several at once, cost the broker one request per interval; callers meanwhile wait for the one
 * check in flight rather than start their own. The Admin client is created at the first check (and
 * again after one that could not be created), so a service starts even where Kafka's address does
 * not resolve yet.
 */
public final class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {

    private final Supplier<Admin> admins;
    private final Duration timeout;
    private final long timeToLiveNanos;
    private final LongSupplier nanoTime;
    private Admin admin;
    private Health last;
    private long checkedAt;

    public KafkaHealthIndicator(Supplier<Admin> admins, Duration timeout, Duration timeToLive) {
        this(admins, timeout, timeToLive, System::nanoTime);
    }

    KafkaHealthIndicator(Supplier<Admin> admins, Duration timeout, Duration timeToLive, LongSupplier nanoTime) {
        this.admins = admins;
        this.timeout = timeout;
        this.timeToLiveNanos = timeToLive.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized Health health() {
        if (last == null || nanoTime.getAsLong() - checkedAt >= timeToLiveNanos) {
            last = check();
            checkedAt = nanoTime.getAsLong();
        }
        return last;
    }

    private Health check() {
        try {
            if (admin == null) {
                admin = admins.get();
            }
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions()
                    .timeoutMs(Math.toIntExact(timeout.toMillis())));
            return Health.up()
                    .withDetail("clusterId", cluster.clusterId().get())
                    .withDetail("nodes", cluster.nodes().get().size())
                    .build();
        } catch (ExecutionException e) {
            return Health.down(e.getCause() instanceof Exception cause ? cause : e).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down(e).build();
        } catch (RuntimeException e) { // the client could not be created, e.g. no bootstrap address resolves
            return Health.down(e).build();
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
