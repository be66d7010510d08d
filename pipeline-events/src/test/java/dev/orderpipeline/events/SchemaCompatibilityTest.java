package dev.orderpipeline.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas this build generates against those of the last release (docs/contracts.md): during a
 * rolling update, consumers of either version read what producers of the other write. The message of a
 * failure names the event and the field.
 */
class SchemaCompatibilityTest {

    @Test
    void theEventsOfThisBuildAndOfTheLastReleaseReadEachOther() throws IOException {
        Path release = Contracts.released(Contracts.lastRelease());
        List<String> problems = new ArrayList<>(SchemaCompatibility.breakingChanges("EventEnvelope",
                Contracts.read(Contracts.envelopeFile(release)), EventSchemas.envelope()));
        List<String> current = Contracts.eventTypes().stream().map(Class::getSimpleName).toList();
        try (Stream<Path> files = Files.list(release)) {
            for (Path versionDir : files.filter(dir -> dir.getFileName().toString().matches("v\\d+")).toList()) {
                int version = Integer.parseInt(versionDir.getFileName().toString().substring(1));
                try (Stream<Path> schemas = Files.list(versionDir)) {
                    for (Path schema : schemas.sorted().toList()) {
                        String type = schema.getFileName().toString().replace(".json", "");
                        problems.addAll(check(type, version, Contracts.read(schema), current));
                    }
                }
            }
        }
        assertThat(problems).as("changes that break readers of release " + Contracts.lastRelease()
                + " or of this build (docs/contracts.md)").isEmpty();
        assertThat(current).as("every type of this build or of the release has been compared")
                .allSatisfy(type -> assertThat(Contracts.schemaFile(release, type, 1)).exists());
    }

    private static List<String> check(String type, int version, JsonNode released, List<String> current) {
        if (!current.contains(type)) {
            return List.of(type + " (schemaVersion " + version + "): the event type of release " + Contracts.lastRelease()
                    + " was removed or renamed: its events still on the topics could not be read");
        }
        Class<? extends PipelineEvent> record = Contracts.eventTypes().get(current.indexOf(type));
        int now = SchemaVersions.CURRENT.current(type);
        if (now > version) {
            // SchemaVersions has an upgrade from every older version; the old shape stays documented
            return Files.exists(Contracts.schemaFile(Contracts.events(), type, version)) ? List.of()
                    : List.of(type + ": the schema of version " + version + " must stay in contracts/events/v" + version);
        }
        return SchemaCompatibility.breakingChanges(type + " (schemaVersion " + version + ")", released,
                EventSchemas.payload(record));
    }

    // ------------------------------------------------------------------ the rules, one change at a time

    record ItemV1(UUID cartId, String sku, int quantity, Line line, @OptionalField String note) {
    }

    record Line(String sku, long unitPriceCents) {
    }

    record ItemRemovesSku(UUID cartId, int quantity, Line line, @OptionalField String note) {
    }

    record ItemQuantityAsText(UUID cartId, String sku, String quantity, Line line, @OptionalField String note) {
    }

    record ItemWithNewRequiredField(UUID cartId, String sku, int quantity, Line line, @OptionalField String note,
                                    String giftWrap) {
    }

    record ItemWithNewOptionalField(UUID cartId, String sku, int quantity, Line line, @OptionalField String note,
                                    @OptionalField String giftWrap) {
    }

    record ItemNoteRequired(UUID cartId, String sku, int quantity, Line line, String note) {
    }

    record LinePriceAsInt(String sku, int unitPriceCents) {
    }

    record ItemLinePriceAsInt(UUID cartId, String sku, int quantity, LinePriceAsInt line, @OptionalField String note) {
    }

    @Test
    void aRemovedOrRenamedFieldBreaksOlderConsumers() {
        assertThat(changes(ItemRemovesSku.class)).containsExactly(
                "Item: field 'sku' was removed or renamed: consumers of the release still read it");
    }

    @Test
    void aChangedTypeBreaksBothWaysAlsoInsideNestedObjects() {
        assertThat(changes(ItemQuantityAsText.class)).singleElement().asString()
                .startsWith("Item: field 'quantity' changed type from [integer] to [string]");
        assertThat(changes(ItemLinePriceAsInt.class)).containsExactly(
                "Item: field 'line.unitPriceCents' changed format from 'int64' to 'int32'");
    }

    @Test
    void aNewFieldMustBeOptionalBecauseOlderProducersDoNotWriteIt() {
        assertThat(changes(ItemWithNewRequiredField.class)).containsExactly("Item: field 'giftWrap' is new and required:"
                + " events of the release's producers lack it (mark it @OptionalField and give it a default)");
        assertThat(changes(ItemWithNewOptionalField.class)).isEmpty();
    }

    @Test
    void whetherAFieldIsRequiredMustNotChange() {
        assertThat(changes(ItemNoteRequired.class)).first().asString()
                .isEqualTo("Item: field 'note' became required: events of the release's producers may lack it");
        assertThat(SchemaCompatibility.breakingChanges("Item", EventSchemas.of(ItemNoteRequired.class),
                EventSchemas.of(ItemV1.class))).first().asString()
                .isEqualTo("Item: field 'note' is no longer required: consumers of the release need it");
    }

    @Test
    void theSameSchemaIsCompatible() {
        assertThat(changes(ItemV1.class)).isEmpty();
    }

    private static List<String> changes(Class<?> current) {
        return SchemaCompatibility.breakingChanges("Item", EventSchemas.of(ItemV1.class), EventSchemas.of(current));
    }
}
