package dev.orderpipeline.events;

import java.util.Map;
import java.util.function.UnaryOperator;

import tools.jackson.databind.node.ObjectNode;

/**
 * The payload shape version each event type is written in, and the one place where a consumer turns
 * the payload of an older version into the current shape before it becomes a record.
 *
 * <p>A change an older consumer can read (a new {@link OptionalField}) keeps the version. Any other
 * change makes a new version of that type: its schema is committed under
 * {@code contracts/events/v<N>/}, and an upgrade from the version before is registered here. A
 * version newer than this code knows is refused as an {@link InvalidEventException} naming it, so the
 * record is dead-lettered and can be re-driven once this consumer is upgraded.
 */
public final class SchemaVersions {

    /** The versions of this build: every type is at version 1 until a type gets a new version. */
    public static final SchemaVersions CURRENT = new SchemaVersions(Map.of(), Map.of());

    static final int FIRST = 1;

    private final Map<String, Integer> versions;
    private final Map<String, Map<Integer, UnaryOperator<ObjectNode>>> upgrades;

    /**
     * @param versions per type name, its current version (types not listed are at version 1)
     * @param upgrades per type name and version {@code n}, the step from the payload of {@code n} to {@code n + 1}
     */
    public SchemaVersions(Map<String, Integer> versions,
                          Map<String, Map<Integer, UnaryOperator<ObjectNode>>> upgrades) {
        this.versions = Map.copyOf(versions);
        this.upgrades = Map.copyOf(upgrades);
        this.versions.forEach((type, version) -> {
            for (int from = FIRST; from < version; from++) {
                if (!upgradesOf(type).containsKey(from)) {
                    throw new IllegalArgumentException(type + " is at version " + version
                            + " without an upgrade from " + from);
                }
            }
        });
    }

    public int current(String type) {
        return versions.getOrDefault(type, FIRST);
    }

    public int current(Class<? extends PipelineEvent> type) {
        return current(type.getSimpleName());
    }

    /**
     * The payload of {@code type} written in {@code version}, in the current shape.
     *
     * @throws InvalidEventException for a version this code does not know
     */
    ObjectNode upgrade(String type, int version, ObjectNode payload) {
        int current = current(type);
        if (version > current) {
            throw new InvalidEventException("schemaVersion " + version + " of " + type + " is newer than this consumer"
                    + " reads (" + current + "): re-drive it from the dead-letter topic once the consumer is upgraded");
        }
        if (version < FIRST) {
            throw new InvalidEventException("unsupported schemaVersion " + version + " of " + type);
        }
        ObjectNode shape = payload;
        for (int from = version; from < current; from++) {
            shape = upgradesOf(type).get(from).apply(shape);
        }
        return shape;
    }

    private Map<Integer, UnaryOperator<ObjectNode>> upgradesOf(String type) {
        return upgrades.getOrDefault(type, Map.of());
    }
}
