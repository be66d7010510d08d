package dev.orderpipeline.events;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A cart takes changes while it is open; once checked out, only a retry of its own order is answered. */
class CartRulesTest {

    private static final UUID ORDER = UUID.fromString("3f9c2a4e-0d1b-3c5a-9e8f-1a2b3c4d5e6f");
    private static final UUID OTHER = UUID.fromString("7d1e4b2a-9c3f-3a5e-8b7d-6f5e4d3c2b1a");

    @Test
    void anOpenCartTakesItemsAndAClosedOneDoesNot() {
        assertThat(CartRules.acceptsItems(false)).isTrue();
        assertThat(CartRules.acceptsItems(true)).isFalse();
    }

    @Test
    void theFirstCheckoutOfAnOpenCartMakesItsOrder() {
        assertThat(CartRules.checkout(null, ORDER)).isEqualTo(CartRules.Checkout.FIRST);
    }

    @Test
    void aCheckoutOfTheOrderTheCartWasCheckedOutAsIsARetry() {
        assertThat(CartRules.checkout(ORDER, ORDER)).isEqualTo(CartRules.Checkout.RETRY);
    }

    @Test
    void aCheckoutOfAnotherOrderIsRefusedNamingTheCartsOrder() {
        assertThat(CartRules.checkout(ORDER, OTHER)).isEqualTo(CartRules.Checkout.ANOTHER_ORDER);
        assertThat(CartRules.checkedOutAs(ORDER).text()).isEqualTo("ALREADY_CHECKED_OUT: " + ORDER);
    }
}
