package bench.noop;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The load test's ceiling: a drain endpoint on the guardian's own stack (Spring Boot, Tomcat, Spring MVC, a stateless
 * Spring Security chain) that reads the whole body and answers 204, doing nothing else. Started by
 * {@code dev.dynoguardian.bench.DrainLoad} with the same JVM options as the guardian. Outside the package
 * {@code dev.dynoguardian}, so that the guardian's own component scan (in the tests) never finds it.
 */
@SpringBootApplication
@RestController
public class NoopDrainApplication {

    public static void main(String[] args) {
        SpringApplication.run(NoopDrainApplication.class, args);
    }

    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    @PostMapping(path = {"/logs", "/logs/{app}"})
    ResponseEntity<Void> receive(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return ResponseEntity.noContent().build();
    }
}
