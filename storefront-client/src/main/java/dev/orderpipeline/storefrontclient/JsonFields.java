package dev.orderpipeline.storefrontclient;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The few top-level string fields a shopper reads from a reply (an id, a status and its reason),
 * read with Jackson's streaming parser rather than as a tree of the whole body, and the small
 * request bodies it sends, written with Jackson's string escaping.
 */
public final class JsonFields {

    private static final TokenStreamFactory FACTORY = StorefrontClient.JSON.tokenStreamFactory();
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private JsonFields() {
    }

    /**
     * The values of the top-level fields {@code names} of the JSON object {@code json}, in their
     * order: null where a field is absent or not a string. Null, not an array, when {@code json}
     * is not one JSON object.
     */
    public static String[] of(byte[] json, String... names) {
        if (json.length == 0) {
            return null;
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser, names);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** As {@link #of(byte[], String...)}, for JSON in a string (an event's data). */
    public static String[] of(String json, String... names) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser, names);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** {@code "value"}: a JSON string. */
    public static String quote(String value) {
        return '"' + new String(ENCODER.quoteAsCharArray(value)) + '"';
    }

    private static String[] read(JsonParser parser, String... names) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String[] values = new String[names.length];
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken value = parser.nextToken();
            int index = indexOf(names, name);
            if (index >= 0) {
                values[index] = value == JsonToken.VALUE_STRING ? parser.getString() : null;
            }
            parser.skipChildren();
        }
        return parser.nextToken() == null ? values : null;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
