package dev.orderpipeline.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Multi-document YAML as JSON trees; a key given twice in one mapping is an error. */
final class Yaml {

    /** One YAML document: where it came from (file or rendered target) and its content. */
    record Doc(String origin, int index, ObjectNode tree) {
        String kind() {
            return tree.path("kind").asText("");
        }

        String apiVersion() {
            return tree.path("apiVersion").asText("");
        }

        String name() {
            return tree.path("metadata").path("name").asText("");
        }

        String id() {
            return kind() + "/" + name() + " (" + origin + " document " + index + ")";
        }
    }

    static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder().build()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private Yaml() {
    }

    static List<Doc> read(String yaml, String origin) {
        List<Doc> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
            int index = 0;
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                index++;
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue; // empty document
                }
                if (!node.isObject()) {
                    throw new IllegalArgumentException(origin + " document " + index + " is not a mapping");
                }
                docs.add(new Doc(origin, index, (ObjectNode) node));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    static List<Doc> read(Path file) {
        try {
            return read(Files.readString(file), Repo.relative(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
