package org.rdc.workstation.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer rdcu_...} (RFC 6750 §2.1) on the users' API. A valid token
 * authenticates this one request as its owner; nothing is kept in a session. A wrong, revoked or
 * expired token is answered 401 at once rather than falling through to anonymous access.
 * Other Bearer values (device keys on {@code /dicomweb}) are not ours and are left alone.
 */
public final class ApiTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final AuthenticationEntryPoint unauthorized;

    public ApiTokenFilter(ApiTokens tokens, AuthenticationEntryPoint unauthorized) {
        this.tokens = tokens;
        this.unauthorized = unauthorized;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || !header.substring(7).trim().startsWith(ApiTokens.PREFIX)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<UserAccount> owner = tokens.authenticate(header.substring(7).trim());
        if (owner.isEmpty()) {
            response.addHeader("WWW-Authenticate", "Bearer realm=\"rdc\", error=\"invalid_token\"");
            unauthorized.commence(request, response, new BadCredentialsException("unknown, revoked or expired API token"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiTokenAuthentication(owner.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
