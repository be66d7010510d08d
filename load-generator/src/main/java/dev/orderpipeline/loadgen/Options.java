package dev.orderpipeline.loadgen;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** The command line of {@link LoadGenerator#main}, parsed by picocli. */
final class Options {

    private static final String HTTP_URL = "an http(s) URL";

    static final String USAGE = usage();

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

    @Command(name = "scripts/load.sh", sortOptions = false, usageHelpWidth = 100,
            description = "Drives the storefront REST API as many concurrent shoppers and reports the throughput of confirmed orders and the latency from checkout to final order status. ",
            footer = {"", "Exit status: 0 after a run (its errors are in the report), 1 if it could not start,",
                    "2 for bad options."})
    static final class Cli {
        @Option(names = "--url", paramLabel = "URL",
                description = "storefront base URL (default http://localhost:8080)")
        URI url;

        @Option(names = "--ops-url", paramLabel = "URL",
                description = "the operators' service (ops-api), for --restock (default http://localhost:8083)")
        URI opsUrl;

        @Option(names = "--mode", paramLabel = "checkout|mix",
                description = "checkout (default): each iteration opens a cart, adds 1..3 lines, checks out and waits for the final status; mix: browse 10 : add-to-cart 3 : checkout 1")
        Mode mode;

        @Option(names = "--shoppers", paramLabel = "N",
                description = "concurrent shoppers; with --rate, the most in flight (default 16)")
        Long shoppers;

        @Option(names = "--rate", paramLabel = "R",
                description = "open loop: start R checkouts per second at fixed intervals, whatever the response times (default: closed loop, as fast as the shoppers go)")
        Double rate;

        @Option(names = "--duration", paramLabel = "D",
                description = "measured time after the warm-up, e.g. 30s, 5m (default 60s unless --orders or --requests is given)")
        Duration duration;

        @Option(names = "--orders", paramLabel = "N",
                description = "stop after N measured checkouts")
        Long orders;

        @Option(names = "--requests", paramLabel = "N",
                description = "mix mode: stop after N measured steps (browse, add, checkout)")
        Long requests;

        @Option(names = "--warmup", paramLabel = "D",
                description = "run this long first, left out of the figures (default 10s)")
        Duration warmup;

        @Option(names = "--final-timeout", paramLabel = "D",
                description = "an order not final this long after its checkout is a timeout (default 30s)")
        Duration finalTimeout;

        @Option(names = "--observe", paramLabel = "sse|poll",
                description = "see the final status on the order's event stream (default), or by GET /api/orders/{id} every 20 ms")
        Observe observe;

        @Option(names = "--restock", description = "first top up the stock so the run does not sell out")
        boolean restock;

        @Option(names = "--admin-token", paramLabel = "T",
                description = "the operators' token for --restock (default: $OPS_ADMIN_TOKEN, else $STOREFRONT_ADMIN_TOKEN)")
        String adminToken;

        @Option(names = "--skus", paramLabel = "A,B,C",
                description = "use only these SKUs (default: every SKU of the catalog with stock)")
        String skus;

        @Option(names = "--out", paramLabel = "DIR",
                description = "where result.json and chart.html go (default target/load-<timestamp>)")
        Path out;

        @Option(names = "--help", usageHelp = true, description = "this text")
        boolean help;
    }

    private Options() {
    }

    static Parsed parse(List<String> args, Map<String, String> env) {
        Cli cli = new Cli();
        try {
            commandLine(cli).parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new BadOptions(e.getMessage());
        }
        if (cli.help) {
            return new Parsed.Help();
        }
        try {
            return new Parsed.Run(settings(cli, env));
        } catch (IllegalArgumentException e) {
            throw new BadOptions(e.getMessage());
        }
    }

    private static LoadGenerator.Settings settings(Cli cli, Map<String, String> env) {
        LoadGenerator.Settings.Builder builder = LoadGenerator.Settings.builder();
        set(cli.url, builder::url);
        set(cli.opsUrl, builder::opsUrl);
        set(cli.mode, builder::mode);
        set(cli.shoppers, shoppers -> builder.shoppers(shoppers.intValue()));
        set(cli.rate, builder::rate);
        set(cli.duration, builder::duration);
        set(cli.orders, builder::orders);
        set(cli.requests, builder::requests);
        set(cli.warmup, builder::warmup);
        set(cli.finalTimeout, builder::finalTimeout);
        set(cli.observe, builder::observe);
        set(cli.skus, skus -> builder.skus(skuList(skus)));
        set(cli.out, builder::outDir);
        String token = cli.adminToken != null ? cli.adminToken
                : env.getOrDefault("OPS_ADMIN_TOKEN", env.get("STOREFRONT_ADMIN_TOKEN"));
        builder.adminToken(token);
        if (cli.restock) {
            builder.restock(token);
        }
        return builder.build();
    }

    private static <T> void set(T given, Consumer<T> setter) {
        if (given != null) {
            setter.accept(given);
        }
    }

    /**
     * Values are converted by type: every {@code Long} option is a whole number from 0 to
     * {@link Integer#MAX_VALUE}, every {@code Double} one more than 0, every {@code URI} an http(s) URL;
     * {@link Mode} and {@link Observe} by picocli, in any case.
     */
    private static CommandLine commandLine(Cli cli) {
        return new CommandLine(cli)
                .setPosixClusteredShortOptionsAllowed(false)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(URI.class, Options::httpUrl)
                .registerConverter(Long.class, Options::wholeNumber)
                .registerConverter(Double.class, Options::positiveNumber)
                .registerConverter(Duration.class, Options::duration);
    }

    private static String usage() {
        StringWriter text = new StringWriter();
        commandLine(new Cli()).usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
        return text.toString();
    }

    private static List<String> skuList(String text) {
        List<String> items = Arrays.stream(text.split(",")).map(String::strip).filter(item -> !item.isEmpty())
                .toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("--skus: no SKU given");
        }
        return items;
    }

    private static URI httpUrl(String text) {
        URI uri = parsed(text, URI::create, HTTP_URL);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw notA(HTTP_URL, text);
        }
        return uri;
    }

    private static Long wholeNumber(String text) {
        long value = parsed(text, number -> Long.parseLong(number.strip()), "a whole number");
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new TypeConversionException("out of range: " + text);
        }
        return value;
    }

    private static Double positiveNumber(String text) {
        double value = parsed(text, number -> Double.parseDouble(number.strip()), "a number");
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new TypeConversionException("must be more than 0: " + text);
        }
        return value;
    }

    private static Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code parse} applied to {@code text}; its failure says the text is not {@code what}. */
    private static <T> T parsed(String text, Function<String, T> parse, String what) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw notA(what, text);
        }
    }

    private static TypeConversionException notA(String what, String text) {
        return new TypeConversionException("not " + what + ": '" + text + "'");
    }
}
