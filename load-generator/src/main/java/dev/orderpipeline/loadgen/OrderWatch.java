package dev.orderpipeline.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.orderpipeline.storefrontclient.Failure;
import dev.orderpipeline.storefrontclient.JsonFields;
import dev.orderpipeline.storefrontclient.Reply;
import dev.orderpipeline.storefrontclient.SseParser;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Waits for an order to reach a final status, through its event stream or by polling. A new order
 * is unknown (404) for a moment after its checkout: both ways keep asking until it appears.
 */
final class OrderWatch {

    static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");
    private static final Set<String> KNOWN = Set.of("PENDING", "CONFIRMED", "REJECTED", "CANCELLED");
    private static final String STATUS = "status";
    private static final String REASON = "reason";
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** The final status and when it was observed, or a timeout. Anything else is a {@link Failure}. */
    sealed interface Outcome {
        record Final(String status, String reason, long observedAt) implements Outcome {
        }

        record TimedOut() implements Outcome {
        }
    }

    private final StorefrontClient api;
    private final Observe observe;

    OrderWatch(StorefrontClient api, Observe observe) {
        this.api = api;
        this.observe = observe;
    }

    Outcome awaitFinal(UUID orderId, long deadline) {
        return observe == Observe.POLL ? poll(orderId, deadline) : stream(orderId, deadline);
    }

    private Outcome poll(UUID orderId, long deadline) {
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return new Outcome.TimedOut();
            }
            Reply reply = api.order(orderId, Duration.ofNanos(remaining));
            if (reply.status() == 200) {
                String[] order = known(reply.fields(STATUS, REASON), "order-status");
                if (FINAL.contains(order[0])) {
                    return new Outcome.Final(order[0], order[1], System.nanoTime());
                }
            }
            LockSupport.parkNanos(Math.min(RETRY_NANOS, deadline - System.nanoTime()));
        }
    }

    private Outcome stream(UUID orderId, long deadline) {
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return new Outcome.TimedOut();
            }
            switch (StatusStream.read(api, orderId, deadline)) {
                case StatusStream.FinalSeen seen -> {
                    return new Outcome.Final(seen.status(), seen.reason(), seen.observedAt());
                }
                case StatusStream.Answered answered when answered.status() == 404 ->
                        LockSupport.parkNanos(Math.min(RETRY_NANOS, deadline - System.nanoTime()));
                case StatusStream.Answered answered -> throw new Failure("order-events " + answered.status());
                // closed before a final status (its maximum lifetime, a restart): open it again
                case StatusStream.Ended ended -> LockSupport.parkNanos(RETRY_NANOS);
                case StatusStream.Malformed malformed -> throw new Failure("order-events unexpected body");
                case StatusStream.Broken broken -> throw new Failure(broken.cause() instanceof ConnectTimeoutException
                        ? "order-events timeout" : "order-events connection error");
                case StatusStream.Unanswered unanswered -> {
                    return new Outcome.TimedOut();
                }
            }
        }
    }

    /** An order's status and reason, as {@link JsonFields} read them; a Failure unless the status is a known one. */
    static String[] known(String[] statusAndReason, String endpoint) {
        if (statusAndReason == null || statusAndReason[0] == null || !KNOWN.contains(statusAndReason[0])) {
            throw new Failure(endpoint + " unexpected body");
        }
        return statusAndReason;
    }

    /**
     * One {@code /events} request, read line by line on the shopper's thread until a final status
     * (then the rest of the stream, which the server closes at once, is read to its end so the
     * connection goes back to the pool), the end of the stream, or the deadline, where the request
     * is cancelled.
     */
    private static final class StatusStream {

        sealed interface Result {
        }

        record FinalSeen(String status, String reason, long observedAt) implements Result {
        }

        record Answered(int status) implements Result {
        }

        record Ended() implements Result {
        }

        record Malformed() implements Result {
        }

        record Broken(Throwable cause) implements Result {
        }

        record Unanswered() implements Result {
        }

        /** Chars: an event's data line is a few hundred; a longer one is read in several fills. */
        private static final int LINE_BUFFER = 1024;

        private final SseParser parser = new SseParser(this::onEvent);
        /** A final status or a malformed event, once seen: it stands whatever happens to the connection after. */
        private Result seen;

        static Result read(StorefrontClient api, UUID orderId, long deadline) {
            StatusStream stream = new StatusStream();
            try {
                return api.orderEvents(orderId, deadline, stream::read);
            } catch (IOException e) {
                return stream.after(e, deadline);
            }
        }

        private Result read(ClassicHttpResponse response, Cancellable abandon) throws IOException {
            HttpEntity entity = response.getEntity();
            if (response.getCode() != 200 || entity == null) {
                return response.getCode() == 200 ? new Ended() : new Answered(response.getCode());
            }
            var lines = new BufferedReader(new InputStreamReader(entity.getContent(), StandardCharsets.UTF_8),
                    LINE_BUFFER);
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                parser.accept(line);
                if (seen instanceof Malformed) {
                    abandon.cancel();
                }
                if (seen != null) {
                    return seen;
                }
            }
            return new Ended();
        }

        private Result after(IOException failure, long deadline) {
            if (seen != null) {
                return seen;
            }
            if (Thread.currentThread().isInterrupted() || System.nanoTime() - deadline >= 0) {
                return new Unanswered();
            }
            return new Broken(failure);
        }

        private void onEvent(SseParser.Event event) {
            if (seen != null || !"status".equals(event.name())) {
                return;
            }
            try {
                String[] order = known(JsonFields.of(event.data(), STATUS, REASON), "order-events");
                if (FINAL.contains(order[0])) {
                    seen = new FinalSeen(order[0], order[1], System.nanoTime());
                }
            } catch (RuntimeException e) {
                seen = new Malformed();
            }
        }
    }
}
