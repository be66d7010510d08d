package dev.orderpipeline.events;

public record Customer(String email, String name) {
    public Customer {
        Checks.text(email, "customer.email");
        Checks.text(name, "customer.name");
    }
}
