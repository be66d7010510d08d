package dev.orderpipeline.runtime;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.springframework.data.mongodb.core.convert.DefaultDbRefResolver;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/**
 * Test fixture, shared with the services' tests through this module's test-jar: a MongoDB
 * wire-protocol server in memory (mongo-java-server), a client on it, and the pipeline's
 * {@link MongoDatabases} mapped as in the services, without a Spring context. The converter is
 * built as Spring Boot's data-mongodb auto-configuration builds it (a mapping context with the
 * conversions' simple types; a converter with a {@link DefaultDbRefResolver} on the pipeline's
 * {@code admin} database factory; both initialised) from the conversions
 * {@link PipelineRuntimeAutoConfiguration} registers: UUIDs are stored as their strings.
 * {@code InMemoryMongoTest} checks that it maps documents exactly as the auto-configured one.
 */
public final class InMemoryMongo implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String uri = server.bindAndGetConnectionString();
    private final MongoClient client = MongoClients.create(uri);
    private final MappingMongoConverter converter = converter(client);
    private final MongoDatabases databases = new MongoDatabases(client, converter);

    /** The connection string, for a client of its own (a Spring context's, say). */
    public String uri() {
        return uri;
    }

    public MongoClient client() {
        return client;
    }

    public MappingMongoConverter converter() {
        return converter;
    }

    public MongoDatabases databases() {
        return databases;
    }

    /** A collection as stored, to look at (or tamper with) documents without the mapping. */
    public MongoCollection<Document> collection(String database, String collection) {
        return client.getDatabase(database).getCollection(collection);
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }

    private static MappingMongoConverter converter(MongoClient client) {
        PipelineRuntimeAutoConfiguration configuration = new PipelineRuntimeAutoConfiguration();
        MongoCustomConversions conversions = configuration.mongoCustomConversions();
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(
                new DefaultDbRefResolver(configuration.mongoDatabaseFactory(client)), context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return converter;
    }
}
