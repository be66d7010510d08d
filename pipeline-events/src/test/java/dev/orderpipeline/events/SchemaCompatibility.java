package dev.orderpipeline.events;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * The rules of docs/contracts.md over two JSON Schemas of the same event type and version: the one
 * a release was built with and the one generated now. Producers and consumers of both run side by
 * side during a rolling update, so each must read what the other writes:
 * <ul>
 * <li>a field of the released schema must still be there (not removed, not renamed), with the same
 *     type and format, also inside nested objects and array items;</li>
 * <li>whether a field is required, and whether it may be null, must not change;</li>
 * <li>a new field must be optional ({@link OptionalField}): older producers do not write it.</li>
 * </ul>
 */
final class SchemaCompatibility {

    private final String subject;
    private final List<String> problems = new ArrayList<>();

    private SchemaCompatibility(String subject) {
        this.subject = subject;
    }

    /** Each change that a reader of one schema cannot read in events written to the other, named by field. */
    static List<String> breakingChanges(String subject, JsonNode released, JsonNode current) {
        SchemaCompatibility check = new SchemaCompatibility(subject);
        check.compare("", released, current);
        return check.problems;
    }

    private void compare(String path, JsonNode released, JsonNode current) {
        Set<String> releasedTypes = types(released);
        Set<String> currentTypes = types(current);
        if (!releasedTypes.equals(currentTypes)) {
            problem(path, "changed type from " + releasedTypes + " to " + currentTypes);
            return;
        }
        String releasedFormat = released.path("format").asString("");
        String currentFormat = current.path("format").asString("");
        if (!releasedFormat.equals(currentFormat)) {
            problem(path, "changed format from '" + releasedFormat + "' to '" + currentFormat + "'");
        }
        if (releasedTypes.contains("object")) {
            compareProperties(path, released, current);
        }
        if (releasedTypes.contains("array")) {
            compare(path + "[]", released.path("items"), current.path("items"));
        }
    }

    private void compareProperties(String path, JsonNode released, JsonNode current) {
        JsonNode releasedProperties = released.path("properties");
        JsonNode currentProperties = current.path("properties");
        Set<String> releasedRequired = required(released);
        Set<String> currentRequired = required(current);
        for (String name : releasedProperties.propertyNames()) {
            String field = path.isEmpty() ? name : path + "." + name;
            if (!currentProperties.has(name)) {
                problem(field, "was removed or renamed: consumers of the release still read it");
                continue;
            }
            if (releasedRequired.contains(name) && !currentRequired.contains(name)) {
                problem(field, "is no longer required: consumers of the release need it");
            } else if (!releasedRequired.contains(name) && currentRequired.contains(name)) {
                problem(field, "became required: events of the release's producers may lack it");
            }
            compare(field, releasedProperties.get(name), currentProperties.get(name));
        }
        for (String name : currentProperties.propertyNames()) {
            if (!releasedProperties.has(name) && currentRequired.contains(name)) {
                problem(path.isEmpty() ? name : path + "." + name, "is new and required: events of the release's"
                        + " producers lack it (mark it @OptionalField and give it a default)");
            }
        }
    }

    private void problem(String field, String what) {
        problems.add(subject + ": field '" + (field.isEmpty() ? "(the event)" : field) + "' " + what);
    }

    private static Set<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        Set<String> types = new TreeSet<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        } else if (type.isString()) {
            types.add(type.asString());
        }
        return types;
    }

    private static Set<String> required(JsonNode schema) {
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        return required;
    }
}
