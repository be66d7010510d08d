package dev.orderpipeline.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * JSON schemas of Strimzi's custom resources, taken from the CRDs that
 * {@code scripts/regenerate-strimzi-schemas.sh} generates from {@code io.strimzi:api} and commits
 * under {@code src/test/resources/strimzi-crds/}. The API server prunes or rejects unknown fields of
 * a structural schema; to make the same mistakes fail here, every object schema that lists its
 * properties (and does not preserve unknown fields) gets {@code additionalProperties: false}.
 * The CRDs' CEL rules (x-kubernetes-validations) are not evaluated.
 */
final class StrimziCrdSchemas {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    /** "kafka.strimzi.io/v1 Kafka" -> schema. */
    private final Map<String, Schema> schemas = new HashMap<>();
    private final Map<String, String> generatedBy = new HashMap<>();

    private StrimziCrdSchemas() {
    }

    static StrimziCrdSchemas load(Path dir) {
        StrimziCrdSchemas result = new StrimziCrdSchemas();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String text = Files.readString(file);
                result.generatedBy.put(file.getFileName().toString(), text.lines().findFirst().orElse(""));
                JsonNode crd = YAML.readTree(text);
                String group = crd.path("spec").path("group").asString();
                String kind = crd.path("spec").path("names").path("kind").asString();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if (!version.path("served").asBoolean(false)) {
                        continue;
                    }
                    JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                    closeObjects(schema);
                    result.schemas.put(group + "/" + version.path("name").asString() + " " + kind,
                            REGISTRY.getSchema(schema));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (result.schemas.isEmpty()) {
            throw new IllegalStateException("no CRD schemas under " + dir);
        }
        return result;
    }

    /** The first line of each committed CRD file ("# Generated ... io.strimzi:api X ..."). */
    Map<String, String> headers() {
        return generatedBy;
    }

    boolean knows(String apiVersion, String kind) {
        return schemas.containsKey(apiVersion + " " + kind);
    }

    /** Validates one custom resource (given as a Jackson 2 tree from {@link Yaml}); empty when valid. */
    List<String> validate(Yaml.Doc doc) {
        Schema schema = schemas.get(doc.apiVersion() + " " + doc.kind());
        if (schema == null) {
            return List.of(doc.id() + ": no CRD schema for " + doc.apiVersion() + " " + doc.kind()
                    + " (served versions: " + schemas.keySet() + ")");
        }
        JsonNode instance = JSON.readTree(doc.tree().toString());
        List<String> errors = new ArrayList<>();
        schema.validate(instance).forEach(e -> errors.add(doc.id() + ": " + e.getInstanceLocation() + " " + e.getMessage()));
        return errors;
    }

    /**
     * Walks the schema structurally (properties, items, additionalProperties, allOf/anyOf/oneOf/not)
     * and closes every {@code type: object} schema that lists its properties. Branches of oneOf
     * without a type (Strimzi's "exactly one of these fields" constraints) stay open.
     */
    private static void closeObjects(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        boolean preserves = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if ("object".equals(object.path("type").asString("")) && object.has("properties")
                && !object.has("additionalProperties") && !preserves) {
            object.put("additionalProperties", false);
        }
        object.path("properties").values().forEach(StrimziCrdSchemas::closeObjects);
        closeObjects(object.get("items"));
        closeObjects(object.get("additionalProperties"));
        closeObjects(object.get("not"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            object.path(combinator).values().forEach(StrimziCrdSchemas::closeObjects);
        }
    }
}
