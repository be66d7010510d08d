package dev.orderpipeline.loadgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.orderpipeline.loadgen.LoadResult.Second;

/**
 * chart.html: one self-contained page (inline SVG and CSS, no scripts, nothing fetched) with the
 * run's figures, throughput over time and latency over time.
 */
final class ChartHtml {

    record Line(String name, String color, double[] values) {
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;

    private ChartHtml() {
    }

    static String of(LoadResult result) {
        List<Second> series = result.series();
        double[] t = values(series, Second::t);
        String throughput = chart("Throughput", "orders per second", t, List.of(
                new Line("confirmed/s", "#2e7d32", values(series, Second::confirmed)),
                new Line("started/s", "#1565c0", values(series, Second::started)),
                new Line("rejected/s", "#ef6c00", values(series, Second::rejected))));
        String latency = chart("Checkout to final status", "latency (ms)", t, List.of(
                new Line("p50", "#1565c0", values(series, Second::p50)),
                new Line("p99", "#c62828", values(series, Second::p99))));
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>Load test %s</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
                pre { background: #f4f4f4; padding: 1em; overflow-x: auto; }
                svg { display: block; margin: 1em 0 2em; }
                svg text { font-size: 12px; fill: #333; }
                .grid { stroke: #ddd; stroke-width: 1; }
                .axis { stroke: #333; stroke-width: 1; }
                </style>
                </head>
                <body>
                <h1>Load test, %s</h1>
                <pre>%s</pre>
                <h2>Throughput</h2>
                %s
                <h2>Latency</h2>
                %s
                </body>
                </html>
                """.formatted(escape(result.startedAt().toString()), escape(result.startedAt().toString()),
                escape(Summary.of(result)), throughput, latency);
    }

    /** A line chart of {@code lines} over {@code t} (seconds), with axes, grid, labels and a legend. */
    static String chart(String title, String yLabel, double[] t, List<Line> lines) {
        double xMin = t.length == 0 ? 0 : t[0];
        double xMax = t.length < 2 ? xMin + 1 : t[t.length - 1];
        double highest = maxOf(lines);
        double yStep = niceStep(highest, 5);
        double yMax = Math.max(yStep, Math.ceil(highest / yStep) * yStep);
        Plot plot = new Plot(xMin, xMax, yMax);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n"
                .formatted(WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title)));
        yAxis(svg, plot, yStep, yLabel);
        xAxis(svg, plot);
        for (Line line : lines) {
            plotLine(svg, plot, t, line);
        }
        legend(svg, lines);
        return svg.append("</svg>").toString();
    }

    /** A round step (1, 2 or 5 times a power of ten) that cuts 0..max into about {@code ticks} parts. */
    static double niceStep(double max, int ticks) {
        if (!(max > 0)) {
            return 1;
        }
        double raw = max / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private record Plot(double xMin, double xMax, double yMax) {
        double x(double t) {
            return LEFT + (t - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - value / yMax * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static void yAxis(StringBuilder svg, Plot plot, double step, String label) {
        for (double value = 0; value <= plot.yMax() + step / 2; value += step) {
            double y = plot.y(value);
            svg.append(line(LEFT, y, WIDTH - RIGHT, y, "grid"));
            svg.append(text(LEFT - 8, y + 4, "end", number(value)));
        }
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "axis"));
        svg.append("<text x=\"16\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 16 %s)\">%s</text>\n"
                .formatted(fmt((TOP + HEIGHT - BOTTOM) / 2.0), fmt((TOP + HEIGHT - BOTTOM) / 2.0), escape(label)));
    }

    private static void xAxis(StringBuilder svg, Plot plot) {
        double step = Math.max(1, niceStep(plot.xMax() - plot.xMin(), 10));
        for (double t = Math.ceil(plot.xMin() / step) * step; t <= plot.xMax(); t += step) {
            double x = plot.x(t);
            svg.append(line(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5, "axis"));
            svg.append(text(x, HEIGHT - BOTTOM + 18, "middle", number(t)));
        }
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "axis"));
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 10, "middle", "time since the warm-up (s)"));
    }

    /** NaN (a second without a sample) breaks the line instead of dropping it to zero. */
    private static void plotLine(StringBuilder svg, Plot plot, double[] t, Line line) {
        List<String> segment = new ArrayList<>();
        for (int i = 0; i <= t.length; i++) {
            if (i < t.length && !Double.isNaN(line.values()[i])) {
                segment.add(fmt(plot.x(t[i])) + "," + fmt(plot.y(line.values()[i])));
            } else if (!segment.isEmpty()) {
                svg.append(segment.size() == 1 ? dot(segment.getFirst(), line.color()) : polyline(segment, line.color()));
                segment.clear();
            }
        }
    }

    private static void legend(StringBuilder svg, List<Line> lines) {
        for (int i = 0; i < lines.size(); i++) {
            double y = TOP + 10 + i * 20;
            double x = WIDTH - RIGHT + 15;
            svg.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"3\"/>\n"
                    .formatted(fmt(x), fmt(y), fmt(x + 20), fmt(y), lines.get(i).color()));
            svg.append(text(x + 26, y + 4, "start", lines.get(i).name()));
        }
    }

    private static String polyline(List<String> points, String color) {
        return "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n"
                .formatted(color, String.join(" ", points));
    }

    private static String dot(String point, String color) {
        String[] xy = point.split(",");
        return "<circle cx=\"%s\" cy=\"%s\" r=\"2.5\" fill=\"%s\"/>\n".formatted(xy[0], xy[1], color);
    }

    private static String line(double x1, double y1, double x2, double y2, String cssClass) {
        return "<line class=\"%s\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n"
                .formatted(cssClass, fmt(x1), fmt(y1), fmt(x2), fmt(y2));
    }

    private static String text(double x, double y, String anchor, String content) {
        return "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\">%s</text>\n".formatted(fmt(x), fmt(y), anchor,
                escape(content));
    }

    private static double maxOf(List<Line> lines) {
        return lines.stream().flatMapToDouble(line -> Arrays.stream(line.values()))
                .filter(v -> !Double.isNaN(v)).max().orElse(0);
    }

    private static double[] values(List<Second> series, ToDoubleFunction<Second> field) {
        return series.stream().mapToDouble(field).toArray();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : fmt(value);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
