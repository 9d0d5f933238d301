package org.rdc.app.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The actuator, Prometheus metrics among it, listens on the management port ({@code RDC_MANAGEMENT_PORT},
 * loopback by default), never on the public HTTP port. Only the health is also on the HTTP port, where load
 * balancers and the quick start look for it: the health group {@code http} is served there at
 * {@code /healthz} (Spring Boot's additional path, one path segment only) and {@code /actuator/health}
 * forwards to it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class ManagementConfiguration implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/actuator/health").setViewName("forward:/healthz");
    }
}
