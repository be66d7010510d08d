package dev.orderpipeline.testkit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ByteArrayDataType;

/**
 * mongo-java-server's H2 (MVStore) backend, with three differences that matter for speed, none for
 * what a client sees:
 * <ul>
 *   <li>documents are stored as BSON bytes ({@link BsonCollection}), not as objects MVStore writes
 *       with Java serialization;</li>
 *   <li>index keys are compared as values ({@link KeyValueType}); out of the box they are not
 *       {@code Comparable}, so MVStore serialised both keys of every comparison of a lookup;</li>
 *   <li>a filter that names one {@code _id} and more conditions ({@code {_id: X, status: "OPEN",
 *       position: {$lt: 7}}}, the pipeline's idempotent conditional updates, also inside
 *       {@code $and}) is looked up through the {@code _id} index and the other conditions are checked
 *       on that one document, as mongod does. Out of the box, mongo-java-server uses an index only
 *       when the filter has exactly the index's fields, and otherwise scans the whole collection.</li>
 * </ul>
 * The map names are mongo-java-server's, but the stored bytes differ, so a file of its own backend
 * cannot be opened with this one (and the other way round).
 */
final class StandInBackend extends H2Backend {

    /** mongo-java-server's names of a collection's maps in the MVStore. */
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    StandInBackend(String file) {
        super(file);
        version(StandInCommands.REPORTED_VERSION);
    }

    /** What current drivers, health checks and mongosh send beyond mongo-java-server's commands: {@link StandInCommands}. */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        return StandInCommands.handle(command, query,
                (name, document) -> super.handleCommand(channel, databaseName, name, document));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        MVStore store = getMvStore();
        return new H2Database(databaseName, store, getCursorRegistry()) {
            @Override
            protected Index<Object> openOrCreateUniqueIndex(String collection, String indexName, List<IndexKey> keys,
                                                            boolean sparse) {
                MVMap<KeyValue, Object> map = store.openMap(getFullCollectionNamespace(collection) + "._index_" + indexName,
                        new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
                return new MapIndex(map, indexName, keys, sparse);
            }

            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                String name = getFullCollectionNamespace(collectionName);
                MVMap<Object, byte[]> data = store.openMap(DATA_PREFIX + name,
                        new MVMap.Builder<Object, byte[]>().valueType(ByteArrayDataType.INSTANCE));
                MVMap<String, Object> meta = store.openMap(META_PREFIX + name);
                return new BsonCollection(this, collectionName, options, data, meta, getCursorRegistry());
            }
        };
    }

    /**
     * A collection whose documents are kept as BSON bytes (mongo-java-server's own codec, the one its
     * wire protocol uses), as its H2Collection keeps objects. mongo-java-server updates the document
     * it got from the collection in place; an object in the map could then be written to disk by
     * MVStore's background writer while it changes (that stops the store), and MVStore would encode
     * every document of a changed page at every commit. Bytes are encoded once per write, read once
     * per read, and never change.
     */
    static final class BsonCollection extends AbstractSynchronizedMongoCollection<Object> {

        private static final String DATA_SIZE = "dataSize";

        private final MVMap<Object, byte[]> data;
        private final MVMap<String, Object> meta;

        BsonCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, byte[]> data,
                       MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, cursors);
            this.data = data;
            this.meta = meta;
            meta.putIfAbsent(DATA_SIZE, 0L);
        }

        @Override
        protected Object addDocumentInternal(Document document) {
            Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
            byte[] previous = data.put(Missing.ofNullable(key), encode(document));
            if (previous != null) {
                throw new IllegalStateException("Document with key '" + key + "' already existed in " + this);
            }
            return key;
        }

        @Override
        protected Document getDocument(Object position) {
            byte[] bytes = data.get(position);
            return bytes == null ? null : decode(bytes);
        }

        @Override
        protected void removeDocument(Object position) {
            if (data.remove(position) == null) {
                throw new NoSuchElementException("No document with key " + position);
            }
        }

        @Override
        protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
            data.put(Missing.ofNullable(position), encode(newDocument));
        }

        @Override
        protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
            return data.entrySet().stream().map(entry -> new DocumentWithPosition<>(decode(entry.getValue()), entry.getKey()));
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Stream<Document> documents = isNaturalDescending(orderBy)
                    ? streamAllDocumentsWithPosition()
                            .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                            .map(DocumentWithPosition::getDocument)
                    : data.values().stream().map(BsonCollection::decode);
            return matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        public int count() {
            return data.size();
        }

        @Override
        public boolean isEmpty() {
            return data.isEmpty();
        }

        @Override
        protected void updateDataSize(int sizeDelta) {
            synchronized (meta) {
                meta.put(DATA_SIZE, ((Number) meta.get(DATA_SIZE)).longValue() + sizeDelta);
            }
        }

        @Override
        protected int getDataSize() {
            return ((Number) meta.get(DATA_SIZE)).intValue();
        }

        private static byte[] encode(Document document) {
            ByteBuf buffer = Unpooled.buffer(256);
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        }

        private static Document decode(byte[] bytes) {
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
        }
    }

    /** An index key: its values in BSON, ordered as MongoDB orders values. */
    static final class KeyValueType extends BasicDataType<KeyValue> {

        static final KeyValueType INSTANCE = new KeyValueType();
        private static final byte MISSING = (byte) 0xFE;

        @Override
        public int compare(KeyValue a, KeyValue b) {
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                int order = ValueComparator.asc().compare(a.get(i), b.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(a.size(), b.size());
        }

        @Override
        public int getMemory(KeyValue key) {
            return 64 + 32 * key.size();
        }

        @Override
        public void write(WriteBuffer buffer, KeyValue key) {
            ByteBuf bytes = Unpooled.buffer(64);
            bytes.writeByte(key.size());
            for (Object value : key) {
                if (value instanceof Missing) {
                    bytes.writeByte(MISSING);
                } else {
                    byte type = BsonEncoder.determineType(value);
                    bytes.writeByte(type);
                    BsonEncoder.encodeValue(type, value, bytes);
                }
            }
            buffer.putVarInt(bytes.readableBytes()).put(bytes.nioBuffer());
        }

        @Override
        public KeyValue read(ByteBuffer buffer) {
            int length = DataUtils.readVarInt(buffer);
            ByteBuf bytes = Unpooled.wrappedBuffer(buffer.slice(buffer.position(), length));
            buffer.position(buffer.position() + length);
            List<Object> values = new ArrayList<>();
            for (int i = bytes.readByte(); i > 0; i--) {
                byte type = bytes.readByte();
                values.add(type == MISSING ? Missing.getInstance() : BsonDecoder.decodeValue(type, bytes));
            }
            return new KeyValue(values);
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }

    /**
     * A unique index over an MVStore map (as mongo-java-server's H2UniqueIndex); the {@code _id} index
     * also answers filters that pin one {@code _id} among more conditions.
     */
    private static final class MapIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;

        MapIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
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
                        .filter(Objects::nonNull).findFirst().orElse(null);
            }
            return id == null || query.keySet().equals(Set.of("_id")) ? query : new Document("_id", id);
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
