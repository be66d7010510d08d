package dev.orderpipeline.events;

import java.util.UUID;

/**
 * When a cart accepts a change: the one rule behind the storefront's fast refusal (409 from what it
 * has seen) and the order processor's decision (in the cart's partition order). A cart takes items
 * and a checkout while it is open; once checked out it is closed for good: an item is refused or
 * ignored, a checkout of the same order is a retry (answered, nothing new), and a checkout of another
 * order is refused ({@link Reason.Code#ALREADY_CHECKED_OUT}).
 */
public final class CartRules {

    /** What a checkout is to the cart it names. */
    public enum Checkout {
        /** The cart is open: the checkout closes it and makes the order. */
        FIRST,
        /** The cart was checked out as this very order: a retry. */
        RETRY,
        /** The cart was checked out as another order: refused. */
        ANOTHER_ORDER
    }

    private CartRules() {
    }

    /** Whether a cart takes an item added or removed. */
    public static boolean acceptsItems(boolean checkedOut) {
        return !checkedOut;
    }

    /**
     * @param checkedOutAs the order the cart was checked out as, null while it is open
     * @param orderId      the order the checkout asks for
     */
    public static Checkout checkout(UUID checkedOutAs, UUID orderId) {
        if (checkedOutAs == null) {
            return Checkout.FIRST;
        }
        return checkedOutAs.equals(orderId) ? Checkout.RETRY : Checkout.ANOTHER_ORDER;
    }

    /** Why a checkout of a cart checked out as {@code checkedOutAs} under another order is refused. */
    public static Reason checkedOutAs(UUID checkedOutAs) {
        return Reason.alreadyCheckedOut(checkedOutAs);
    }
}
