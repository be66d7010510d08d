package dev.orderpipeline.testkit;

import java.util.List;
import java.util.function.BiFunction;

import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.NoSuchCommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands that current MongoDB tools send at connect, answered as a {@code mongod} of
 * {@link #REPORTED_VERSION} answers them, on top of mongo-java-server's own: {@code hello} (the
 * drivers' handshake and monitoring, Spring Boot's health check), {@code getParameter} of the
 * feature compatibility version (mongosh). A command the stand-in does not know is answered
 * CommandNotFound as mongod does ({@code atlasVersion} on a server that is not Atlas), logged in
 * one line instead of with a stack trace: mongosh asks for several at every connect.
 */
final class StandInCommands {

    /**
     * MongoDB 4.4's wire version (9), the lowest that current drivers and mongosh 2 accept (the Node
     * driver of mongosh 2.12 refuses less). mongo-java-server reports 8 out of the box; its commands
     * are those of the 4.x servers, and a higher wire version would tell drivers to use what it does
     * not implement.
     */
    static final MongoVersion REPORTED_VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    private static final Logger log = LoggerFactory.getLogger(StandInCommands.class);

    private StandInCommands() {
    }

    /** Answers {@code command}, with mongo-java-server's {@code backend} for what it implements itself. */
    static Document handle(String command, Document query, BiFunction<String, Document, Document> backend) {
        try {
            if (command.equalsIgnoreCase("hello")) {
                return hello(backend.apply("isMaster", query));
            }
            if (command.equals("getParameter")) {
                return getParameter(query);
            }
            Document answer = backend.apply(command, query);
            if (command.equalsIgnoreCase("isMaster") && Boolean.TRUE.equals(query.get("helloOk"))) {
                answer.put("helloOk", Boolean.TRUE); // the client may use hello from now on
            }
            return answer;
        } catch (NoSuchCommandException e) {
            log.info("answered {}: {}", command, e.getMessageWithoutErrorCode());
            return error(e);
        }
    }

    /** {@code hello} answers what {@code isMaster} does, the primary flag under its current name. */
    private static Document hello(Document isMaster) {
        Document hello = new Document();
        isMaster.forEach((key, value) -> hello.put(key.equals("ismaster") ? "isWritablePrimary" : key, value));
        return hello;
    }

    private static Document getParameter(Document query) {
        if (!Boolean.TRUE.equals(truthy(query.get("featureCompatibilityVersion")))) {
            return error(new MongoServerError(72, "InvalidOptions", "no option found to get"));
        }
        String version = REPORTED_VERSION.getVersionArray().get(0) + "." + REPORTED_VERSION.getVersionArray().get(1);
        return new Document("featureCompatibilityVersion", new Document("version", version)).append("ok", 1.0);
    }

    private static Boolean truthy(Object value) {
        return value instanceof Number number ? number.doubleValue() != 0 : Boolean.TRUE.equals(value);
    }

    private static Document error(MongoServerError e) {
        return new Document("ok", 0.0).append("errmsg", e.getMessageWithoutErrorCode()).append("code", e.getCode())
                .append("codeName", e.getCodeName());
    }
}
