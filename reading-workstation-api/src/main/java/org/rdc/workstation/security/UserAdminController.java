package org.rdc.workstation.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.rdc.workstation.api.WorkstationException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Users, for administrators. Users are disabled, never deleted: the history names them. */
@RestController
@RequestMapping("/api/admin/users")
@Tag(name = "users", description = "User administration (ADMIN)")
public class UserAdminController {

    private final Accounts accounts;
    private final Callers callers;

    public UserAdminController(Accounts accounts, Callers callers) {
        this.accounts = accounts;
        this.callers = callers;
    }

    private Caller admin() {
        Caller c = callers.current();
        if (!c.isAdmin()) {
            throw WorkstationException.forbidden("only an administrator manages users");
        }
        return c;
    }

    @GetMapping
    public List<UserAccount> list() {
        admin();
        return accounts.list();
    }

    @GetMapping("/{username}")
    public UserAccount get(@PathVariable String username) {
        admin();
        return accounts.store().find(username).orElseThrow(() -> WorkstationException.notFound("no user '" + username + "'"));
    }

    @Operation(summary = "Create a user: username, password (8+ characters), roles, serviceLines, facilityId (FACILITY_USER)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public UserAccount create(@RequestBody Accounts.UserRequest request) {
        admin();
        return accounts.create(request);
    }

    @Operation(summary = "Change a user; fields left out keep their value; enabled=false disables")
    @PutMapping("/{username}")
    public UserAccount update(@PathVariable String username, @RequestBody Accounts.UserRequest request) {
        Caller c = admin();
        if (request.username() != null && !request.username().equals(username)) {
            throw WorkstationException.invalid("a user cannot be renamed");
        }
        return accounts.update(username, request, c);
    }
}
