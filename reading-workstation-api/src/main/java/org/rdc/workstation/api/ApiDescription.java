package org.rdc.workstation.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** What /v3/api-docs says about the API as a whole: every operation needs HTTP Basic or the web UI's session. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Remote diagnostic centre (远程影像与心电诊断中心)", version = "0.1",
                description = "Studies, users and the reading worklist. Errors are RFC 9457 problem documents."),
        security = {@SecurityRequirement(name = "basic"), @SecurityRequirement(name = "session")})
@SecurityScheme(name = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "API clients: HTTP Basic on every request")
@SecurityScheme(name = "session", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE, paramName = "JSESSIONID",
        description = "Web UI: POST /api/session (form fields username, password); changes also need X-CSRF-TOKEN from GET /api/session")
public class ApiDescription {
}
