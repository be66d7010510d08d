package dev.orderpipeline.storefront.admin;

import dev.orderpipeline.storefront.StorefrontProperties;
import dev.orderpipeline.storefront.problem.ProblemWriter;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
public class AdminSecurity implements WebMvcConfigurer {

    private final AdminTokenInterceptor tokenCheck;

    AdminSecurity(StorefrontProperties properties, ProblemWriter problems) {
        this.tokenCheck = new AdminTokenInterceptor(properties.adminToken(), problems);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Operational data is not for the internet either: the lag figures need the admin token too.
        registry.addInterceptor(tokenCheck).addPathPatterns("/api/admin/**", "/api/ops/**");
    }
}
