package dev.orderpipeline.ops;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The operators' service: the admin API (products, stock adjustments), the dead-letter redrive and
 * the consumer lag (endpoint and page), every call behind the operators' token. Internal only: never
 * routed by the public Ingress.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OpsApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpsApplication.class, args);
    }
}
