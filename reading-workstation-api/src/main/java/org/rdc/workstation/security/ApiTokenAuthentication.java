package org.rdc.workstation.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated with an API token: acts as the token's owner, and says so (a token cannot make tokens). */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final UserAccount owner;

    public ApiTokenAuthentication(UserAccount owner) {
        super(owner.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
        this.owner = owner;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return owner.username();
    }

    @Override
    public String getName() {
        return owner.username();
    }
}
