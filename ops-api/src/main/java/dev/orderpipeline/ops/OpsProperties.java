package dev.orderpipeline.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminToken       the operators' bearer token ({@code OPS_ADMIN_TOKEN}), needed by every call;
 *                         blank (and no legacy token either) refuses them all
 * @param legacyAdminToken {@code STOREFRONT_ADMIN_TOKEN}, the token of the calls when the storefront served
 *                         them: used where {@code adminToken} is not set, with a warning, for one release
 */
@ConfigurationProperties("ops")
public record OpsProperties(
        @DefaultValue("") String adminToken,
        @DefaultValue("") String legacyAdminToken) {
}
