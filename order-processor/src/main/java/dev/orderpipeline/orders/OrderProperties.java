package dev.orderpipeline.orders;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param pendingTimeout how long an order may stay PENDING before it is cancelled as EXPIRED */
@ConfigurationProperties("orders")
public record OrderProperties(@DefaultValue("2m") Duration pendingTimeout) {
}
