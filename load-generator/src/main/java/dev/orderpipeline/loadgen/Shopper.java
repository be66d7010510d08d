package dev.orderpipeline.loadgen;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.orderpipeline.loadgen.Budget.Ticket;
import dev.orderpipeline.loadgen.MixCycle.Step;
import dev.orderpipeline.storefrontclient.Failure;
import dev.orderpipeline.storefrontclient.StorefrontClient;

/**
 * One simulated shopper. {@link #step()} does one unit of work: a whole checkout iteration in
 * checkout mode, one browse, add-to-cart or checkout in mix mode. Errors are counted, never thrown.
 */
final class Shopper {

    private final int id;
    private final StorefrontClient api;
    private final OrderWatch watch;
    private final Metrics metrics;
    private final Budget budget;
    private final List<String> skus;
    private final LoadGenerator.Settings settings;
    private final Deque<Step> cycle = new ArrayDeque<>();
    private String cartId;
    private int cartLines;

    Shopper(int id, StorefrontClient api, OrderWatch watch, Metrics metrics, Budget budget, List<String> skus,
            LoadGenerator.Settings settings) {
        this.id = id;
        this.api = api;
        this.watch = watch;
        this.metrics = metrics;
        this.budget = budget;
        this.skus = skus;
        this.settings = settings;
    }

    /** One unit of work; false when the run is over. */
    boolean step() {
        return settings.mode() == Mode.CHECKOUT ? checkoutIteration() : mixStep();
    }

    private boolean checkoutIteration() {
        Ticket ticket = budget.tryStart(true, System.nanoTime());
        if (ticket == null) {
            return false;
        }
        try {
            String cart = api.createCart();
            for (String sku : pickSkus(1 + random().nextInt(Math.min(3, skus.size())))) {
                api.addItem(cart, sku, quantity());
            }
            checkOut(ticket, cart);
        } catch (Failure failure) {
            count(ticket, failure);
        }
        return true;
    }

    private boolean mixStep() {
        if (cycle.isEmpty()) {
            cycle.addAll(MixCycle.next(random()));
        }
        Step step = cycle.peek();
        Ticket ticket = budget.tryStart(step == Step.CHECKOUT, System.nanoTime());
        if (ticket == null) {
            return false;
        }
        cycle.poll();
        metrics.step(ticket.measured(), System.nanoTime(), step.label);
        try {
            switch (step) {
                case BROWSE -> browse();
                case ADD_TO_CART -> addToCart();
                case CHECKOUT -> checkOutCart(ticket);
            }
        } catch (Failure failure) {
            count(ticket, failure);
        }
        return true;
    }

    private void browse() {
        if (random().nextBoolean()) {
            api.products();
        } else {
            api.product(randomSku());
        }
    }

    private void addToCart() {
        if (cartId == null) {
            cartId = api.createCart();
        }
        api.addItem(cartId, randomSku(), quantity());
        cartLines++;
    }

    private void checkOutCart(Ticket ticket) {
        String cart = cartId;
        int lines = cartLines;
        cartId = null;
        cartLines = 0;
        if (lines == 0) {
            // every add of this round failed (counted already); the step still counts, so --orders ends
            throw new Failure("checkout skipped: no item added");
        }
        checkOut(ticket, cart);
    }

    /** Latency counts from just before the checkout POST until the final status is seen. */
    private void checkOut(Ticket ticket, String cart) {
        long sent = System.nanoTime();
        metrics.checkoutSent(ticket.measured(), sent);
        StorefrontClient.Accepted accepted = api.checkout(cart, "load-" + UUID.randomUUID(),
                "shopper-" + id + "@load.example", "Load Shopper " + id);
        metrics.checkoutAccepted(ticket.measured(), accepted.nanos());
        switch (watch.awaitFinal(accepted.orderId(), sent + settings.finalTimeout().toNanos())) {
            case OrderWatch.Outcome.Final done -> metrics.orderFinal(ticket.measured(), done.observedAt(),
                    done.observedAt() - sent, done.status(), done.reason());
            case OrderWatch.Outcome.TimedOut timedOut -> metrics.timeout(ticket.measured(), System.nanoTime());
        }
    }

    private void count(Ticket ticket, Failure failure) {
        metrics.error(ticket.measured(), System.nanoTime(), failure.kind());
        if (!settings.openLoop()) {
            pause(failure.pause());
        }
    }

    private static void pause(Duration pause) {
        if (pause.isPositive()) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code count} different SKUs, at most as many as there are. */
    private Set<String> pickSkus(int count) {
        Set<String> picked = new LinkedHashSet<>();
        while (picked.size() < count) {
            picked.add(randomSku());
        }
        return picked;
    }

    private String randomSku() {
        return skus.get(random().nextInt(skus.size()));
    }

    private static int quantity() {
        return 1 + random().nextInt(2);
    }

    private static ThreadLocalRandom random() {
        return ThreadLocalRandom.current();
    }
}
