package dev.orderpipeline.loadgen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/** The steps of mix mode, and one shopper's round of them: browse 10 : add-to-cart 3 : checkout 1. */
final class MixCycle {

    enum Step {
        BROWSE("browse"), ADD_TO_CART("add-to-cart"), CHECKOUT("checkout");

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    static final int BROWSES = 10;
    static final int ADDS = 3;
    static final int LENGTH = BROWSES + ADDS + 1;

    private MixCycle() {
    }

    /** Browses and adds in random order, then the checkout, so the cart always has had its adds. */
    static List<Step> next(RandomGenerator random) {
        List<Step> steps = new ArrayList<>(LENGTH);
        steps.addAll(Collections.nCopies(BROWSES, Step.BROWSE));
        steps.addAll(Collections.nCopies(ADDS, Step.ADD_TO_CART));
        Collections.shuffle(steps, random);
        steps.add(Step.CHECKOUT);
        return steps;
    }
}
