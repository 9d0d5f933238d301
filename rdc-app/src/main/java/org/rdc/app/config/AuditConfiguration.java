package org.rdc.app.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.rdc.storage.catalog.Catalog;
import org.rdc.workstation.audit.AccessAuditFilter;
import org.rdc.workstation.audit.AccessLog;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The access log of patient-data reads: one filter over the read endpoints, placed after the security
 * filter chain so that it knows the caller. The log is closed (its queue written) after the HTTP server
 * has stopped, as a bean destroyed after the server's graceful shutdown.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    /** Depends on the Catalog so that the schema (migrated with the data source) is there. */
    @Bean(destroyMethod = "close")
    AccessLog accessLog(DataSource dataSource, Clock clock, Catalog catalog) {
        return new AccessLog(dataSource, clock);
    }

    /** The log itself exists on every node (its admin controller is scanned everywhere); only a web node reads patient data. */
    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<AccessAuditFilter> accessAuditFilter(AccessLog accessLog) {
        FilterRegistrationBean<AccessAuditFilter> registration = new FilterRegistrationBean<>(new AccessAuditFilter(accessLog));
        registration.setUrlPatterns(AccessAuditFilter.URL_PATTERNS);
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }
}
