package org.rdc.workstation.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** Spring Security's view of {@code app_user}: authorities are ROLE_ plus the role names. */
public final class RdcUserDetailsService implements UserDetailsService {

    private final UserStore users;

    public RdcUserDetailsService(UserStore users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserStore.Credentials c = users.credentials(username).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
        return User.withUsername(c.account().username())
                .password(c.passwordHash())
                .roles(c.account().roles().stream().map(Enum::name).toArray(String[]::new))
                .disabled(!c.account().enabled())
                .build();
    }
}
