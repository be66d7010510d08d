package dev.orderpipeline.events;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed schemas of {@code contracts/events} are the ones the records generate, and what the
 * code writes is valid against them. After an intended change of a record (docs/contracts.md says
 * which changes are allowed), regenerate them with
 * {@code ./mvnw -B -pl pipeline-events test -Dtest=EventSchemasTest -Dcontracts.write=true}.
 */
class EventSchemasTest {

    private static final String REGENERATE = "; if the change of the record is intended and docs/contracts.md allows it,"
            + " regenerate the schemas: ./mvnw -B -pl pipeline-events test -Dtest=EventSchemasTest -D"
            + Contracts.WRITE_PROPERTY + "=true";

    @Test
    void theCommittedSchemasAreTheOnesTheRecordsGenerate() {
        List<String> stale = new ArrayList<>();
        check(Contracts.envelopeFile(Contracts.events()), EventSchemas.envelope(), stale);
        for (Class<? extends PipelineEvent> type : Contracts.eventTypes()) {
            Path file = Contracts.schemaFile(Contracts.events(), type.getSimpleName(), SchemaVersions.CURRENT.current(type));
            check(file, EventSchemas.payload(type), stale);
        }
        assertThat(stale).as("schemas that differ from the records" + REGENERATE).isEmpty();
    }

    @Test
    void everyEventTheCodeWritesIsValidAgainstTheCommittedSchemas() {
        JsonNode envelopeSchema = Contracts.read(Contracts.envelopeFile(Contracts.events()));
        for (EventEnvelope event : ExampleEvents.all()) {
            JsonNode written = Contracts.JSON.readTree(new String(EventJson.write(event), StandardCharsets.UTF_8));
            JsonNode payloadSchema = Contracts.read(Contracts.schemaFile(Contracts.events(), event.type(),
                    event.schemaVersion()));

            assertThat(JsonSchemas.errors(envelopeSchema, written)).as(event.type() + " envelope").isEmpty();
            assertThat(JsonSchemas.errors(payloadSchema, written.get("payload"))).as(event.type()).isEmpty();
        }
    }

    @Test
    void aPayloadThatBreaksTheSchemaIsFoundByIt() {
        JsonNode schema = Contracts.read(Contracts.schemaFile(Contracts.events(), "OrderPlaced", 1));
        JsonNode lineWithoutPrice = Contracts.JSON.readTree("""
                {"orderId":"6f1d2b3c-4a5e-4f60-8b71-92a3b4c5d6e7","cartId":"6f1d2b3c-4a5e-4f60-8b71-92a3b4c5d6e8",
                 "lines":[{"sku":"MUG","quantity":"2"}],"totalCents":2900,"currency":"EUR"}""");

        assertThat(JsonSchemas.errors(schema, lineWithoutPrice)).anySatisfy(error -> assertThat(error)
                .contains("unitPriceCents")).anySatisfy(error -> assertThat(error).contains("quantity"));
    }

    private static void check(Path file, JsonNode generated, List<String> stale) {
        if (Contracts.writing()) {
            Contracts.write(file, generated);
            return;
        }
        if (!Files.exists(file)) {
            stale.add(file + " is missing");
        } else if (!Contracts.read(file).equals(generated)) {
            stale.add(file + " differs from what " + generated.path("title").asString() + " generates");
        }
    }
}
