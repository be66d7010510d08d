package dev.orderpipeline.events;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Part of cutting a release (docs/contracts.md): records under
 * {@code contracts/events/released/<version>/} the schemas of this build and one event of every type
 * as this build's code writes it. Later builds check their schemas against these and read these
 * events in their rolling-update tests. Runs only when asked:
 * {@code ./mvnw -B -pl pipeline-events test -Dtest=ReleaseRecorder -Dcontracts.release=<version>}.
 * A release already recorded is never overwritten.
 */
@EnabledIfSystemProperty(named = "contracts.release", matches = ".+")
class ReleaseRecorder {

    @Test
    void recordsTheSchemasAndTheEventsOfThisBuild() throws Exception {
        Path release = Contracts.released(System.getProperty("contracts.release"));
        assertThat(release).as("a release is recorded once").doesNotExist();

        Contracts.write(Contracts.envelopeFile(release), EventSchemas.envelope());
        for (Class<? extends PipelineEvent> type : Contracts.eventTypes()) {
            int version = SchemaVersions.CURRENT.current(type);
            Contracts.write(Contracts.schemaFile(release, type.getSimpleName(), version), EventSchemas.payload(type));
        }
        for (EventEnvelope event : ExampleEvents.all()) {
            // the exact bytes this build's producers put on Kafka
            Contracts.write(Contracts.examplesDir(release).resolve(event.type() + ".json"),
                    new String(EventJson.write(event), StandardCharsets.UTF_8));
        }
        assertThat(Files.list(Contracts.examplesDir(release))).hasSize(Contracts.eventTypes().size());
    }
}
