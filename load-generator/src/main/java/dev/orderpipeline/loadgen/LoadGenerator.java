package dev.orderpipeline.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.orderpipeline.storefrontclient.Failure;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import dev.orderpipeline.storefrontclient.StorefrontClient.Product;

/**
 * Drives the storefront REST API as many concurrent shoppers would, and measures how long a
 * checkout takes to become a final order status. Closed loop ({@code shoppers} as fast as they
 * can) or open loop (a fixed checkout rate, whatever the response times, at most {@code shoppers}
 * in flight). Writes result.json and chart.html; see {@link LoadResult} for the figures.
 *
 * <pre>{@code
 * LoadResult result = new LoadGenerator(LoadGenerator.Settings.builder()
 *         .url(URI.create("http://localhost:8080")).orders(300).warmup(Duration.ZERO).build()).run();
 * }</pre>
 */
public final class LoadGenerator {

    private static final DateTimeFormatter OUT_DIR_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * What to run. A zero {@code rate} means closed loop; a null {@code duration} and zero
     * {@code orders} / {@code requests} mean no such limit (at least one is required); an empty
     * {@code skus} means every SKU of the catalog; a null {@code outDir} means target/load-&lt;timestamp&gt;.
     *
     * @param duration the measured time, after the warm-up
     * @param requests in mix mode, the number of measured steps
     */
    public record Settings(URI url, URI opsUrl, Mode mode, int shoppers, double rate, Duration duration, long orders,
                           long requests, Duration warmup, Duration finalTimeout, Observe observe, boolean restock,
                           String adminToken, List<String> skus, Path outDir) {

        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(opsUrl, "opsUrl");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(warmup, "warmup");
            Objects.requireNonNull(finalTimeout, "finalTimeout");
            Objects.requireNonNull(observe, "observe");
            require(shoppers >= 1, "shoppers must be at least 1");
            require(rate >= 0 && Double.isFinite(rate), "rate must be a positive number of checkouts per second");
            require(duration == null || duration.isPositive(), "duration must be positive");
            require(orders >= 0, "orders must not be negative");
            require(requests >= 0, "requests must not be negative");
            require(duration != null || orders > 0 || requests > 0,
                    "give a duration, a number of orders or (mix mode) a number of requests");
            require(requests == 0 || mode == Mode.MIX, "requests (mix steps) apply to mix mode only");
            require(!warmup.isNegative(), "warmup must not be negative");
            require(finalTimeout.isPositive(), "final timeout must be positive");
            require(!restock || (adminToken != null && !adminToken.isBlank()),
                    "restock needs the operators' token (--admin-token or OPS_ADMIN_TOKEN)");
            skus = skus == null ? List.of() : List.copyOf(skus);
        }

        public static Builder builder() {
            return new Builder();
        }

        public boolean openLoop() {
            return rate > 0;
        }

        String describeMode() {
            return mode.cliName() + " mode (final status by " + observe.cliName() + ")";
        }

