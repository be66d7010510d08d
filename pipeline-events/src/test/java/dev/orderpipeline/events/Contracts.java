package dev.orderpipeline.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed contract files under {@code contracts/} (the build passes the folder as the system
 * property {@code contracts.dir}): the current event schemas, and per release its schemas and the
 * events its code wrote.
 */
final class Contracts {

    /** Set to {@code true} to rewrite the committed schemas from the records instead of comparing them. */
    static final String WRITE_PROPERTY = "contracts.write";

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Contracts() {
    }

    /**
     * The release whose producers and consumers still run beside this build during a rolling update:
     * the newest one recorded.
     */
    static String lastRelease() {
        return ReleasedContracts.newest(events().resolve("released")).getFileName().toString();
    }

    static Path root() {
        return Path.of(System.getProperty("contracts.dir", "../contracts")).toAbsolutePath().normalize();
    }

    /** {@code contracts/events}: the schemas of this build. */
    static Path events() {
        return root().resolve("events");
    }

    /** {@code contracts/events/released/<release>}: a release's schemas and the events its code wrote. */
    static Path released(String release) {
        return events().resolve("released").resolve(release);
    }

    static Path schemaFile(Path base, String type, int version) {
        return base.resolve("v" + version).resolve(type + ".json");
    }

    static Path envelopeFile(Path base) {
        return base.resolve("EventEnvelope.json");
    }

    static Path examplesDir(Path base) {
        return base.resolve("examples");
    }

    static List<Class<? extends PipelineEvent>> eventTypes() {
        return Arrays.stream(PipelineEvent.class.getPermittedSubclasses()).map(Contracts::asEvent).toList();
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, JsonNode json) {
        write(file, JSON.writeValueAsString(json) + "\n");
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean writing() {
        return Boolean.getBoolean(WRITE_PROPERTY);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends PipelineEvent> asEvent(Class<?> type) {
        return (Class<? extends PipelineEvent>) type;
    }
}
