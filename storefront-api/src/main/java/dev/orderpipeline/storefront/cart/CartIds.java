package dev.orderpipeline.storefront.cart;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.orderpipeline.storefront.StorefrontProperties;
import dev.orderpipeline.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Cart ids any storefront replica can verify without a lookup: a version-8 UUID (RFC 9562) whose
 * first 64 bits are random and whose last 62 free bits are a MAC of them (HMAC-SHA256 under
 * {@code storefront.cart-id-key}, a key all replicas share). A cart id that does not verify was not
 * issued by a storefront: 404, with no query and nothing published.
 */
@Component
public class CartIds {

    private static final Logger log = LoggerFactory.getLogger(CartIds.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final long VERSION_MASK = 0xF000L;
    private static final long VERSION_8 = 0x8000L;
    private static final long VARIANT_MASK = 0xC000_0000_0000_0000L;
    private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;

    private final SecureRandom random = new SecureRandom();
    private final Mac prototype;

    public CartIds(StorefrontProperties properties) {
        this.prototype = mac(key(properties.cartIdKey()));
    }

    public UUID issue() {
        long random64 = (random.nextLong() & ~VERSION_MASK) | VERSION_8;
        return new UUID(random64, signature(random64));
    }

    /** The cart id in a path, if a storefront issued it; otherwise 404. */
    public UUID parse(String cartId) {
        UUID id;
        try {
            id = UUID.fromString(cartId);
        } catch (IllegalArgumentException e) {
            throw unknown(cartId);
        }
        if (!id.toString().equalsIgnoreCase(cartId) || !issued(id)) {
            throw unknown(cartId);
        }
        return id;
    }

    boolean issued(UUID id) {
        return id.version() == 8 && id.variant() == 2 && MessageDigest.isEqual(
                bytes(id.getLeastSignificantBits()), bytes(signature(id.getMostSignificantBits())));
    }

    public static ErrorResponseException unknown(String cartId) {
        return Problems.notFound("unknown cart " + cartId);
    }

    private long signature(long random64) {
        try {
            Mac mac = (Mac) prototype.clone();
            long tag = ByteBuffer.wrap(mac.doFinal(bytes(random64))).getLong();
            return (tag & ~VARIANT_MASK) | VARIANT_RFC;
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private byte[] key(String configured) {
        if (configured == null || configured.isBlank()) {
            log.warn("storefront.cart-id-key (STOREFRONT_CART_ID_KEY) is not set: this instance signs cart ids with a "
                    + "random key, so other replicas, and this one after a restart, will answer 404 for its carts.");
            byte[] key = new byte[32];
            random.nextBytes(key);
            return key;
        }
        byte[] key = Base64.getDecoder().decode(configured.trim());
        if (key.length < 16) {
            throw new IllegalStateException("storefront.cart-id-key must be at least 16 bytes, base64-encoded");
        }
        return key;
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
