package dev.orderpipeline.storefront.admin;

import dev.orderpipeline.storefront.StorefrontProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
public class AdminSecurity implements WebMvcConfigurer {

    private final StorefrontProperties properties;

    AdminSecurity(StorefrontProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Operational data is not for the internet either: the lag figures need the admin token too.
        registry.addInterceptor(new AdminTokenInterceptor(properties.adminToken()))
                .addPathPatterns("/api/admin/**", "/api/ops/**");
    }
}
