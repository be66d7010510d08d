package dev.orderpipeline.loadgen;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import dev.orderpipeline.loadgen.OrderWatch.Outcome;
import dev.orderpipeline.storefrontclient.Failure;
import dev.orderpipeline.storefrontclient.FakeStorefront;
import dev.orderpipeline.storefrontclient.FakeStorefront.Request;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.orderpipeline.storefrontclient.FakeStorefront.events;
import static dev.orderpipeline.storefrontclient.FakeStorefront.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a stand-in storefront; a stream the watch failed to end at its deadline fails the test at its timeout. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OrderWatchTest {

    private static final UUID ORDER = UUID.fromString("7a1c7f4e-5a57-4a55-9d0e-0d3c2b1a0f00");
    private static final String EVENTS = "/api/orders/" + ORDER + "/events";
    private static final String[] PENDING = {"event:status", "data:{\"status\":\"PENDING\"}", ""};

    private final FakeStorefront server = new FakeStorefront();
    private final StorefrontClient api = new StorefrontClient(server.url(), Duration.ofSeconds(5));
    private final OrderWatch stream = new OrderWatch(api, Observe.SSE);

    OrderWatchTest() throws IOException {
    }

    @AfterEach
    void close() {
        api.close();
        server.close();
    }

    @Test
    void theStreamEndsAtTheFinalStatusWithItsReason() {
        server.on(EVENTS, events(": keep-alive", "", PENDING[0], PENDING[1], PENDING[2], "retry:1000",
                "event:status", "data:{\"status\":\"REJECTED\",\"reason\":\"OUT_OF_STOCK: A-1\"}", ""));
        long before = System.nanoTime();

        Outcome outcome = stream.awaitFinal(ORDER, in(Duration.ofSeconds(5)));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Final.class, done -> {
            assertThat(done.status()).isEqualTo("REJECTED");
            assertThat(done.reason()).isEqualTo("OUT_OF_STOCK: A-1");
            assertThat(done.observedAt()).isGreaterThan(before);
        });
        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.headers()).containsEntry("accept", "text/event-stream");
        });
    }

    @Test
    void anUnknownOrderOrAStreamEndedEarlyIsAskedForAgainOnTheSameConnection() {
        server.on(EVENTS, json(404, "{}"), events(PENDING), events(PENDING[0], "data:{\"status\":\"CONFIRMED\"}", ""));

        Outcome outcome = stream.awaitFinal(ORDER, in(Duration.ofSeconds(5)));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Final.class, done -> {
            assertThat(done.status()).isEqualTo("CONFIRMED");
            assertThat(done.reason()).isNull();
        });
        assertThat(server.requests()).extracting(Request::clientPort).hasSize(3)
                .containsOnly(server.requests().getFirst().clientPort());
    }

    @Test
    void aStreamStillOpenAtTheDeadlineIsATimeoutThere() {
        server.on(EVENTS, server.eventsThenHold(PENDING));
        long deadline = in(Duration.ofMillis(300));

        Outcome outcome = stream.awaitFinal(ORDER, deadline);

        long late = System.nanoTime() - deadline;
        assertThat(outcome).isInstanceOf(Outcome.TimedOut.class);
        assertThat(Duration.ofNanos(late)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void heartbeatsDoNotKeepAStreamPastTheDeadline() {
        server.on(EVENTS, server.eventsThenHeartbeats(Duration.ofMillis(50), PENDING));
        long deadline = in(Duration.ofMillis(500));

        Outcome outcome = stream.awaitFinal(ORDER, deadline);

        long late = System.nanoTime() - deadline;
        assertThat(outcome).isInstanceOf(Outcome.TimedOut.class);
        assertThat(Duration.ofNanos(late)).isBetween(Duration.ZERO, Duration.ofMillis(400));
    }

    @Test
    void noAnswerByTheDeadlineIsATimeoutToo() {
        server.on(EVENTS, server.hold());

        assertThat(stream.awaitFinal(ORDER, in(Duration.ofMillis(200)))).isInstanceOf(Outcome.TimedOut.class);
    }

    @Test
    void anUnexpectedStatusIsAnError() {
        server.on(EVENTS, json(500, "{}"));

        assertThatThrownBy(() -> stream.awaitFinal(ORDER, in(Duration.ofSeconds(5))))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.kind()).isEqualTo("order-events 500"));
    }

    @Test
    void anUnexpectedEventIsAnErrorAtOnceThoughTheStreamStaysOpen() {
        server.on(EVENTS, server.eventsThenHold("event:status", "data:{\"status\":\"LOST\"}", ""));
        long start = System.nanoTime();

        assertThatThrownBy(() -> stream.awaitFinal(ORDER, in(Duration.ofSeconds(30))))
                .isInstanceOfSatisfying(Failure.class,
                        f -> assertThat(f.kind()).isEqualTo("order-events unexpected body"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void pollingAsksUntilTheOrderIsFinal() {
        server.on("/api/orders/" + ORDER, json(404, "{}"), json(200, "{\"status\":\"PENDING\"}"),
                json(200, "{\"status\":\"CANCELLED\",\"reason\":\"PAYMENT_TIMEOUT\"}"));

        Outcome outcome = new OrderWatch(api, Observe.POLL).awaitFinal(ORDER, in(Duration.ofSeconds(5)));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Final.class,
                done -> assertThat(done.reason()).isEqualTo("PAYMENT_TIMEOUT"));
        assertThat(server.requests()).hasSize(3);
    }

    private static long in(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }
}
