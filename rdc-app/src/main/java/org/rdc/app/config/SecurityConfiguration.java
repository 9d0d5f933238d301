package org.rdc.app.config;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.rdc.workstation.security.ApiTokenFilter;
import org.rdc.workstation.security.ApiTokens;
import org.rdc.workstation.security.RdcUserDetailsService;
import org.rdc.workstation.security.UserStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Security by default: every request needs an authenticated user, except {@code /actuator/health}
 * (load balancers, scripts), {@code /actuator/prometheus} (metrics carry no patient data; only on the
 * management port, see {@link ManagementConfiguration}) and the API description {@code /v3/api-docs}.
 * Scripts and integrations use API tokens (one indexed lookup per request), people's API clients may
 * use HTTP Basic (a bcrypt check per request; stateless: no session is created for either). The public
 * report verification page {@code GET /verify/{code}} needs no user (it shows what the paper shows). The web
 * UI signs in with {@code POST /api/session} and then uses its session
 * cookie plus the CSRF token from {@code GET /api/session}. Which data a user sees is decided by
 * the services (facility scoping, service lines); this decides only who is let in at all, and
 * reserves {@code /api/admin/**} for administrators. The browser workstation's files are open
 * ({@link WorkstationWebConfiguration#PUBLIC_FILES}); a browser opening any other workstation page without a
 * session is sent to {@code /?next=...}. The DICOMweb reads ({@code /dicomweb/**} but STOW-RS,
 * {@code /wado}) are in this chain too: the same users, the same scoping.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication  // a node with the HTTP API switched off has nothing to secure here
public class SecurityConfiguration {

    private static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    UserDetailsService userDetailsService(UserStore users) {
        return new RdcUserDetailsService(users);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.addHeader("WWW-Authenticate", "Basic realm=\"rdc\"");
            problem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "authentication required: an API token (Authorization: Bearer rdcu_...), HTTP Basic, or sign in with POST /api/session");
        };
        // A browser that opens a workstation page without a session gets the workstation, which signs in and comes back.
        AuthenticationEntryPoint entry = (request, response, e) -> {
            if (WorkstationWebConfiguration.pageNavigation(request)) {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                response.sendRedirect(request.getContextPath() + "/?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
            } else {
                unauthorized.commence(request, response, e);
            }
        };
        AccessDeniedHandler forbidden = (request, response, e) -> problem(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                e.getClass().getSimpleName().contains("Csrf")
                        ? "a change made with a session needs the CSRF token from GET /api/session in the X-CSRF-TOKEN header"
                        : "not allowed for this user");
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/healthz", "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        // the public verification page of a printed code (issue 16 point 5): no patient data
                        .requestMatchers(HttpMethod.GET, "/verify/**").permitAll()
                        .requestMatchers(HttpMethod.GET, WorkstationWebConfiguration.PUBLIC_FILES).permitAll()
                        .requestMatchers(HttpMethod.HEAD, WorkstationWebConfiguration.PUBLIC_FILES).permitAll()
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .httpBasic(b -> b.realmName("rdc").authenticationEntryPoint(unauthorized))
                .formLogin(f -> f.loginPage("/api/session").loginProcessingUrl("/api/session")
                        .successHandler((request, response, auth) -> response.setStatus(HttpServletResponse.SC_NO_CONTENT))
                        .failureHandler((request, response, e) -> problem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                                "wrong user name or password, or the user is disabled")))
                .logout(l -> l.logoutRequestMatcher(path.matcher(HttpMethod.DELETE, "/api/session"))
                        .logoutSuccessHandler((request, response, auth) -> response.setStatus(HttpServletResponse.SC_NO_CONTENT)))
                // Only a request riding on a session cookie can be forged by another site's page: those need the token.
                // Requests with their own credentials (Authorization header) or without a session (then anonymous: 401) do not.
                .csrf(c -> c.requireCsrfProtectionMatcher(request -> !SAFE_METHODS.contains(request.getMethod())
                        && request.getHeader("Authorization") == null && request.getRequestedSessionId() != null)
                        .ignoringRequestMatchers(path.matcher("/api/session")))
                .cors(Customizer.withDefaults())  // the bean corsConfigurationSource: DICOMweb's allowed origins (DicomWebSecurityConfiguration)
                .addFilterBefore(new ApiTokenFilter(tokens, unauthorized), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(entry).accessDeniedHandler(forbidden));
        return http.build();
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }
}
