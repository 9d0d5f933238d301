package org.rdc.app.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * DICOMweb has two kinds of caller. Devices store with STOW-RS ({@code POST /dicomweb/studies[/{s}]}) and
 * authenticate with their facility API key, which the STOW-RS controller checks against the facility
 * registry: this chain, first, lets exactly those requests through to it (stateless, no CSRF, no session).
 * Everything else under {@code /dicomweb} and WADO-URI's {@code /wado} is for people and their viewers and
 * falls to the users' chain ({@link SecurityConfiguration}): sessions, API tokens, HTTP Basic, and the
 * catalog scope of the user in the controllers.
 *
 * <p>Browsers on another origin (a viewer such as OHIF served elsewhere) may call the read endpoints only
 * from the origins listed in {@code rdc.dicomweb.cors-origins} (none by default). Such a viewer sends an API
 * token in {@code Authorization}; cookies are never accepted cross-origin (no {@code Allow-Credentials}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class DicomWebSecurityConfiguration {

    /** The paths a cross-origin viewer reads: DICOMweb (PS3.18 §10) and WADO-URI (PS3.18 §9). */
    static final List<String> READ_PATHS = List.of("/dicomweb/**", "/wado");

    @Bean
    @Order(1)
    SecurityFilterChain stowChain(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(path.matcher(HttpMethod.POST, "/dicomweb/studies"),
                        path.matcher(HttpMethod.POST, "/dicomweb/studies/*")))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * CORS (Fetch standard §3.2) for the read paths: {@code rdc.dicomweb.cors-origins} is a comma-separated
     * list of origins ({@code https://ohif.example}); empty, no origin is allowed: a preflight or a
     * cross-origin request is refused (403 without any Access-Control-* header).
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource(@Value("${rdc.dicomweb.cors-origins:}") String origins) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> allowed = Arrays.stream(origins.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(DicomWebSecurityConfiguration::origin).toList();
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowed);
        cors.setAllowedMethods(List.of("GET", "HEAD"));
        cors.setAllowedHeaders(List.of("Authorization", "Accept", "Range", "Content-Type", "If-None-Match", "If-Modified-Since",
                "Cache-Control"));
        // what a viewer reads from our answers: QIDO's truncation Warning, ranges of bulk data, the multipart boundary
        cors.setExposedHeaders(List.of("Warning", "Content-Type", "Content-Length", "Content-Range", "Accept-Ranges",
                "Content-Location", "WWW-Authenticate"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        READ_PATHS.forEach(p -> source.registerCorsConfiguration(p, cors));
        return source;
    }

    /** One origin as a browser sends it in {@code Origin}: scheme, host and port only; {@code *} for any. */
    private static String origin(String s) {
        if (s.equals("*")) {
            return s;
        }
        URI u;
        try {
            u = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("RDC_DICOMWEB_CORS_ORIGINS: not an origin: " + s);
        }
        if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null
                || !(u.getRawPath() == null || u.getRawPath().isEmpty()) || u.getRawQuery() != null || u.getUserInfo() != null) {
            throw new IllegalStateException("RDC_DICOMWEB_CORS_ORIGINS: an origin is scheme://host[:port] without a path, not " + s);
        }
        return s;
    }
}
