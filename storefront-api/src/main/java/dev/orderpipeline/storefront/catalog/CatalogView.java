package dev.orderpipeline.storefront.catalog;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.storefront.StorefrontProperties;
import dev.orderpipeline.storefront.following.FollowedEvent;
import dev.orderpipeline.storefront.following.TopicListener;
import dev.orderpipeline.storefront.web.RawJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog as shoppers see it, kept in memory and served as JSON serialised once per change. It
 * is read from MongoDB every {@code refresh-interval} in the background (products and the units
 * available, which change with every reservation: they trail by about that much), and every product
 * change on {@code catalog.v1} shows at once: this instance follows the topic itself. A change seen
 * there wins over what MongoDB shows, which is the same change once the inventory worker has applied
 * it (every change passes through the topic, in order per SKU; the starter catalog's seeding only
 * adds what is missing). Until the first read, a request reads it itself.
 */
@Component
public class CatalogView implements TopicListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogView.class);

    private final CatalogReader reader;
    private final JsonMapper json;
    private final Duration refreshInterval;
    private final Map<String, ProductUpserted> changed = new ConcurrentHashMap<>();
    private volatile CatalogReader.Stored stored;
    private volatile Snapshot snapshot;
    private volatile boolean failing;
    private ScheduledExecutorService refresher;

    /** The catalog's answers: the list, and each product by SKU. */
    private record Snapshot(RawJson all, Map<String, RawJson> bySku) {
    }

    public CatalogView(CatalogReader reader, JsonMapper json, StorefrontProperties properties) {
        this.reader = reader;
        this.json = json;
        this.refreshInterval = properties.catalog().refreshInterval();
    }

    /** {@code GET /api/products}: every product sorted by SKU. */
    public RawJson all() {
        return current().all();
    }

    public Optional<RawJson> product(String sku) {
        return Optional.ofNullable(current().bySku().get(sku));
    }

    /**
     * Whether a cart may take {@code sku}: a product this view shows, or (it trails) one MongoDB has
     * already; products are never deleted.
     */
    public boolean exists(String sku) {
        return current().bySku().containsKey(sku) || reader.exists(sku);
    }

    @Override
    public String topic() {
        return Topics.CATALOG;
    }

    @Override
    public void onEvents(List<FollowedEvent> events) {
        boolean any = false;
        for (FollowedEvent followed : events) {
            if (followed.event() != null && followed.event().payload() instanceof ProductUpserted product) {
                changed.put(product.sku(), product);
                any = true;
            }
        }
        if (any && stored != null) {
            rebuild();
        }
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        return current != null ? current : refresh();
    }

    synchronized Snapshot refresh() {
        stored = reader.all();
        return rebuild();
    }

    private synchronized Snapshot rebuild() {
        CatalogReader.Stored now = stored;
        Map<String, ProductView> views = new TreeMap<>();
        for (ProductDocument product : now.products()) {
            views.put(product.sku(), new ProductView(product.sku(), product.name(), product.description(),
                    product.priceCents(), product.currency(), now.available().getOrDefault(product.sku(), 0L)));
        }
        changed.values().forEach(product -> views.put(product.sku(), new ProductView(product.sku(), product.name(),
                product.description(), product.priceCents(), product.currency(),
                now.available().getOrDefault(product.sku(), 0L))));
        Map<String, RawJson> bySku = new LinkedHashMap<>();
        views.forEach((sku, view) -> bySku.put(sku, RawJson.of(json, view)));
        Snapshot built = new Snapshot(RawJson.of(json, List.copyOf(views.values())), Map.copyOf(bySku));
        snapshot = built;
        return built;
    }

    private void refreshQuietly() {
        try {
            refresh();
            if (failing) {
                log.info("Catalog read from MongoDB again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Reading the catalog failed ({}); serving it as last read, retrying every {}", e.toString(),
                        refreshInterval);
                failing = true;
            }
        }
    }

    @Override
    public void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("catalog-refresh").daemon()
                .factory());
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        refresher.shutdownNow();
        refresher = null;
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
