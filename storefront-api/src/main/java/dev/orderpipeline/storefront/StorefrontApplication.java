package dev.orderpipeline.storefront;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The shop: catalog, carts, checkout and orders, over REST and in the browser. What operators do
 * (the admin API, the dead-letter redrive, the consumer lag) is ops-api's; here it answers 404.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StorefrontApplication {

    public static void main(String[] args) {
        SpringApplication.run(StorefrontApplication.class, args);
    }
}
