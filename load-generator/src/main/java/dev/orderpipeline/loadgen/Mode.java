package dev.orderpipeline.loadgen;

/** What each shopper does. */
public enum Mode {
    /** Every iteration: a cart, 1..3 lines, checkout, wait for the final status. */
    CHECKOUT,
    /** Browse 10 : add-to-cart 3 : checkout 1; a shopper keeps its cart until its checkout step. */
    MIX;

    String cliName() {
        return name().toLowerCase();
    }
}
