package org.rdc.app.config;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * The browser workstation (module reading-workstation-web, its built files under {@code classpath:/static/}),
 * served at {@code /}. It routes in the browser (History API), so any other path that is not the centre's own
 * (see {@link #CENTRE_PATHS}) and names no file is answered with index.html: a reload or a link to
 * {@code /tasks/12} opens that screen. The files hold no patient data and need no sign-in
 * ({@link SecurityConfiguration} permits exactly {@link #PUBLIC_FILES}); everything the screens show comes
 * from the API, which does. Hashed assets are cached for a year, index.html is revalidated every time so a
 * new release is picked up at the next load.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class WorkstationWebConfiguration implements WebMvcConfigurer {

    /** Path prefixes the centre answers itself: never the workstation's index.html in their place. */
    static final List<String> CENTRE_PATHS = List.of("/api", "/dicomweb", "/wado", "/fhir", "/actuator", "/verify", "/v3",
            "/error", "/healthz");

    /** The workstation's files, open to anyone: the page, its hashed scripts and styles, the icon. */
    static final String[] PUBLIC_FILES = {"/", "/index.html", "/favicon.svg", "/assets/**"};

    private static final String STATIC = "classpath:/static/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**").addResourceLocations(STATIC + "assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
        registry.addResourceHandler("/**").addResourceLocations(STATIC)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(false)  // no cache of resolved paths: every unknown path would stay in it
                .addResolver(new SinglePageFallback());
    }

    /** Whether a path is one of the centre's own (API, DICOMweb, FHIR, actuator, verification, errors). */
    static boolean centrePath(String path) {
        return CENTRE_PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    /** A browser opening a page of the workstation (a link, a reload), not a script calling the API. */
    static boolean pageNavigation(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) && accept != null
                && accept.contains("text/html") && !centrePath(request.getRequestURI().substring(request.getContextPath().length()));
    }

    /**
     * Whether a path names a file (its last segment ends in an extension that starts with a letter:
     * {@code .js}, {@code .css}, {@code .wasm}), not a route: a route may end in a UID
     * ({@code /viewer/1.2.840.113619.2.1}), whose dotted components are digits only (PS3.5 §9.1).
     */
    static boolean namesAFile(String path) {
        return path.matches(".*/[^/]*\\.[A-Za-z][A-Za-z0-9]*");
    }

    /** A file when there is one; index.html for a route of the workstation; nothing for a missing file or a centre path. */
    static final class SinglePageFallback extends PathResourceResolver {

        @Override
        protected Resource getResource(String resourcePath, Resource location) throws IOException {
            Resource file = super.getResource(resourcePath, location);
            if (file != null) {
                return file;
            }
            String path = "/" + resourcePath;
            if (centrePath(path) || namesAFile(path)) {  // /assets/gone.js stays a 404, not a page
                return null;
            }
            Resource index = new ClassPathResource("static/index.html");
            return index.isReadable() ? index : null;
        }
    }
}
