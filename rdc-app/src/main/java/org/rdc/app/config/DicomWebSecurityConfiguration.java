package org.rdc.app.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * STOW-RS ({@code POST /dicomweb/**}) is for devices, not users: they authenticate with their facility API
 * key, which the STOW-RS controller checks against the facility registry. This chain comes before the
 * users' chain and lets those requests through to it (stateless, no CSRF: no session cookie is ever
 * involved). Every other request under {@code /dicomweb} (QIDO-RS searches) is a user's and goes through
 * the users' chain like {@code /api}: a session, HTTP Basic or an API token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class DicomWebSecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain dicomWebChain(HttpSecurity http) throws Exception {
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/dicomweb/**"))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }
}
