package dev.orderpipeline.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Old and new pods read the same topics during a rolling update. Events the last release's code
 * wrote (recorded in {@code contracts/events/released/<release>/examples}) are read by this build;
 * events this build writes are valid for the release's consumers, which read by the release's
 * schemas and ignore fields they do not know; and what a consumer cannot know, a type or a version
 * newer than its own, is refused with a reason that says to re-drive it after the upgrade. The
 * services' flow tests handle the same recorded events.
 */
class RollingUpdateTest {

    private static final Path RELEASE = Contracts.released(Contracts.lastRelease());

    @Test
    void eventsTheLastReleaseWroteAreReadByThisBuild() {
        Map<String, byte[]> written = releasedExamples();

        assertThat(written.keySet()).as("the release wrote every type this build still has")
                .containsAll(Contracts.eventTypes().stream().map(Class::getSimpleName).toList());
        written.forEach((type, bytes) -> {
            EventEnvelope event = EventJson.read(bytes);
            JsonNode json = Contracts.JSON.readTree(bytes);
            assertThat(event.type()).isEqualTo(type);
            assertThat(event.eventId()).hasToString(json.get("eventId").asString());
            assertThat(event.key()).isEqualTo(json.get("key").asString());
            JsonNode payload = Contracts.JSON.readTree(Contracts.JSON.writeValueAsString(event.payload()));
            assertThat(payload).as("%s read as it was written", type).isEqualTo(json.get("payload"));
        });
    }

    @Test
    void eventsOfThisBuildAreValidForTheConsumersOfTheLastRelease() {
        JsonNode envelope = Contracts.read(Contracts.envelopeFile(RELEASE));
        for (EventEnvelope event : ExampleEvents.all()) {
            JsonNode written = Contracts.JSON.readTree(EventJson.write(event));
            Path releasedSchema = Contracts.schemaFile(RELEASE, event.type(), event.schemaVersion());

            assertThat(releasedSchema).as("%s v%d is known to the release", event.type(), event.schemaVersion()).exists();
            assertThat(JsonSchemas.errors(envelope, written)).as(event.type()).isEmpty();
            assertThat(JsonSchemas.errors(Contracts.read(releasedSchema), written.get("payload"))).as(event.type()).isEmpty();
        }
    }

    @Test
    void fieldsAConsumerDoesNotKnowAreIgnored() {
        releasedExamples().forEach((type, bytes) -> {
            ObjectNode extended = (ObjectNode) Contracts.JSON.readTree(bytes);
            extended.put("tenant", "added-later");
            ((ObjectNode) extended.get("payload")).putObject("giftWrap").put("paper", "red");

            assertThat(EventJson.read(Contracts.JSON.writeValueAsBytes(extended))).as(type)
                    .isEqualTo(EventJson.read(bytes));
        });
    }

    @Test
    void aTypeTheConsumerDoesNotKnowIsRefusedWithAReasonToReDriveIt() {
        ObjectNode unknown = (ObjectNode) Contracts.JSON.readTree(releasedExamples().get("OrderConfirmed"));
        unknown.put("type", "OrderShipped");

        assertThatThrownBy(() -> EventJson.read(Contracts.JSON.writeValueAsBytes(unknown)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unknown event type: OrderShipped")
                .hasMessageContaining("re-drive it from the dead-letter topic once the consumer is upgraded");
    }

    @Test
    void aVersionNewerThanTheConsumerKnowsIsRefusedWithAReasonToReDriveIt() {
        ObjectNode newer = (ObjectNode) Contracts.JSON.readTree(releasedExamples().get("OrderPlaced"));
        newer.put("schemaVersion", SchemaVersions.CURRENT.current(OrderPlaced.class) + 1);

        assertThatThrownBy(() -> EventJson.read(Contracts.JSON.writeValueAsBytes(newer)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("schemaVersion 2 of OrderPlaced is newer than this consumer reads (1)")
                .hasMessageContaining("re-drive");
    }

    /** The recorded events of the last release by type, as the bytes its producers wrote. */
    static Map<String, byte[]> releasedExamples() {
        try (Stream<Path> files = Files.list(Contracts.examplesDir(RELEASE))) {
            return files.collect(java.util.stream.Collectors.toMap(
                    file -> file.getFileName().toString().replace(".json", ""), RollingUpdateTest::bytes));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readString(file).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
