package dev.orderpipeline.runtime;

import com.mongodb.client.MongoClient;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/**
 * One MongoDB deployment, one database per owner, a {@link MongoTemplate} each: {@code catalog} and
 * {@code inventory} (written by the inventory worker), {@code orders} and {@code carts} (written by
 * the order processor). Only single-document atomic operations and bulk writes of them are used: no
 * transactions, no change streams, so any MongoDB-wire server works.
 */
public class MongoDatabases {

    private final MongoTemplate catalog;
    private final MongoTemplate inventory;
    private final MongoTemplate orders;
    private final MongoTemplate carts;

    public MongoDatabases(MongoClient client, MongoConverter converter) {
        this.catalog = template(client, "catalog", converter);
        this.inventory = template(client, "inventory", converter);
        this.orders = template(client, "orders", converter);
        this.carts = template(client, "carts", converter);
    }

    public MongoTemplate catalog() {
        return catalog;
    }

    public MongoTemplate inventory() {
        return inventory;
    }

    public MongoTemplate orders() {
        return orders;
    }

    public MongoTemplate carts() {
        return carts;
    }

    private static MongoTemplate template(MongoClient client, String database, MongoConverter converter) {
        return new MongoTemplate(new SimpleMongoClientDatabaseFactory(client, database), converter);
    }
}
