package org.rdc.workstation.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import org.rdc.workstation.api.WorkstationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API tokens: every user manages their own; an administrator also those of others (service accounts). */
@RestController
@RequestMapping("/api/tokens")
@Tag(name = "tokens", description = "API tokens for scripts and integrations (Authorization: Bearer rdcu_...)")
public class ApiTokenController {

    /** {@code user}: an administrator making a token for someone else; {@code days}: lifetime, default 365. */
    public record TokenRequest(String name, Integer days, String user) {
    }

    private final ApiTokens tokens;
    private final Callers callers;

    public ApiTokenController(ApiTokens tokens, Callers callers) {
        this.tokens = tokens;
        this.callers = callers;
    }

    @Operation(summary = "Create a token; the answer's token is shown this once and never again")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public ApiTokens.Issued create(@RequestBody TokenRequest request) {
        Caller caller = callers.current();
        if (SecurityContextHolder.getContext().getAuthentication() instanceof ApiTokenAuthentication) {
            // Otherwise a leaked token could renew itself forever.
            throw WorkstationException.forbidden("a token cannot create tokens: sign in with your password");
        }
        String owner = request.user() == null ? caller.username() : request.user();
        if (!owner.equals(caller.username()) && !caller.isAdmin()) {
            throw WorkstationException.forbidden("only an administrator makes tokens for other users");
        }
        return tokens.create(owner, request.name(), request.days() == null ? null : Duration.ofDays(request.days()), caller);
    }

    @Operation(summary = "The caller's tokens (an administrator: ?user= for another user's)")
    @GetMapping
    public List<ApiToken> list(@RequestParam(required = false) String user) {
        Caller caller = callers.current();
        if (user != null && !user.equals(caller.username()) && !caller.isAdmin()) {
            throw WorkstationException.forbidden("only an administrator lists other users' tokens");
        }
        return tokens.of(user == null ? caller.username() : user);
    }

    @Operation(summary = "Revoke a token (it stops working at once; it stays listed as revoked)")
    @DeleteMapping("/{id}")
    public ApiToken revoke(@PathVariable long id) {
        return tokens.revoke(id, callers.current());
    }
}
