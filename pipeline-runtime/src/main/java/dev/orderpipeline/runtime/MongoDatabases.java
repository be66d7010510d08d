package dev.orderpipeline.runtime;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

/**
 * One MongoDB deployment, one database per owner ({@code catalog}, {@code inventory},
 * {@code orders}, {@code carts}). Only single-document atomic operations are used: no
 * transactions, no change streams, so any MongoDB-wire server works.
 */
public class MongoDatabases {

    public static final String CATALOG = "catalog";
    public static final String INVENTORY = "inventory";
    public static final String ORDERS = "orders";
    public static final String CARTS = "carts";

    private final MongoClient client;

    public MongoDatabases(MongoClient client) {
        this.client = client;
    }

    public MongoCollection<Document> collection(String database, String collection) {
        return client.getDatabase(database).getCollection(collection);
    }
}
