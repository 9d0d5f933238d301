package org.rdc.workstation.security;

import org.rdc.workstation.api.WorkstationException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller of the current request, read afresh from the user table: a user disabled or given
 * other roles is treated accordingly at once, even within an existing session.
 */
public final class Callers {

    private final UserStore users;

    public Callers(UserStore users) {
        this.users = users;
    }

    public Caller current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            throw new WorkstationException(WorkstationException.Kind.UNAUTHENTICATED, "authentication required");
        }
        return users.find(auth.getName()).filter(UserAccount::enabled).map(UserAccount::caller)
                .orElseThrow(() -> new WorkstationException(WorkstationException.Kind.UNAUTHENTICATED,
                        "user " + auth.getName() + " no longer exists or is disabled"));
    }
}