        String describeShape() {
            return openLoop()
                    ? "open loop at %s checkouts/s, at most %d in flight".formatted(
                            rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate), shoppers)
                    : "closed loop, %d shoppers".formatted(shoppers);
        }

        /** Like the record's, without the admin token. */
        @Override
        public String toString() {
            return "Settings[url=%s, opsUrl=%s, mode=%s, shoppers=%d, rate=%s, duration=%s, orders=%d, requests=%d, warmup=%s, finalTimeout=%s, observe=%s, restock=%s, skus=%s, outDir=%s]"
                    .formatted(url, opsUrl, mode, shoppers, rate, duration, orders, requests, warmup, finalTimeout, observe,
                            restock, skus, outDir);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }

        /** Settings with defaults: localhost:8080 (ops-api localhost:8083), checkout mode, 16 shoppers, closed loop, 60 s after a 10 s warm-up. */
        public static final class Builder {
            private URI url = URI.create("http://localhost:8080");
            private URI opsUrl = URI.create("http://localhost:8083");
            private Mode mode = Mode.CHECKOUT;
            private int shoppers = 16;
            private double rate;
            private Duration duration;
            private long orders;
            private long requests;
            private Duration warmup = Duration.ofSeconds(10);
            private Duration finalTimeout = Duration.ofSeconds(30);
            private Observe observe = Observe.SSE;
            private boolean restock;
            private String adminToken;
            private List<String> skus = List.of();
            private Path outDir;

            public Builder url(URI url) {
                this.url = url;
                return this;
            }

            /** The operators' service (ops-api), where the restock's admin calls go. */
            public Builder opsUrl(URI opsUrl) {
                this.opsUrl = opsUrl;
                return this;
            }

            public Builder mode(Mode mode) {
                this.mode = mode;
                return this;
            }

            public Builder shoppers(int shoppers) {
                this.shoppers = shoppers;
                return this;
            }

            /** Open loop: checkouts per second. */
            public Builder rate(double checkoutsPerSecond) {
                this.rate = checkoutsPerSecond;
                return this;
            }

            public Builder duration(Duration duration) {
                this.duration = duration;
                return this;
            }

            public Builder orders(long orders) {
                this.orders = orders;
                return this;
            }

            public Builder requests(long requests) {
                this.requests = requests;
                return this;
            }

            public Builder warmup(Duration warmup) {
                this.warmup = warmup;
                return this;
            }

            public Builder finalTimeout(Duration finalTimeout) {
                this.finalTimeout = finalTimeout;
                return this;
            }

            public Builder observe(Observe observe) {
                this.observe = observe;
                return this;
            }

            /** Tops the stock up before the run, with this admin token. */
            public Builder restock(String adminToken) {
                this.restock = true;
                this.adminToken = adminToken;
                return this;
            }

            public Builder adminToken(String adminToken) {
                this.adminToken = adminToken;
                return this;
            }

            public Builder skus(List<String> skus) {
                this.skus = skus;
                return this;
            }

            public Builder outDir(Path outDir) {
                this.outDir = outDir;
                return this;
            }

            /** Without a duration, orders or requests, runs 60 s. */
            public Settings build() {
                Duration effectiveDuration = duration == null && orders == 0 && requests == 0 ? Duration.ofSeconds(60)
                        : duration;
                return new Settings(url, opsUrl, mode, shoppers, rate, effectiveDuration, orders, requests, warmup, finalTimeout,
                        observe, restock, adminToken, skus, outDir);
            }
        }
    }

    private final Settings settings;
    private final PrintStream out;

    public LoadGenerator(Settings settings) {
        this(settings, System.out);
    }

    /** Progress lines and the summary go to {@code out}. */
    public LoadGenerator(Settings settings, PrintStream out) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.out = out;
    }

    /**
     * Runs the load and writes result.json and chart.html. Errors of the storefront are counted in
     * the result, never thrown.
     *
     * @throws IllegalStateException when the run cannot start (catalog unreadable, nothing in stock,
     *                               restock refused) or the files cannot be written
     */
    public LoadResult run() {
        try (StorefrontClient api = new StorefrontClient(settings.url(), settings.opsUrl(), settings.finalTimeout(),
                settings.adminToken())) {
            return run(api);
        }
    }

    private LoadResult run(StorefrontClient api) {
        List<String> skus = skusInStock(api);
        Path outDir = outDir();
        out.printf("[load] %s against %s, %s; %s warm-up, then %s%n", settings.describeMode(), settings.url(),
                settings.describeShape(), Durations.format(settings.warmup()), limits());
        long runStart = System.nanoTime();
        Instant startedAt = Instant.now();
        long measureStart = runStart + settings.warmup().toNanos();
        Metrics metrics = new Metrics(runStart, measureStart);
        Budget budget = new Budget(measureStart, settings.orders(), settings.requests());
        try (Progress progress = new Progress(metrics, runStart, settings, out)) {
            drive(api, skus, metrics, budget, measureStart);
        }
        LoadResult result = metrics.result(settings, startedAt, outDir);
        write(result);
        out.println(Summary.of(result));
        return result;
    }

    private void drive(StorefrontClient api, List<String> skus, Metrics metrics, Budget budget, long measureStart) {
        OrderWatch watch = new OrderWatch(api, settings.observe());
        List<Shopper> shoppers = IntStream.rangeClosed(1, settings.shoppers())
                .mapToObj(id -> new Shopper(id, api, watch, metrics, budget, skus, settings)).toList();
        try (ExecutorService work = Executors.newVirtualThreadPerTaskExecutor()) {
            if (settings.openLoop()) {
                work.submit(() -> openLoop(work, shoppers, metrics, budget));
            } else {
                shoppers.forEach(shopper -> work.submit(() -> closedLoop(shopper, metrics)));
            }
            metrics.stop(awaitStop(budget, measureStart));
            out.printf("[load] stopped; waiting for the %d in flight to finish%n", metrics.inFlight().get());
        }
    }

    private static void closedLoop(Shopper shopper, Metrics metrics) {
        boolean more = true;
        while (more) {
            metrics.inFlight().incrementAndGet();
            try {
                more = shopper.step();
            } finally {
                metrics.inFlight().decrementAndGet();
            }
        }
    }

    /**
     * Starts a unit of work at fixed intervals whatever the response times, on an idle shopper; with
     * none idle, the unit is counted as not started rather than queued (queueing would hide it).
     */
    private void openLoop(ExecutorService work, List<Shopper> shoppers, Metrics metrics, Budget budget) {
        Queue<Shopper> idle = new ConcurrentLinkedQueue<>(shoppers);
        double unitsPerSecond = settings.mode() == Mode.MIX ? settings.rate() * MixCycle.LENGTH : settings.rate();
        long interval = Math.max(1, (long) (1e9 / unitsPerSecond));
        long start = System.nanoTime();
        for (long unit = 0; !budget.isStopped(); unit++) {
            long due = start + unit * interval;
            for (long now = System.nanoTime(); now - due < 0 && !budget.isStopped(); now = System.nanoTime()) {
                LockSupport.parkNanos(due - now);
            }
            Shopper shopper = idle.poll();
            if (shopper == null) {
                metrics.notStarted(System.nanoTime());
                continue;
            }
            metrics.inFlight().incrementAndGet();
            try {
                work.submit(() -> {
                    try {
                        shopper.step();
                    } finally {
                        metrics.inFlight().decrementAndGet();
                        idle.add(shopper);
                    }
                });
            } catch (RejectedExecutionException e) {
                metrics.inFlight().decrementAndGet();
                return;
            }
        }
    }

    /** Waits for the deadline or the budget's end; returns when the run stopped (nanoTime). */
    private long awaitStop(Budget budget, long measureStart) {
        try {
            if (settings.duration() == null) {
                budget.awaitStop(Long.MAX_VALUE);
            } else {
                budget.awaitStop(measureStart + settings.duration().toNanos() - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        budget.stop();
        return System.nanoTime();
    }

    private List<String> skusInStock(StorefrontClient api) {
        List<Product> products = catalog(api);
        if (settings.restock()) {
            Restock.topUp(api, products, Restock.unitsPerSku(settings, products.size()), out);
            products = catalog(api);
        }
        List<String> inStock = products.stream().filter(product -> product.available() > 0).map(Product::sku)
                .toList();
        if (inStock.isEmpty()) {
            throw new IllegalStateException("no product has stock" + (settings.restock() ? "" : "; try --restock"));
        }
        out.printf("[load] %d SKUs in stock%s%n", inStock.size(),
                inStock.size() < products.size() ? " (of " + products.size() + ")" : "");
        return inStock;
    }

    /** The catalog, or only the SKUs the settings name, in their order. */
    private List<Product> catalog(StorefrontClient api) {
        List<Product> all;
        try {
            all = api.products();
        } catch (Failure failure) {
            throw new IllegalStateException("cannot read the catalog at " + settings.url() + ": " + failure.kind());
        }
        if (settings.skus().isEmpty()) {
            return all;
        }
        Map<String, Product> bySku = all.stream().collect(Collectors.toMap(Product::sku, Function.identity()));
        List<String> unknown = settings.skus().stream().filter(sku -> !bySku.containsKey(sku)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("not in the catalog: " + String.join(", ", unknown));
        }
        return settings.skus().stream().map(bySku::get).toList();
    }

    private String limits() {
        StringBuilder limits = new StringBuilder();
        if (settings.duration() != null) {
            limits.append(Durations.format(settings.duration()));
        }
        if (settings.orders() > 0) {
            limits.append(limits.isEmpty() ? "" : " or ").append(settings.orders()).append(" checkouts");
        }
        if (settings.requests() > 0) {
            limits.append(limits.isEmpty() ? "" : " or ").append(settings.requests()).append(" steps");
        }
        return limits.toString();
    }

    private Path outDir() {
        Path dir = settings.outDir() != null ? settings.outDir()
                : Path.of("target", "load-" + LocalDateTime.now().format(OUT_DIR_TIME));
        return dir.toAbsolutePath().normalize();
    }

    private static void write(LoadResult result) {
        try {
            Files.createDirectories(result.outDir());
            Files.writeString(result.resultJson(), ResultJson.of(result));
            Files.writeString(result.chartHtml(), ChartHtml.of(result));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the results to " + result.outDir() + ": " + e.getMessage(), e);
        }
    }

    /** The command line: see {@link Options#USAGE}. Exits 2 on bad options, 1 when the run cannot start. */
    public static void main(String[] args) {
        Options.Parsed parsed;
        try {
            parsed = Options.parse(List.of(args), System.getenv());
        } catch (Options.BadOptions e) {
            System.err.println("load-generator: " + e.getMessage());
            System.err.println("Run with --help for the options.");
            System.exit(2);
            return;
        }
        switch (parsed) {
            case Options.Parsed.Help help -> System.out.print(Options.USAGE);
            case Options.Parsed.Run run -> {
                try {
                    new LoadGenerator(run.settings()).run();
                } catch (IllegalStateException e) {
                    System.err.println("load-generator: " + e.getMessage());
                    System.exit(1);
                }
            }
        }
        System.exit(0);
    }
}
