package dev.orderpipeline.storefront.cart;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.orderpipeline.storefront.StorefrontProperties;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cart ids any replica verifies without a lookup: version-8 UUIDs carrying a MAC of their random half. */
class CartIdsTest {

    private static final String KEY = key(32);

    private final CartIds ids = cartIds(KEY);

    @Test
    void issuedIdsVerifyAndAreAllDifferent() {
        List<UUID> issued = IntStream.range(0, 1000).mapToObj(i -> ids.issue()).toList();

        assertThat(issued).doesNotHaveDuplicates().allSatisfy(id -> {
            assertThat(ids.issued(id)).isTrue();
            assertThat(ids.parse(id.toString())).isEqualTo(id);
        });
    }

    @Test
    void issuedIdsAreVersion8UuidsOfTheRfcVariant() {
        assertThat(IntStream.range(0, 100).mapToObj(i -> ids.issue())).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(8);
            assertThat(id.variant()).isEqualTo(2);
        });
    }

    @Test
    void randomIdsDoNotVerify() {
        Random random = new Random(8);
        List<UUID> randomV4 = IntStream.range(0, 5000).mapToObj(i -> UUID.randomUUID()).toList();
        List<UUID> randomV8 = IntStream.range(0, 5000).mapToObj(i -> new UUID(
                random.nextLong() & ~0xF000L | 0x8000L,
                random.nextLong() & ~0xC000_0000_0000_0000L | 0x8000_0000_0000_0000L)).toList();

        assertThat(randomV8).allSatisfy(id -> assertThat(id.version()).isEqualTo(8));
        assertThat(randomV4).noneMatch(ids::issued);
        assertThat(randomV8).noneMatch(ids::issued);
    }

    @Test
    void anIssuedIdWithAnyOneBitFlippedDoesNotVerify() {
        UUID id = ids.issue();

        Set<UUID> flipped = new HashSet<>();
        for (int bit = 0; bit < 64; bit++) {
            flipped.add(new UUID(id.getMostSignificantBits() ^ 1L << bit, id.getLeastSignificantBits()));
            flipped.add(new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits() ^ 1L << bit));
        }

        assertThat(flipped).hasSize(128).noneMatch(ids::issued);
    }

    @Test
    void anIdIssuedUnderAnotherKeyDoesNotVerify() {
        CartIds other = cartIds(key(32));

        assertThat(IntStream.range(0, 100).mapToObj(i -> other.issue())).noneMatch(ids::issued);
    }

    @Test
    void instancesConfiguredWithTheSameKeyVerifyEachOthersIds() {
        CartIds replica = cartIds(KEY);

        assertThat(IntStream.range(0, 100).mapToObj(i -> replica.issue())).allMatch(ids::issued);
        assertThat(IntStream.range(0, 100).mapToObj(i -> ids.issue())).allMatch(replica::issued);
    }

    @Test
    void instancesWithoutAConfiguredKeyDoNotVerifyEachOthersIds() {
        CartIds first = cartIds(null);
        CartIds second = cartIds(" ");

        assertThat(first.issued(first.issue())).isTrue();
        assertThat(IntStream.range(0, 100).mapToObj(i -> first.issue())).noneMatch(second::issued);
    }

    @Test
    void aKeyShorterThan16BytesIsRefused() {
        assertThatThrownBy(() -> cartIds(key(15))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 16 bytes");
        assertThat(cartIds(key(16)).issue().version()).isEqualTo(8);
    }

    @Test
    void aPathThatIsNoIssuedIdIsAnUnknownCart() {
        assertThat(List.of("not-a-uuid", UUID.randomUUID().toString(), ""))
                .allSatisfy(path -> assertThatThrownBy(() -> ids.parse(path)).isInstanceOfSatisfying(ErrorResponseException.class,
                        problem -> assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND)));
    }

    private static CartIds cartIds(String key) {
        return new CartIds(new StorefrontProperties(key, null, null, null));
    }

    private static String key(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
