package dev.orderpipeline.loadgen;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;

/**
 * Waits for an order to reach a final status, through its event stream or by polling. A new order
 * is unknown (404) for a moment after its checkout: both ways keep asking until it appears.
 */
final class OrderWatch {

    static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");
    private static final Set<String> KNOWN = Set.of("PENDING", "CONFIRMED", "REJECTED", "CANCELLED");
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** The final status and when it was observed, or a timeout. Anything else is a {@link Failure}. */
    sealed interface Outcome {
        record Final(String status, String reason, long observedAt) implements Outcome {
        }

        record TimedOut() implements Outcome {
        }
    }

    private final Storefront api;
    private final Observe observe;

    OrderWatch(Storefront api, Observe observe) {
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
            Storefront.Reply reply = api.order(orderId, Duration.ofNanos(remaining));
            if (reply.status() == 200) {
                String status = status(reply.body(), "order-status");
                if (FINAL.contains(status)) {
                    return new Outcome.Final(status, reason(reply.body()), System.nanoTime());
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
            StatusStream stream = StatusStream.open(api.http(), HttpRequest.newBuilder(
                    api.uri("/api/orders/" + orderId + "/events")).header("Accept", "text/event-stream").build());
            switch (stream.await(remaining)) {
                case StatusStream.FinalSeen seen -> {
                    return new Outcome.Final(seen.status(), reason(seen.order()), seen.observedAt());
                }
                case StatusStream.Answered answered when answered.status() == 404 ->
                        LockSupport.parkNanos(Math.min(RETRY_NANOS, deadline - System.nanoTime()));
                case StatusStream.Answered answered -> throw new Failure("order-events " + answered.status());
                // closed before a final status (its maximum lifetime, a restart): open it again
                case StatusStream.Ended ended -> LockSupport.parkNanos(RETRY_NANOS);
                case StatusStream.Malformed malformed -> throw new Failure("order-events unexpected body");
                case StatusStream.Broken broken -> throw new Failure(broken.cause() instanceof HttpTimeoutException
                        ? "order-events timeout" : "order-events connection error");
                case StatusStream.Unanswered unanswered -> {
                    return new Outcome.TimedOut();
                }
            }
        }
    }

    static String status(JsonNode order, String endpoint) {
        String status = order.path("status").asString("");
        if (!KNOWN.contains(status)) {
            throw new Failure(endpoint + " unexpected body");
        }
        return status;
    }

    private static String reason(JsonNode order) {
        JsonNode reason = order.path("reason");
        return reason.isString() ? reason.asString() : null;
    }

    /**
     * One {@code /events} request, read asynchronously so waiting for it can end exactly at the
     * deadline. After the final status the rest of the stream (the server closes it at once) is left
     * to drain, so its connection goes back to the pool.
     */
    private static final class StatusStream implements Flow.Subscriber<String> {

        sealed interface Result {
        }

        record FinalSeen(String status, JsonNode order, long observedAt) implements Result {
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

        private final CompletableFuture<Result> result = new CompletableFuture<>();
        private final SseParser parser = new SseParser(this::onEvent);
        private volatile Flow.Subscription subscription;
        private CompletableFuture<HttpResponse<Void>> response;

        static StatusStream open(HttpClient http, HttpRequest request) {
            StatusStream stream = new StatusStream();
            stream.response = http.sendAsync(request, info -> stream.bodyFor(info.statusCode()));
            stream.response.whenComplete((response, error) ->
                    stream.result.complete(error == null ? new Ended() : new Broken(unwrap(error))));
            return stream;
        }

        Result await(long nanos) {
            try {
                return result.get(nanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                cancel();
                return new Unanswered();
            } catch (ExecutionException e) {
                return new Broken(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                return new Unanswered();
            }
        }

        private BodySubscriber<Void> bodyFor(int status) {
            if (status == 200) {
                return BodySubscribers.fromLineSubscriber(this);
            }
            result.complete(new Answered(status));
            return BodySubscribers.replacing(null);
        }

        private void onEvent(SseParser.Event event) {
            if (!"status".equals(event.name())) {
                return;
            }
            try {
                JsonNode order = Storefront.JSON.readTree(event.data());
                String status = status(order, "order-events");
                if (FINAL.contains(status)) {
                    result.complete(new FinalSeen(status, order, System.nanoTime()));
                }
            } catch (RuntimeException e) {
                result.complete(new Malformed());
                cancel();
            }
        }

        private void cancel() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
            response.cancel(true);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            parser.accept(line);
        }

        @Override
        public void onError(Throwable error) {
            result.complete(new Broken(error));
        }

        @Override
        public void onComplete() {
            result.complete(new Ended());
        }

        private static Throwable unwrap(Throwable error) {
            return error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
        }
    }
}
