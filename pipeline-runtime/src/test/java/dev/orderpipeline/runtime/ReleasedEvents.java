package dev.orderpipeline.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.ReleasedContracts;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Test fixture, shared through this module's test-jar: the events a release's code wrote, one of
 * every type, recorded when it was cut ({@code contracts/events/released/<release>/examples}, see
 * docs/contracts.md), as the bytes its producers put on Kafka. The rolling-update tests hand them to
 * this build's consumers. The recorded events are one story: a cart ({@code CartOpened},
 * {@code CartItemAdded} MUG x2, {@code CartItemRemoved} BEANS) checked out ({@code CheckoutRequested})
 * into an order of 2 MUG at 14.50 EUR ({@code OrderPlaced}) that is held ({@code StockReserved}) and
 * confirmed ({@code OrderConfirmed}); another order rejected ({@code StockRejected},
 * {@code OrderRejected}) and one cancelled ({@code OrderCancelled}); and the MUG product
 * ({@code ProductUpserted} at 14.50 EUR, {@code StockAdjusted} +25).
 */
public final class ReleasedEvents {

    private final Path examples;

    private ReleasedEvents(Path examples) {
        this.examples = examples;
    }

    /** The newest release recorded: the one whose pods still run beside this build's during a rolling update. */
    public static ReleasedEvents lastRelease() {
        Path released = Path.of(System.getProperty("contracts.dir", "../contracts")).resolve("events/released");
        return new ReleasedEvents(ReleasedContracts.newest(released).resolve("examples"));
    }

    /** The bytes of the recorded event of {@code type}. */
    public byte[] bytes(String type) {
        try {
            return Files.readAllBytes(examples.resolve(type + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recorded events of these types, appended in order to their topics as records of {@code log}. */
    public List<ConsumerRecord<String, byte[]>> append(TopicLog log, String... types) {
        return Arrays.stream(types).map(type -> {
            byte[] bytes = bytes(type);
            var event = EventJson.read(bytes);
            return log.appendRaw(event.topic(), event.key(), bytes);
        }).toList();
    }
}
