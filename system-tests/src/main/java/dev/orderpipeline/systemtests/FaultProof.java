package dev.orderpipeline.systemtests;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.localstack.LocalStack;
import dev.orderpipeline.storefrontclient.Failure;
import dev.orderpipeline.storefrontclient.StorefrontClient;
import dev.orderpipeline.storefrontclient.StorefrontClient.Product;
import dev.orderpipeline.testkit.FreePorts;
import dev.orderpipeline.testkit.JavaProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * The fault proof: many checkouts over many SKUs with scarce stock through the real pipeline
 * (services as separate processes, a real broker) while the workers are killed with SIGKILL at
 * random moments (or on a clock: {@code FAULT_PROOF_KILL_EVERY_SECONDS}), the broker and MongoDB
 * are stopped and started ({@code FAULT_PROOF_BROKER_RESTARTS}, {@code FAULT_PROOF_MONGODB_RESTARTS},
 * once each by default), the inventory worker's offsets are rewound so a range of orders is
 * delivered twice, and poison records are mixed in. Each worker runs in {@code FAULT_PROOF_INSTANCES}
 * instances (2 by default) in one consumer group; each is scaled up by one and back down during the
 * run, and one instance of each is frozen (SIGSTOP) for longer than its session timeout and then
 * woken (SIGCONT): a zombie whose partitions moved on, which finishes its batch late. The shoppers
 * spread their calls over {@code FAULT_PROOF_STOREFRONTS} storefront instances (2 by default) in
 * turn, each call and each retry to the next, and some send their checkout to two instances, which
 * must answer the same order; at the end every instance's order stream must show a sample of the
 * orders final as MongoDB has them. Then it checks
 * every guarantee against MongoDB and Kafka and prints the figures; the last line is
 * {@code fault-proof: <checkouts> checkouts, <kills> kills, <zombies> zombies, <scale> scale events,
 * <restarts> broker restarts, <m> mongodb restarts, <instances> instances per worker, <violations> violations}.
 * Exits 1 if any guarantee was broken.
 */
public final class FaultProof {

    private static final String TOKEN = "fault-proof-admin";
    private static final List<String> WORKERS = List.of("order-processor", "inventory-worker");
    /** Longer than the workers' session timeout (10 s), so a frozen instance's partitions move on. */
    private static final Duration FROZEN_FOR = Duration.ofSeconds(16);

    private final int checkouts;
    private final int skuCount;
    private final int unitsPerSku;
    private final int clients;
    private final String run = Long.toString(System.currentTimeMillis() % 10_000_000, 36).toUpperCase();
    private final Random random = new Random(42);
    private final List<String> violations = new ArrayList<>();
    private final Map<UUID, Map<String, Integer>> accepted = new ConcurrentHashMap<>();
    private final Map<String, String> poison = new ConcurrentHashMap<>();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private volatile boolean driving = true;
    /** Shoppers start no checkout while this many are done, so every fault happens mid-run. */
    private volatile int gate = Integer.MAX_VALUE;
    private final Duration killEvery;
    private final int brokerRestartsPlanned;
    private final int mongoRestartsPlanned;
    private final int instancesPerWorker;
    /** The running instances of each worker, the stack's own first. */
    private final Map<String, List<JavaProcess>> instances = new ConcurrentHashMap<>();
    private final List<JavaProcess> scaledOut = new ArrayList<>();
    private int zombies;
    private int scaleEvents;
    private long lastClockKill = System.nanoTime();
    private final List<Long> killIntervals = new ArrayList<>();
    private int kills;
    private int brokerRestarts;
    private int mongoRestarts;
    private long rewoundRecords;
    private final int storefronts;
    private LocalStack stack;
    private StorefrontClient api;
    /** A client per storefront instance, used in turn. */
    private final List<StorefrontClient> shops = new ArrayList<>();
    private final AtomicInteger nextShop = new AtomicInteger();

