package org.rdc.workstation.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web UI's session: {@code POST /api/session} (form fields username, password) signs in,
 * {@code DELETE /api/session} signs out (both handled by Spring Security), and this tells who is
 * signed in and the CSRF token the UI must send as {@code X-CSRF-TOKEN} on every change it makes.
 */
@RestController
@RequestMapping("/api/session")
@Tag(name = "session", description = "Sign-in for the web UI (API clients use HTTP Basic)")
public class SessionController {

    private final Callers callers;

    public SessionController(Callers callers) {
        this.callers = callers;
    }

    public record SessionInfo(Caller user, String csrfHeader, String csrfToken) {
    }

    @Operation(summary = "The signed-in user and the CSRF token for session-authenticated changes")
    @GetMapping
    public SessionInfo current(HttpServletRequest request) {
        Caller c = callers.current();
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return new SessionInfo(c, token == null ? null : token.getHeaderName(), token == null ? null : token.getToken());
    }
}
