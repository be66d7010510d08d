package dev.orderpipeline.ops.admin;

import dev.orderpipeline.ops.OpsProperties;
import dev.orderpipeline.web.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
/** The admin and operations calls ({@code /api/admin/**}, {@code /api/ops/**}) need the operators' token. */
public class AdminSecurity implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AdminSecurity.class);

    private final AdminTokenInterceptor tokenCheck;

    AdminSecurity(OpsProperties properties, ProblemWriter problems) {
        this.tokenCheck = new AdminTokenInterceptor(token(properties), problems);
    }

    static String token(OpsProperties properties) {
        if (properties.adminToken().isBlank() && !properties.legacyAdminToken().isBlank()) {
            log.warn("OPS_ADMIN_TOKEN is not set: using STOREFRONT_ADMIN_TOKEN, read for this release only;"
                    + " set OPS_ADMIN_TOKEN instead.");
            return properties.legacyAdminToken();
        }
        return properties.adminToken();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Operational data is not for the internet either: the lag figures need the admin token too.
        registry.addInterceptor(tokenCheck).addPathPatterns("/api/admin/**", "/api/ops/**");
    }
}
