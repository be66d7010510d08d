package dev.orderpipeline.testkit;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.h2.H2UniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * mongo-java-server's H2 backend, with one difference that matters for speed: a filter that names
 * one {@code _id} and more conditions ({@code {_id: X, status: "OPEN", position: {$lt: 7}}}, the
 * pipeline's idempotent conditional updates, also inside {@code $and}) is looked up through the {@code _id} index and the other
 * conditions are checked on that one document, as mongod does. Out of the box, mongo-java-server
 * uses an index only when the filter has exactly the index's fields, and otherwise scans the whole
 * collection, so every such update cost O(documents): 10-30 ms per update at 20,000 carts.
 */
final class IdLookupH2Backend extends H2Backend {

    IdLookupH2Backend(String file) {
        super(file);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new H2Database(databaseName, getMvStore(), getCursorRegistry()) {
            @Override
            protected Index<Object> openOrCreateUniqueIndex(String collection, String indexName, List<IndexKey> keys,
                                                            boolean sparse) {
                Index<Object> index = super.openOrCreateUniqueIndex(collection, indexName, keys, sparse);
                boolean idOnly = keys.size() == 1 && keys.getFirst().getKey().equals("_id");
                return idOnly && index instanceof H2UniqueIndex h2 ? new IdIndex(mapOf(h2), indexName, keys, sparse) : index;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static MVMap<KeyValue, Object> mapOf(H2UniqueIndex index) {
        try {
            Field map = H2UniqueIndex.class.getDeclaredField("mvMap");
            map.setAccessible(true);
            return (MVMap<KeyValue, Object>) map.get(index);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("mongo-java-server's H2UniqueIndex changed: " + e, e);
        }
    }

    /** The {@code _id} index over the same H2 map as H2UniqueIndex, which also answers filters with more fields. */
    private static final class IdIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;

        IdIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        public synchronized boolean canHandle(Document query) {
            return super.canHandle(idPart(query));
        }

        @Override
        public synchronized Iterable<Object> getPositions(Document query) {
            // the collection checks every returned document against the whole filter
            return super.getPositions(idPart(query));
        }

        /**
         * {@code {_id: X}} when the filter pins one plain _id among other conditions, at its top level
         * or in a top-level {@code $and} (the Java driver sends {@code Filters.and} as one); else the filter.
         */
        private static Document idPart(Document query) {
            Object id = plainId(query);
            if (id == null && query.get("$and") instanceof List<?> conditions) {
                id = conditions.stream().filter(Document.class::isInstance).map(c -> plainId((Document) c))
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            }
            return id == null || query.keySet().equals(java.util.Set.of("_id")) ? query : new Document("_id", id);
        }

        private static Object plainId(Document query) {
            Object id = query.get("_id");
            return id == null || id instanceof Document || id instanceof List<?> ? null : id;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }
}
