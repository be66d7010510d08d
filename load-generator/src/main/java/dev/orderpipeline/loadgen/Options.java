package dev.orderpipeline.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The command line of {@link LoadGenerator#main}. */
final class Options {

    static final String USAGE = """
            Usage: scripts/load.sh [options]
            Drives the storefront REST API as many concurrent shoppers and reports the throughput of
            confirmed orders and the latency from checkout to final order status.

              --url URL             storefront base URL (default http://localhost:8080)
              --mode checkout|mix   checkout (default): each iteration opens a cart, adds 1..3 lines,
                                    checks out and waits for the final status;
                                    mix: browse 10 : add-to-cart 3 : checkout 1
              --shoppers N          concurrent shoppers; with --rate, the most in flight (default 16)
              --rate R              open loop: start R checkouts per second at fixed intervals, whatever
                                    the response times (default: closed loop, as fast as the shoppers go)
              --duration D          measured time after the warm-up, e.g. 30s, 5m
                                    (default 60s unless --orders or --requests is given)
              --orders N            stop after N measured checkouts
              --requests N          mix mode: stop after N measured steps (browse, add, checkout)
              --warmup D            run this long first, left out of the figures (default 10s)
              --final-timeout D     an order not final this long after its checkout is a timeout (default 30s)
              --observe sse|poll    see the final status on the order's event stream (default), or by
                                    GET /api/orders/{id} every 20 ms
              --restock             first top up the stock so the run does not sell out
              --admin-token T       the admin token for --restock (default: $STOREFRONT_ADMIN_TOKEN)
              --skus A,B,C          use only these SKUs (default: every SKU of the catalog with stock)
              --out DIR             where result.json and chart.html go (default target/load-<timestamp>)
              --help                this text

            Exit status: 0 after a run (its errors are in the report), 1 if it could not start,
            2 for bad options.
            """;

    private static final Set<String> FLAGS = Set.of("restock", "help");
    private static final Set<String> VALUED = Set.of("url", "mode", "shoppers", "rate", "duration", "orders",
            "requests", "warmup", "final-timeout", "observe", "admin-token", "skus", "out");

    sealed interface Parsed {
        record Help() implements Parsed {
        }

        record Run(LoadGenerator.Settings settings) implements Parsed {
        }
    }

    static final class BadOptions extends RuntimeException {
        BadOptions(String message) {
            super(message);
        }
    }

    private Options() {
    }

    static Parsed parse(List<String> args, Map<String, String> env) {
        Map<String, String> given = read(args);
        if (given.containsKey("help")) {
            return new Parsed.Help();
        }
        LoadGenerator.Settings.Builder builder = LoadGenerator.Settings.builder();
        try {
            apply(given, builder, env);
            return new Parsed.Run(builder.build());
        } catch (IllegalArgumentException e) {
            throw new BadOptions(e.getMessage());
        }
    }

    /** Option name (without --) to value; flags map to "". */
    private static Map<String, String> read(List<String> args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new BadOptions("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (FLAGS.contains(name)) {
                if (equals >= 0) {
                    throw new BadOptions("--" + name + " takes no value");
                }
                given.put(name, "");
            } else if (VALUED.contains(name)) {
                if (equals >= 0) {
                    given.put(name, arg.substring(equals + 1));
                } else if (i + 1 < args.size()) {
                    given.put(name, args.get(++i));
                } else {
                    throw new BadOptions("--" + name + " needs a value");
                }
            } else {
                throw new BadOptions("unknown option --" + name);
            }
        }
        return given;
    }

    private static void apply(Map<String, String> given, LoadGenerator.Settings.Builder builder,
                              Map<String, String> env) {
        value(given, "url", Options::url).ifPresent(builder::url);
        value(given, "mode", text -> choice(Mode.class, text)).ifPresent(builder::mode);
        value(given, "shoppers", text -> (int) whole(text)).ifPresent(builder::shoppers);
        value(given, "rate", Options::decimal).ifPresent(builder::rate);
        value(given, "duration", Durations::parse).ifPresent(builder::duration);
        value(given, "orders", Options::whole).ifPresent(builder::orders);
        value(given, "requests", Options::whole).ifPresent(builder::requests);
        value(given, "warmup", Durations::parse).ifPresent(builder::warmup);
        value(given, "final-timeout", Durations::parse).ifPresent(builder::finalTimeout);
        value(given, "observe", text -> choice(Observe.class, text)).ifPresent(builder::observe);
        value(given, "skus", Options::list).ifPresent(builder::skus);
        value(given, "out", Path::of).ifPresent(builder::outDir);
        String token = given.getOrDefault("admin-token", env.get("STOREFRONT_ADMIN_TOKEN"));
        builder.adminToken(token);
        if (given.containsKey("restock")) {
            builder.restock(token);
        }
    }

    private static <T> Optional<T> value(Map<String, String> given, String name, Function<String, T> parse) {
        if (!given.containsKey(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(given.get(name)));
        } catch (IllegalArgumentException e) {
            throw new BadOptions("--" + name + ": " + e.getMessage());
        }
    }

    private static URI url(String text) {
        URI uri = URI.create(text);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: '" + text + "'");
        }
        return uri;
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static long whole(String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("out of range: " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + text + "'");
        }
    }

    private static double decimal(String text) {
        try {
            double value = Double.parseDouble(text.strip());
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("must be more than 0: " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + text + "'");
        }
    }

    private static List<String> list(String text) {
        List<String> items = Arrays.stream(text.split(",")).map(String::strip).filter(item -> !item.isEmpty())
                .toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no SKU given");
        }
        return items;
    }
}
