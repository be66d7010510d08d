package dev.orderpipeline.ops.admin;

import dev.orderpipeline.ops.OpsProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OPS_ADMIN_TOKEN is the operators' token; STOREFRONT_ADMIN_TOKEN stands in for it only where it is not set. */
class AdminTokenTest {

    @Test
    void theOperatorsTokenWinsAndTheStorefrontsFormerOneIsReadWhereItIsNotSet() {
        assertThat(AdminSecurity.token(properties("ops", "storefront"))).isEqualTo("ops");
        assertThat(AdminSecurity.token(properties("", "storefront"))).isEqualTo("storefront");
        assertThat(AdminSecurity.token(properties("", ""))).isEmpty();
    }

    private static OpsProperties properties(String token, String legacy) {
        return new OpsProperties(token, legacy);
    }
}
