package dev.orderpipeline.events;

import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/** Validation of JSON against a JSON Schema (networknt's json-schema-validator), errors as readable lines. */
final class JsonSchemas {

    private JsonSchemas() {
    }

    static List<String> errors(JsonNode schema, JsonNode instance, SpecificationVersion dialect) {
        Schema compiled = SchemaRegistry.withDefaultDialect(dialect).getSchema(schema);
        return compiled.validate(instance).stream().map(JsonSchemas::describe).toList();
    }

    /** For the generated event schemas (draft 2020-12). */
    static List<String> errors(JsonNode schema, JsonNode instance) {
        return errors(schema, instance, SpecificationVersion.DRAFT_2020_12);
    }

    private static String describe(Error error) {
        return error.getInstanceLocation() + ": " + error.getMessage();
    }
}
