package dev.dynoguardian.admin;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document of the admin API, served at {@code /v3/api-docs} to the admin. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI adminApi() {
        return new OpenAPI()
                .info(new Info().title("Dyno Guardian admin API").version("1")
                        .description("Pause and resume, status, the restart ledger, apps, dynos, manual restarts and rolling restarts. "
                                + "HTTP Basic with ADMIN_USER and ADMIN_PASSWORD. Changes need Content-Type: "
                                + "application/json (415) and no Origin but the guardian's own (403); after too many "
                                + "failed logins a client gets 429. Errors are application/problem+json."))
                .components(new Components().addSecuritySchemes("admin",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("admin"));
    }
}
