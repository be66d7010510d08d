package dev.orderpipeline.systemtests.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

import com.sun.management.OperatingSystemMXBean;

import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.loadgen.LoadGenerator;
import dev.orderpipeline.loadgen.LoadResult;
import dev.orderpipeline.loadgen.Mode;
import dev.orderpipeline.localstack.LocalStack;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import dev.orderpipeline.testkit.FreePorts;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/benchmark.sh}: the figures of BENCHMARKS.md from one run on one machine. Starts
 * its own local stack (fresh data, free ports, so a running {@code ./run-local} is not disturbed),
 * adds a benchmark catalog with ample stock, then measures, in this order: the broker's raw ceiling
 * (Kafka's ProducerPerformance); the most confirmed orders per second a closed loop of shoppers
 * gets, then whether an open loop sustains that rate (stepping down 15 % at a time until one does);
 * checkout-to-CONFIRMED latency at half the sustained rate; and the time to drain a backlog of
 * events. Prints every figure and writes them to {@code benchmark.json} in the output folder, with
 * each load run's result.json and chart.html beside it.
 *
 * <p>Phases can be chosen with {@code BENCHMARK_PHASES} (comma-separated: first, restart, ceiling, warm, max,
 * latency, floor, backlog, soak; first and restart only when named: the first minute of load on the
 * fresh stack, and a worker's start beside the running pipeline, {@link WorkerStart});
 * {@code BENCHMARK_PROFILE=1} records a JFR profile of every service (one .jfr file per process).
 */
public final class Benchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "benchmark-admin";

    private final Path root;
    private final Path out;
    private final Set<String> phases;
    private final boolean profile;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    Benchmark(Path root, Path out, Set<String> phases, boolean profile) {
        this.root = root;
        this.out = out;
        this.phases = phases;
        this.profile = profile;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path out = Path.of(env("BENCHMARK_OUT", root.resolve("target/benchmark-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toString()));
        Set<String> phases = Arrays.stream(env("BENCHMARK_PHASES", "ceiling,warm,max,latency,floor,backlog").split(","))
                .map(String::trim).filter(p -> !p.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        new Benchmark(root, out.toAbsolutePath(), phases, "1".equals(System.getenv("BENCHMARK_PROFILE"))).run();
    }

    void run() throws Exception {
        Files.createDirectories(out);
        figures.put("machine", machine());
        LocalStack starting = new LocalStack(settings());
        Thread stopOnSignal = new Thread(starting::close, "benchmark-stop");
        Runtime.getRuntime().addShutdownHook(stopOnSignal); // Ctrl-C must not leave the stack's processes behind
        try (LocalStack stack = starting.start()) {
            List<String> skus = benchmarkCatalog(stack, intEnv("BENCHMARK_SKUS", 200), 1_000_000);
            if (phases.contains("first")) {
                // a fresh stack's first minute, as a new user's first load meets it
                LoadResult first = load(stack, skus, "first-minute", base().shoppers(intEnv("BENCHMARK_FIRST_SHOPPERS", 16))
                        .warmup(Duration.ZERO));
                figures.put("firstMinute", summary(first));
                say("first minute after ready, closed loop: %.1f confirmed orders/s, checkout to final p50 %.0f ms, p99 %.0f ms"
                        .formatted(first.confirmedPerSecond(), first.checkoutToFinal().p50(), first.checkoutToFinal().p99()));
            }
            if (phases.contains("restart")) {
                WorkerStart.Result starts = WorkerStart.measure(stack, intEnv("BENCHMARK_RESTARTS", 3));
                figures.put("workerStart", starts);
                say("worker start beside the running pipeline, medians: ready after %s s, CPU %s s"
                        .formatted(starts.medianSecondsToReady(), starts.medianCpuSecondsToReady()));
            }
            if (phases.contains("ceiling")) {
                long records = intEnv("BENCHMARK_CEILING_RECORDS", 2_000_000);
                int recordSize = eventSize();
                say("ceiling: ProducerPerformance, %d records of %d bytes, acks=all".formatted(records, recordSize));
                BrokerCeiling.Result ceiling = BrokerCeiling.measure(stack.kafkaBootstrap(), records, recordSize,
                        out.resolve("producer-performance.log"));
                figures.put("brokerCeiling", ceiling);
                say("ceiling: %.0f records/s (%.1f MB/s), p50 %d ms, p99 %d ms".formatted(ceiling.recordsPerSecond(),
                        ceiling.megabytesPerSecond(), ceiling.p50Ms(), ceiling.p99Ms()));
            }
            if (phases.contains("warm")) {
                // The JVMs compile with C2: their hot code is compiled a few minutes into a run. The
                // figures are those of a stack that has been running, as a deployed one has.
                Duration warm = Duration.ofSeconds(intEnv("BENCHMARK_WARM_SECONDS", 180));
                say("warm: a closed loop for %d s, not measured".formatted(warm.toSeconds()));
                load(stack, skus, "warm", base().shoppers(intEnv("BENCHMARK_SHOPPERS", 64)).duration(warm)
                        .warmup(Duration.ZERO));
            }
            double sustained = doubleEnv("BENCHMARK_RATE", 0);
            if (phases.contains("max")) {
                sustained = maxSustainedRate(stack, skus);
            }
            if (phases.contains("latency")) {
                if (sustained <= 0) {
                    throw new IllegalStateException("the latency phase needs the max phase or BENCHMARK_RATE");
                }
                LoadResult half = load(stack, skus, "latency-at-half", openLoop(sustained / 2));
                figures.put("latencyAtHalfRate", summary(half));
                say("latency at %.0f checkouts/s (half of %.0f): checkout to final p50 %.0f ms, p95 %.0f, p99 %.0f, max %.0f"
                        .formatted(sustained / 2, sustained, half.checkoutToFinal().p50(), half.checkoutToFinal().p95(),
                                half.checkoutToFinal().p99(), half.checkoutToFinal().max()));
            }
            if (phases.contains("floor")) {
                double rate = doubleEnv("BENCHMARK_FLOOR_RATE", 2);
                LoadResult floor = load(stack, skus, "latency-floor", openLoop(rate));
                figures.put("latencyFloor", summary(floor));
                say("latency floor at %.0f checkouts/s: checkout to final p50 %.0f ms, p95 %.0f, p99 %.0f, max %.0f"
                        .formatted(rate, floor.checkoutToFinal().p50(), floor.checkoutToFinal().p95(),
                                floor.checkoutToFinal().p99(), floor.checkoutToFinal().max()));
            }
            if (phases.contains("backlog")) {
                int carts = intEnv("BENCHMARK_BACKLOG_EVENTS", 100_000) / BacklogDrain.EVENTS_PER_CART;
                BacklogDrain.Result backlog = BacklogDrain.measure(stack, skus, carts);
                figures.put("backlog", backlog);
                say(("backlog: %d events (%d checkouts) drained in %.1f s from the workers being ready (%.1f s after"
                        + " their start): %.0f events/s, %.0f orders/s; longest stretch without progress %d s")
                        .formatted(backlog.events(), backlog.carts(), backlog.secondsToDrain(), backlog.secondsToStart(),
                                backlog.eventsPerSecond(), backlog.ordersPerSecond(), backlog.longestStallSeconds()));
                say("backlog: CPU ms per order while draining: " + backlog.cpuMsPerOrder());
            }
            if (phases.contains("soak")) {
                soak(stack, skus);
            }
        }
        Runtime.getRuntime().removeShutdownHook(stopOnSignal);
        figures.put("cpu", cpuAccounts);
        Files.writeString(out.resolve("benchmark.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures));
        say("figures in " + out.resolve("benchmark.json"));
    }

    /**
     * An open loop at {@code SOAK_RATE} checkouts/s for {@code SOAK_MINUTES}, run as consecutive
     * windows of {@code SOAK_WINDOW_MINUTES}; every process is sampled before the first and after
     * each window ({@link Soak}).
     */
    private void soak(LocalStack stack, List<String> skus) {
        double rate = doubleEnv("SOAK_RATE", 128);
        int minutes = intEnv("SOAK_MINUTES", 30);
        int windowMinutes = intEnv("SOAK_WINDOW_MINUTES", 5);
        say("soak: %.0f checkouts/s for %d minutes in windows of %d".formatted(rate, minutes, windowMinutes));
        Map<String, Soak.ProcessSample> start = Soak.sample(stack.pids());
        start.forEach((process, sample) -> say("soak: at the start: %s %s".formatted(process, sample)));
        List<Soak.Window> windows = new ArrayList<>();
        for (int number = 1; number * windowMinutes <= minutes; number++) {
            LoadResult run = load(stack, skus, "soak-" + number, openLoop(rate)
                    .duration(Duration.ofMinutes(windowMinutes)).warmup(Duration.ZERO));
            Soak.Window window = Soak.Window.of(number, windowMinutes, run, Soak.sample(stack.pids()));
            windows.add(window);
            say("soak: " + window);
            window.processesAfter().forEach((process, sample) -> say("soak: after window %d: %s %s"
                    .formatted(window.number(), process, sample)));
        }
        Map<String, Object> soak = new LinkedHashMap<>();
        soak.put("rate", rate);
        soak.put("processesAtStart", start);
        soak.put("windows", windows);
        figures.put("soak", soak);
        Soak.ProcessSample none = new Soak.ProcessSample(0, 0, 0, 0, 0);
        Map<String, Soak.ProcessSample> end = windows.isEmpty() ? start : windows.getLast().processesAfter();
        start.forEach((process, first) -> {
            Soak.ProcessSample last = end.getOrDefault(process, none);
            say("soak: %s from start to end: heap after GC %.1f -> %.1f MiB, resident %.0f -> %.0f MiB, open files %d -> %d, threads %d -> %d"
                    .formatted(process, first.heapAfterGcMiB(), last.heapAfterGcMiB(), first.residentMiB(),
                            last.residentMiB(), first.openFiles(), last.openFiles(), first.threads(), last.threads()));
        });
    }

    private Duration phaseDuration() {
        return Duration.ofSeconds(intEnv("BENCHMARK_SECONDS", 60));
    }

    /**
     * The closed loop's throughput is the candidate; the open loop must then keep that rate for the
     * whole run (no checkout left unstarted for want of a free shopper, no timeouts, at least 95 %
     * of the rate confirmed), else the rate steps down.
     */
    private double maxSustainedRate(LocalStack stack, List<String> skus) {
        int shoppers = intEnv("BENCHMARK_SHOPPERS", 64);
        LoadResult closed = load(stack, skus, "max-closed-loop", base().shoppers(shoppers));
        figures.put("closedLoop", summary(closed));
        say("closed loop, %d shoppers: %.1f confirmed orders/s, checkout to final p50 %.0f ms, p99 %.0f ms"
                .formatted(shoppers, closed.confirmedPerSecond(), closed.checkoutToFinal().p50(), closed.checkoutToFinal().p99()));
        double rate = Math.floor(closed.confirmedPerSecond());
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (int attempt = 1; attempt <= 4 && rate >= 1; attempt++) {
            LoadResult open = load(stack, skus, "sustain-" + (long) rate, openLoop(rate));
            boolean held = open.notStarted() == 0 && open.timeouts() == 0 && open.errors().isEmpty()
                    && open.confirmedPerSecond() >= 0.95 * rate;
            Map<String, Object> a = summary(open);
            a.put("rate", rate);
            a.put("sustained", held);
            attempts.add(a);
            say("open loop at %.0f checkouts/s: %.1f confirmed/s, %d not started, %d timeouts, p99 %.0f ms: %s".formatted(rate,
                    open.confirmedPerSecond(), open.notStarted(), open.timeouts(), open.checkoutToFinal().p99(),
                    held ? "SUSTAINED" : "not sustained"));
            if (held) {
                figures.put("sustainAttempts", attempts);
                figures.put("maxSustainedConfirmedPerSecond", rate);
                return rate;
            }
            rate = Math.floor(rate * 0.85);
        }
        figures.put("sustainAttempts", attempts);
        throw new IllegalStateException("no open-loop rate was sustained; see " + out);
    }

    private LoadGenerator.Settings.Builder openLoop(double rate) {
        // in flight: enough for 4 s of checkouts, so a slow second does not count as saturation
        return base().rate(rate).shoppers((int) Math.max(64, rate * 4));
    }

    private LoadGenerator.Settings.Builder base() {
        return LoadGenerator.Settings.builder().mode(Mode.CHECKOUT).duration(phaseDuration())
                .warmup(Duration.ofSeconds(intEnv("BENCHMARK_WARMUP_SECONDS", 15))).finalTimeout(Duration.ofSeconds(30));
    }

    private LoadResult load(LocalStack stack, List<String> skus, String name, LoadGenerator.Settings.Builder settings) {
        say("load: " + name);
        Map<String, Duration> cpuBefore = stack.cpuTimes();
        Duration generatorBefore = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        long started = System.nanoTime();
        LoadResult result = new LoadGenerator(settings.url(URI.create(stack.storefrontUrl()))
                .opsUrl(URI.create(stack.opsUrl())).skus(skus)
                .outDir(out.resolve(name)).build()).run();
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        Map<String, Duration> cpu = new LinkedHashMap<>();
        stack.cpuTimes().forEach((process, after) -> cpu.put(process, after.minus(cpuBefore.getOrDefault(process, Duration.ZERO))));
        cpu.put("load-generator", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).minus(generatorBefore));
        // CPU is counted over the whole run, warm-up included, so orders are counted at the measured rate over it too
        long finished = result.confirmed() + result.rejected();
        long orders = result.measuredSeconds() > 0 ? Math.round(finished / result.measuredSeconds() * wallSeconds) : finished;
        cpuAccounts.put(name, cpuAccount(cpu, wallSeconds, orders));
        return result;
    }

    private final Map<String, Object> cpuAccounts = new LinkedHashMap<>();

    /** What a user runs in production; the MongoDB stand-in, Zipkin and the load generator are not. */
    private static final Set<String> PRODUCT = Set.of("kafka", "storefront-api", "order-processor", "inventory-worker");

    /**
     * Where the machine's CPU went during a load run (warm-up included): seconds per process,
     * share of the machine, and milliseconds of CPU per finished order. On one box this, not any
     * single service, is what bounds the rate: orders/s <= cores / (CPU seconds per order).
     */
    private Map<String, Object> cpuAccount(Map<String, Duration> cpu, double wallSeconds, long orders) {
        int cores = Runtime.getRuntime().availableProcessors();
        double total = cpu.values().stream().mapToDouble(d -> d.toMillis() / 1000.0).sum();
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("wallSeconds", wallSeconds);
        account.put("ordersAtTheMeasuredRate", orders);
        account.put("machineBusy", total / (wallSeconds * cores));
        Map<String, Object> perOrder = new LinkedHashMap<>();
        cpu.forEach((process, d) -> perOrder.put(process, orders == 0 ? null : d.toMillis() / (double) orders));
        account.put("cpuMsPerOrder", perOrder);
        account.put("cpuMsPerOrderTotal", orders == 0 ? null : total * 1000 / orders);
        double product = cpu.entrySet().stream().filter(process -> PRODUCT.contains(process.getKey()))
                .mapToDouble(process -> process.getValue().toMillis() / 1000.0).sum();
        account.put("cpuMsPerOrderProduct", orders == 0 ? null : product * 1000 / orders);
        StringBuilder line = new StringBuilder("cpu: machine %.0f %% busy; CPU ms per order:".formatted(100 * total / (wallSeconds * cores)));
        perOrder.forEach((process, ms) -> line.append(" %s %.1f,".formatted(process, ms)));
        line.append(" total %.1f; the product (storefront, workers, broker) %.1f".formatted(
                orders == 0 ? Double.NaN : total * 1000 / orders, orders == 0 ? Double.NaN : product * 1000 / orders));
        say(line.toString());
        return account;
    }

    private static Map<String, Object> summary(LoadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", r.settings().openLoop() ? "open loop at " + r.settings().rate() + "/s" : "closed loop, "
                + r.settings().shoppers() + " shoppers");
        m.put("measuredSeconds", r.measuredSeconds());
        m.put("checkouts", r.checkouts());
        m.put("confirmed", r.confirmed());
        m.put("rejected", r.rejected());
        m.put("timeouts", r.timeouts());
        m.put("notStarted", r.notStarted());
        m.put("confirmedPerSecond", r.confirmedPerSecond());
        m.put("checkoutToFinalMs", r.checkoutToFinal());
        m.put("checkoutPostMs", r.checkoutPost());
        m.put("errors", r.errors());
        m.put("files", r.outDir().toString());
        return m;
    }

    private LocalStack.Settings settings() {
        Map<String, String> env = new LinkedHashMap<>();
        // e.g. BENCHMARK_SERVICE_ENV="SPRING_KAFKA_LISTENER_CONCURRENCY=1;JAVA_TOOL_OPTIONS=-XX:+UseSerialGC"
        for (String pair : env("BENCHMARK_SERVICE_ENV", "").split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        figures.put("serviceEnvironment", Map.copyOf(env));
        if (profile) {
            env.merge("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=" + out.resolve("profile-%p.jfr")
                    + ",settings=profile,dumponexit=true", (mine, jfr) -> mine + " " + jfr);
            say("profiling every service with JFR into " + out);
        }
        // BENCHMARK_ZIPKIN=1: the stack's Zipkin receives the spans (sampling: MANAGEMENT_TRACING_SAMPLING_PROBABILITY
        // in BENCHMARK_SERVICE_ENV, else 1.0); its CPU is reported apart, as "zipkin"
        boolean zipkin = "1".equals(env("BENCHMARK_ZIPKIN", "0"));
        figures.put("zipkin", zipkin);
        // the JVMs' AOT caches, trained first if missing (LOCAL_STACK_AOT_CACHE=off: without, for a before/after)
        LocalStack.Aot aot = LocalStack.Aot.fromEnvironment();
        figures.put("aotCache", aot.name().toLowerCase(Locale.ROOT));
        return new LocalStack.Settings(root, out.resolve("stack"), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), Optional.empty(), Optional.empty(),
                TOKEN, env,
                zipkin ? FreePorts.next() : 0, aot);
    }

    /** Products with a million units each: the benchmark measures speed, not running out of stock. */
    private List<String> benchmarkCatalog(LocalStack stack, int count, int units) throws InterruptedException {
        try (StorefrontClient api = new StorefrontClient(URI.create(stack.storefrontUrl()), URI.create(stack.opsUrl()),
                Duration.ofSeconds(30), TOKEN)) {
            List<String> skus = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String sku = "BENCH-%03d".formatted(i);
                skus.add(sku);
                api.putProduct(sku, "Benchmark item " + i, "", 500 + i, "EUR");
            }
            // stock for a product the inventory does not know yet would be dead-lettered: products first
            awaitBenchmarkProducts(api, count, available -> true);
            for (String sku : skus) {
                api.adjustStockOfNewProduct(sku, units, "benchmark", Duration.ofMinutes(1));
            }
            awaitBenchmarkProducts(api, count, available -> available >= units);
            say("catalog: %d products with %d units each".formatted(count, units));
            return skus;
        }
    }

    private static void awaitBenchmarkProducts(StorefrontClient api, int count, LongPredicate available)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            long ready = api.products().stream()
                    .filter(product -> product.sku().startsWith("BENCH-") && available.test(product.available())).count();
            if (ready >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the benchmark catalog did not appear: " + ready + " of " + count);
            }
            Thread.sleep(200);
        }
    }

    /** The size of a typical pipeline event on the wire (a CheckoutRequested), for ProducerPerformance. */
    private static int eventSize() {
        UUID cartId = UUID.randomUUID();
        EventEnvelope event = EventEnvelope.of(new CheckoutRequested(cartId, UUID.randomUUID(), "key-1",
                new Customer("shopper@example.com", "A Shopper")), cartId.toString());
        return EventJson.write(event).length;
    }

    private static Map<String, Object> machine() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memoryGiB", Math.round(((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return m;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static double doubleEnv(String name, double fallback) {
        return Double.parseDouble(env(name, String.valueOf(fallback)));
    }

    private static int intEnv(String name, int fallback) {
        return Integer.parseInt(env(name, String.valueOf(fallback)));
    }

    private static void say(String line) {
        System.out.println("[benchmark] " + line);
    }
}
