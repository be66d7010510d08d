package dev.orderpipeline.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The program AotCacheTest trains and runs: prints its name and the version resource of its jar. */
public final class AotCacheTestApp {

    private AotCacheTestApp() {
    }

    public static void main(String[] args) throws IOException {
        try (InputStream version = AotCacheTestApp.class.getResourceAsStream("/version.txt")) {
            System.out.println("AotCacheTestApp " + new String(version.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