    private FaultProof(int checkouts, int skuCount, int unitsPerSku, int clients, Duration killEvery,
                       int brokerRestarts, int mongoRestarts, int instancesPerWorker, int storefronts) {
        this.checkouts = checkouts;
        this.skuCount = skuCount;
        this.unitsPerSku = unitsPerSku;
        this.clients = clients;
        this.killEvery = killEvery;
        this.brokerRestartsPlanned = brokerRestarts;
        this.mongoRestartsPlanned = mongoRestarts;
        this.instancesPerWorker = Math.max(1, instancesPerWorker);
        this.storefronts = Math.max(1, storefronts);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        FaultProof proof = new FaultProof(intEnv("FAULT_PROOF_CHECKOUTS", 10_000), intEnv("FAULT_PROOF_SKUS", 300),
                intEnv("FAULT_PROOF_UNITS_PER_SKU", 25), intEnv("FAULT_PROOF_CLIENTS", 24),
                Duration.ofSeconds(intEnv("FAULT_PROOF_KILL_EVERY_SECONDS", 0)), intEnv("FAULT_PROOF_BROKER_RESTARTS", 1),
                intEnv("FAULT_PROOF_MONGODB_RESTARTS", 1), intEnv("FAULT_PROOF_INSTANCES", 2),
                intEnv("FAULT_PROOF_STOREFRONTS", 2));
        Path dataDir = Files.createDirectories(root.resolve("system-tests/target"))
                .resolve("fault-proof-" + System.currentTimeMillis());
        LocalStack.Settings settings = new LocalStack.Settings(root, dataDir, FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), Optional.empty(),
                Optional.empty(), TOKEN, Map.of("ORDER_PENDING_TIMEOUT", "10m"));
        int violations;
        try (LocalStack stack = new LocalStack(settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "fault-proof-stop"));
            proof.stack = stack.start();
            try (StorefrontClient api = new StorefrontClient(URI.create(stack.storefrontUrl()), URI.create(stack.opsUrl()),
                    Duration.ofSeconds(30), TOKEN)) {
                proof.api = api;
                try {
                    violations = proof.run();
                } finally {
                    proof.shops.forEach(StorefrontClient::close);
                }
            }
        }
        System.exit(violations == 0 ? 0 : 1);
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        startInstances();
        List<String> skus = createCatalog();
        say("catalog: %d SKUs with %d units each".formatted(skus.size(), unitsPerSku));
        Thread chaos = Thread.ofPlatform().name("chaos").start(this::chaosOrGiveUp);
        try (ExecutorService shoppers = Executors.newFixedThreadPool(clients, Thread.ofVirtual().factory())) {
            for (int i = 0; i < checkouts; i++) {
                int shopper = i;
                shoppers.submit(() -> shop(shopper, skus));
            }
            shoppers.shutdown();
            while (!shoppers.awaitTermination(10, TimeUnit.SECONDS)) {
                say("progress: %d/%d checkouts accepted, %d retried calls, %d kills, %d zombies, %d scale events, %d broker restarts, %d mongodb restarts"
                        .formatted(done.get(), checkouts, retries.get(), kills, zombies, scaleEvents, brokerRestarts, mongoRestarts));
            }
        }
        driving = false;
        chaos.join();
        say("driving done in %d s; waiting for every order to reach a final state"
                .formatted(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)));
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            verify(mongo, skus);
        }
        verifyDeadLetters();
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            verifyOrderStreams(mongo.getDatabase("orders"));
        }
        violations.stream().limit(50).forEach(v -> say("VIOLATION " + v));
        if (!killEvery.isZero()) {
            say("kills on the clock: %d SIGKILLs of a ready worker, at least %d s apart, median interval %.1f s"
                    .formatted(killIntervals.size(), killEvery.toSeconds(), medianKillIntervalSeconds()));
        }
        say("took %d s".formatted(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)));
        System.out.printf("fault-proof: %d checkouts, %d kills, %d zombies, %d scale events, %d broker restarts, "
                + "%d mongodb restarts, %d instances per worker, %d violations%n", accepted.size(), kills, zombies,
                scaleEvents, brokerRestarts, mongoRestarts, instancesPerWorker, violations.size());
        return violations.size();
    }

    /** The instances beyond the stack's own one of each worker, in the same consumer groups. */
    private void startInstances() {
        instances.put("order-processor", new ArrayList<>(List.of(stack.orderProcessor())));
        instances.put("inventory-worker", new ArrayList<>(List.of(stack.inventoryWorker())));
        List<JavaProcess> added = new ArrayList<>();
        for (String worker : WORKERS) {
            for (int i = 1; i < instancesPerWorker; i++) {
                JavaProcess instance = stack.addInstance(worker).start();
                instances.get(worker).add(instance);
                added.add(instance);
            }
        }
        List<JavaProcess> shopfronts = new ArrayList<>(List.of(stack.storefront()));
        for (int i = 1; i < storefronts; i++) {
            JavaProcess instance = stack.addInstance("storefront-api").start();
            shopfronts.add(instance);
            added.add(instance);
        }
        added.forEach(stack::awaitReady);
        for (JavaProcess shopfront : shopfronts) {
            shops.add(new StorefrontClient(URI.create(stack.url(shopfront)), Duration.ofSeconds(30)));
        }
        say("workers: %d instances of each; %d storefronts, called in turn".formatted(instancesPerWorker, storefronts));
    }

    // ---- load ----

    private List<String> createCatalog() {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < skuCount; i++) {
            String sku = "FP-" + run + "-" + i;
            skus.add(sku);
            int index = i;
            retrying(() -> api.putProduct(sku, "Fault proof " + index, "", 100 + index, "EUR"));
        }
        waitFor("the products", () -> products(skus).size() == skus.size());
        for (String sku : skus) {
            retrying(() -> api.adjustStockOfNewProduct(sku, unitsPerSku, "fault proof", Duration.ofMinutes(1)));
        }
        waitFor("the stock", () -> products(skus).values().stream().allMatch(units -> units == unitsPerSku));
        return skus;
    }

    private void shop(int shopper, List<String> skus) {
        while (done.get() >= gate) {
            pause(20);
        }
        Random dice = new Random(shopper);
        Map<String, Integer> lines = new HashMap<>();
        int lineCount = 1 + dice.nextInt(2);
        while (lines.size() < lineCount) {
            lines.put(skus.get(dice.nextInt(skus.size())), 1 + dice.nextInt(3));
        }
        String cart = retrying(() -> shop().createCart());
        lines.forEach((sku, quantity) -> retrying(() -> shop().addItem(cart, sku, quantity)));
        Supplier<UUID> checkout = () -> retrying(() -> shop().checkout(cart, "fault-proof-" + shopper,
                "shopper" + shopper + "@example.com", "Shopper " + shopper)).orderId();
        UUID orderId = checkout.get();
        // the same checkout again, to the next instance: the same order, nothing new
        if (shopper % 50 == 0 && shops.size() > 1) {
            UUID again = checkout.get();
            if (!again.equals(orderId)) {
                violations.add("checkout of cart %s answered order %s, then %s from another storefront"
                        .formatted(cart, orderId, again));
            }
        }
        accepted.put(orderId, lines);
        if (done.incrementAndGet() % Math.max(1, checkouts / 12) == 0) {
            injectPoison(shopper);
        }
    }

    /** The next storefront instance, in turn. */
    private StorefrontClient shop() {
        return shops.get(Math.floorMod(nextShop.getAndIncrement(), shops.size()));
    }

    private void retrying(Runnable call) {
        retrying(() -> {
            call.run();
            return null;
        });
    }

    /** Retries 503s and lost connections with the same request, as the API invites, for up to 3 minutes. */
    private <T> T retrying(Supplier<T> call) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try {
                return call.get();
            } catch (Failure failure) {
                // the storefront or the broker is restarting: retry
                if (!failure.retryable()) {
                    throw new IllegalStateException(failure.kind(), failure);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(failure.kind() + ": kept failing for 3 minutes", failure);
                }
            }
            retries.incrementAndGet();
            pause(200);
        }
    }

    private Map<String, Long> products(List<String> skus) {
        Set<String> wanted = new HashSet<>(skus);
        Map<String, Long> found = new HashMap<>();
        for (Product product : retrying(api::products)) {
            if (wanted.contains(product.sku())) {
                found.put(product.sku(), product.available());
            }
        }
        return found;
    }

    // ---- faults ----

    /** A fault of the plan, at a share of the checkouts done. */
    record Fault(double at, String what) {
    }

    /**
     * The faults, each at a random moment around its point of the run (share of checkouts done):
     * the broker and MongoDB (the stand-in) stopped and started {@code brokerRestarts} and
     * {@code mongoRestarts} times, one rewind of the inventory worker, each worker scaled up by one
     * instance and back down, one instance of each frozen past its session timeout (a zombie) and,
     * unless the workers are killed on a clock instead, five SIGKILLs of one worker or the other.
     * Sorted by {@code at}.
     */
    static List<Fault> plan(int brokerRestarts, int mongoRestarts, boolean plannedKills, Random random) {
        List<Fault> plan = new ArrayList<>();
        plan.add(new Fault(0.60, "rewind inventory-worker"));
        plan.add(new Fault(0.10, "scale up order-processor"));
        plan.add(new Fault(0.30, "scale down order-processor"));
        plan.add(new Fault(0.50, "scale up inventory-worker"));
        plan.add(new Fault(0.70, "scale down inventory-worker"));
        plan.add(new Fault(0.35, "zombie order-processor"));
        plan.add(new Fault(0.80, "zombie inventory-worker"));
        for (int i = 0; i < brokerRestarts; i++) {
            plan.add(new Fault(0.25 + 0.5 * i / brokerRestarts, "restart broker"));
        }
        for (int i = 0; i < mongoRestarts; i++) {
            plan.add(new Fault(0.45 + 0.4 * i / mongoRestarts, "restart mongodb"));
        }
        if (plannedKills) {
            for (double at : new double[] {0.05, 0.40, 0.88}) {
                plan.add(new Fault(at, "kill order-processor"));
            }
            for (double at : new double[] {0.15, 0.75}) {
                plan.add(new Fault(at, "kill inventory-worker"));
            }
        }
        return plan.stream().map(fault -> new Fault(fault.at() + random.nextDouble() * 0.04, fault.what()))
                .sorted(Comparator.comparingDouble(Fault::at)).toList();
    }

    /** A fault that cannot be injected (a broker that does not come back) ends the run as a violation. */
    private void chaosOrGiveUp() {
        try {
            chaos();
        } catch (RuntimeException e) {
            violations.add("a fault could not be injected: " + e.getMessage());
            say("VIOLATION a fault could not be injected: " + e);
            gate = Integer.MAX_VALUE;
        }
    }

    private void chaos() {
        List<Fault> plan = plan(brokerRestartsPlanned, mongoRestartsPlanned, killEvery.isZero(), random);
        for (int k = 0; k < plan.size(); k++) {
            Fault fault = plan.get(k);
            gate = (int) (fault.at() * checkouts);
            awaitDone(gate);
            if (!driving) {
                say("fault skipped, the run ended first: " + fault.what());
                continue;
            }
            int next = k + 1 < plan.size() ? (int) (plan.get(k + 1).at() * checkouts) : Integer.MAX_VALUE;
            switch (fault.what()) {
                case "restart broker" -> {
                    say("fault: stopping the broker");
                    gate = next;
                    stack.broker().stop();
                    stack.broker().start();
                    brokerRestarts++;
                    say("fault: broker back");
                }
                case "restart mongodb" -> {
                    say("fault: stopping MongoDB with " + done.get() + " checkouts accepted");
                    gate = next;
                    stack.stopMongoStandIn();
                    stack.startMongoStandIn();
                    mongoRestarts++;
                    say("fault: MongoDB back");
                }
                case "rewind inventory-worker" -> {
                    gate = next;
                    rewindInventoryWorker();
                }
                case "scale up order-processor", "scale up inventory-worker" -> {
                    gate = next;
                    scaleUp(workerOf(fault));
                }
                case "scale down order-processor", "scale down inventory-worker" -> {
                    gate = next;
                    scaleDown(workerOf(fault));
                }
                case "zombie order-processor", "zombie inventory-worker" -> {
                    gate = next;
                    freezeAndWake(workerOf(fault));
                }
                default -> {
                    JavaProcess victim = instances.get(workerOf(fault)).getFirst();
                    say("fault: SIGKILL " + victim.name() + " with " + done.get() + " checkouts accepted");
                    victim.kill();
                    kills++;
                    gate = next;
                    victim.start();
                    stack.awaitReady(victim);
                }
            }
        }
        gate = Integer.MAX_VALUE;
        awaitDone(Integer.MAX_VALUE);
    }

    private static String workerOf(Fault fault) {
        return WORKERS.stream().filter(fault.what()::endsWith).findFirst().orElseThrow();
    }

    /** One more instance of the worker joins its group (a scale-out during the burst). */
    private void scaleUp(String worker) {
        JavaProcess instance = stack.addInstance(worker).start();
        stack.awaitReady(instance);
        synchronized (instances) {
            instances.get(worker).add(instance);
            scaledOut.add(instance);
        }
        scaleEvents++;
        say("fault: scaled %s up to %d instances with %d checkouts accepted"
                .formatted(worker, instances.get(worker).size(), done.get()));
    }

    /** The instance the last scale-out added leaves its group with SIGTERM (a scale-in), mid-burst. */
    private void scaleDown(String worker) {
        JavaProcess instance;
        synchronized (instances) {
            instance = scaledOut.stream().filter(p -> instances.get(worker).contains(p)).reduce((a, b) -> b).orElse(null);
            if (instance == null) {
                return;
            }
            instances.get(worker).remove(instance);
        }
        instance.stop(Duration.ofSeconds(30));
        scaleEvents++;
        say("fault: scaled %s down to %d instances with %d checkouts accepted"
                .formatted(worker, instances.get(worker).size(), done.get()));
    }

    /**
     * SIGSTOP of one instance for longer than its session timeout, then SIGCONT: its partitions
     * move to the other instances meanwhile, and when it wakes it finishes the batch it was in,
     * writes and publishes its outputs late and tries to commit (refused: a new generation). Its
     * writes are the conditional, idempotent ones every batch makes and its outputs carry the ids
     * the new owner's carry, which the checks at the end prove harmless.
     */
    private void freezeAndWake(String worker) {
        List<JavaProcess> running = instances.get(worker);
        JavaProcess instance = running.get(running.size() - 1);
        say("fault: SIGSTOP %s (%s) for %d s with %d checkouts accepted"
                .formatted(instance.name(), worker, FROZEN_FOR.toSeconds(), done.get()));
        signal("STOP", instance);
        try {
            pause(FROZEN_FOR.toMillis());
        } finally {
            signal("CONT", instance);
        }
        zombies++;
        stack.awaitReady(instance);
        say("fault: SIGCONT %s: awake again".formatted(instance.name()));
    }

    private static void signal(String signal, JavaProcess process) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot signal " + process.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits while the run goes on and fewer than {@code count} checkouts are done, killing a worker on the clock if asked to. */
    private void awaitDone(int count) {
        while (driving && done.get() < count) {
            if (!killEvery.isZero() && System.nanoTime() - lastClockKill >= killEvery.toNanos()) {
                killOnTheClock();
            }
            pause(100);
        }
    }

    /**
     * SIGKILLs a worker instance that is up (ready), the order processor and the inventory worker in turn,
     * and starts it again at once; when neither is up yet, the next kill waits until one is, so
     * every kill hits a worker at work, not one still starting.
     */
    private void killOnTheClock() {
        List<JavaProcess> inTurn = new ArrayList<>();
        List<String> workers = kills % 2 == 0 ? WORKERS : WORKERS.reversed();
        synchronized (instances) {
            for (String worker : workers) {
                List<JavaProcess> running = instances.get(worker);
                // each instance of a worker in turn
                inTurn.add(running.get((kills / 2) % running.size()));
            }
        }
        for (JavaProcess victim : inTurn) {
            if (stack.isReady(victim)) {
                victim.kill();
                kills++;
                victim.start();
                long now = System.nanoTime();
                killIntervals.add(now - lastClockKill);
                lastClockKill = now;
                if (kills % 20 == 0) {
                    say("fault: %d SIGKILLs so far, median interval %.1f s".formatted(kills, medianKillIntervalSeconds()));
                }
                return;
            }
        }
    }

    private double medianKillIntervalSeconds() {
        if (killIntervals.isEmpty()) {
            return 0;
        }
        List<Long> sorted = killIntervals.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) / 1e9;
    }

    /**
     * With every instance of the inventory worker down (a group's offsets can be altered only while it
     * has no members), moves its group back 150 records on every partition of orders.v1.
     */
    private void rewindInventoryWorker() {
        List<JavaProcess> workers = List.copyOf(instances.get("inventory-worker"));
        say("fault: SIGKILL inventory-worker (%d instances) and rewind its offsets on %s".formatted(workers.size(), Topics.ORDERS));
        workers.forEach(JavaProcess::kill);
        kills += workers.size();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            admin.removeMembersFromConsumerGroup("inventory-worker", new RemoveMembersFromConsumerGroupOptions())
                    .all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("inventory-worker")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> rewound = committed.entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(Topics.ORDERS))
                    .collect(Collectors.toMap(Map.Entry::getKey,
                            entry -> new OffsetAndMetadata(Math.max(0, entry.getValue().offset() - 150))));
            rewoundRecords = committed.entrySet().stream().filter(e -> rewound.containsKey(e.getKey()))
                    .mapToLong(e -> e.getValue().offset() - rewound.get(e.getKey()).offset()).sum();
            admin.alterConsumerGroupOffsets("inventory-worker", rewound).all().get(30, TimeUnit.SECONDS);
            say("fault: %d records of %s will be delivered a second time".formatted(rewoundRecords, Topics.ORDERS));
        } catch (Exception e) {
            violations.add("could not rewind the inventory-worker group: " + e);
        }
        workers.forEach(JavaProcess::start);
        workers.forEach(stack::awaitReady);
    }

    private void injectPoison(int shopper) {
        List<String> inputs = List.of(Topics.CARTS, Topics.ORDERS, Topics.INVENTORY, Topics.CATALOG);
        String topic = inputs.get(shopper % inputs.size());
        String marker = "fault-proof-poison-" + run + "-" + shopper;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000))) {
            producer.send(new ProducerRecord<>(topic, "poison", ("{not an event " + marker + "}")
                    .getBytes(StandardCharsets.UTF_8))).get(90, TimeUnit.SECONDS);
            poison.put(marker, topic);
        } catch (Exception e) {
            say("could not send poison to " + topic + " (" + e + "); not counted");
        }
    }

    // ---- checks ----

    private void verify(MongoClient mongo, List<String> skus) {
        MongoDatabase orders = mongo.getDatabase("orders");
        waitFor("every accepted order to be final", () -> orders.getCollection("orders").countDocuments(Filters.and(
                Filters.in("_id", accepted.keySet().stream().map(UUID::toString).toList()),
                Filters.ne("status", "PENDING"))) == accepted.size());
        MongoDatabase inventory = mongo.getDatabase("inventory");
        waitFor("the inventory to settle every final order", () -> {
            long held = 0;
            for (Document stock : inventory.getCollection("stock").find(Filters.in("_id", skus))) {
                held += number(stock, "held");
            }
            return held == 0;
        });
        Map<String, Long> soldByOrders = new HashMap<>();
        Map<String, Integer> statuses = new HashMap<>();
        Set<String> seen = new HashSet<>();
        // in slices: the stand-in answers a find in one reply, and a driver takes at most 48 MB
        List<String> ids = accepted.keySet().stream().map(UUID::toString).toList();
        for (int from = 0; from < ids.size(); from += 10_000) {
            orders.getCollection("orders").find(Filters.in("_id", ids.subList(from, Math.min(ids.size(), from + 10_000))))
                    .forEach(order -> {
                        String id = order.getString("_id");
                        seen.add(id);
                        String status = order.getString("status");
                        statuses.merge(status, 1, Integer::sum);
                        if (status.equals("PENDING")) {
                            violations.add("order " + id + " is still PENDING");
                        }
                        if (status.equals("CONFIRMED")) {
                            order.getList("lines", Document.class).forEach(line ->
                                    soldByOrders.merge(line.getString("sku"), ((Number) line.get("quantity")).longValue(), Long::sum));
                        }
                    });
        }
        accepted.keySet().stream().map(UUID::toString).filter(id -> !seen.contains(id))
                .forEach(id -> violations.add("accepted checkout without an order: " + id));
        long foreign = orders.getCollection("orders").countDocuments(Filters.and(
                Filters.regex("cartId", ".*"), Filters.nin("_id", accepted.keySet().stream().map(UUID::toString).toList())));
        say("orders: %s; %d orders besides the accepted checkouts (other keys on the same carts: must be 0)"
                .formatted(statuses, foreign));
        if (foreign != 0) {
            violations.add(foreign + " orders exist that no accepted checkout asked for");
        }
        long soldTotal = 0;
        for (Document stock : inventory.getCollection("stock").find(Filters.in("_id", skus))) {
            String sku = stock.getString("_id");
            long stocked = number(stock, "stocked");
            long available = number(stock, "available");
            long held = number(stock, "held");
            long sold = number(stock, "sold");
            soldTotal += sold;
            if (available < 0 || held < 0) {
                violations.add(sku + " oversold: available " + available + ", held " + held);
            }
            if (available + held + sold != stocked) {
                violations.add(sku + ": available " + available + " + held " + held + " + sold " + sold
                        + " != stocked " + stocked);
            }
            if (stocked != unitsPerSku) {
                violations.add(sku + ": stocked " + stocked + ", expected " + unitsPerSku);
            }
            if (sold != soldByOrders.getOrDefault(sku, 0L)) {
                violations.add(sku + ": sold " + sold + " but confirmed orders hold " + soldByOrders.getOrDefault(sku, 0L)
                        + " (an effect applied twice or lost)");
            }
            if (held != 0 || !stock.get("holds", Document.class).isEmpty()) {
                violations.add(sku + ": " + held + " units still held with every order final");
            }
        }
        say("stock: %d units sold of %d stocked over %d SKUs; sold == confirmed quantities checked per SKU"
                .formatted(soldTotal, (long) unitsPerSku * skus.size(), skus.size()));
    }

    /** Every storefront instance's order stream shows a sample of the orders final, as MongoDB has them. */
    private void verifyOrderStreams(MongoDatabase orders) {
        List<UUID> sample = accepted.keySet().stream().sorted().limit(30).toList();
        int streams = 0;
        for (UUID orderId : sample) {
            Document order = orders.getCollection("orders").find(Filters.eq("_id", orderId.toString())).first();
            String status = order == null ? "(none)" : order.getString("status");
            for (int i = 0; i < shops.size(); i++) {
                String stream = streamOf(shops.get(i), orderId);
                streams++;
                if (!stream.contains("\"status\":\"" + status + "\"")) {
                    violations.add("storefront %d's stream of order %s does not show it %s: %s"
                            .formatted(i + 1, orderId, status, stream.length() > 300 ? stream.substring(0, 300) : stream));
                }
            }
        }
        say("order streams: %d read across %d storefronts, each showing its order final as stored".formatted(streams, shops.size()));
    }

    private static String streamOf(StorefrontClient shop, UUID orderId) {
        try {
            return shop.orderEvents(orderId, System.nanoTime() + TimeUnit.SECONDS.toNanos(20),
                    (response, abandon) -> new String(response.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return "(no stream: " + e + ")";
        }
    }

    private void verifyDeadLetters() {
        Map<String, Set<String>> found = new HashMap<>();
        for (String topic : Set.copyOf(poison.values())) {
            Set<String> markers = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : readAll(Topics.deadLetterTopic(topic))) {
                String value = new String(record.value(), StandardCharsets.UTF_8);
                poison.keySet().stream().filter(value::contains).forEach(markers::add);
            }
            found.put(topic, markers);
        }
        poison.forEach((marker, topic) -> {
            if (!found.getOrDefault(topic, Set.of()).contains(marker)) {
                violations.add("poison " + marker + " sent to " + topic + " is not in " + Topics.deadLetterTopic(topic));
            }
        });
        say("poison: %d poison records, all expected in their .dlt topics".formatted(poison.size()));
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "fault-proof-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Gives up after 5 minutes, or 10 ms per checkout for the largest runs; asks less often in those (their queries are large). */
    private void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Math.max(TimeUnit.MINUTES.toNanos(5), TimeUnit.MILLISECONDS.toNanos(10L * checkouts));
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                violations.add("gave up waiting for " + what);
                return;
            }
            pause(Math.max(500, checkouts / 20));
        }
    }

    private static long number(Document doc, String field) {
        return ((Number) doc.get(field)).longValue();
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(String line) {
        System.out.println("[fault-proof] " + line);
    }
}
