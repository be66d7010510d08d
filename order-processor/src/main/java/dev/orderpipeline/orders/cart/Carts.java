package dev.orderpipeline.orders.cart;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.documents.CartDocument;

/** The carts one batch touches: as they were loaded, and as the batch leaves them. */
public final class Carts {

    private final Map<UUID, CartDocument> loaded;
    private final Map<UUID, CartDocument> changed = new LinkedHashMap<>();

    Carts(Map<UUID, CartDocument> loaded) {
        this.loaded = Map.copyOf(loaded);
    }

    /** The cart as the batch has left it so far, or null if it has no events yet. */
    public CartDocument get(UUID cartId) {
        CartDocument cart = changed.get(cartId);
        return cart != null ? cart : loaded.get(cartId);
    }

    public void put(CartDocument cart) {
        changed.put(cart.cartId(), cart);
    }

    CartDocument loaded(UUID cartId) {
        return loaded.get(cartId);
    }

    Collection<CartDocument> changed() {
        return changed.values();
    }

    /** Every cart, as left by the batch (for tests and callers that want a view). */
    public Map<UUID, CartDocument> all() {
        Map<UUID, CartDocument> all = new HashMap<>(loaded);
        all.putAll(changed);
        return all;
    }
}
