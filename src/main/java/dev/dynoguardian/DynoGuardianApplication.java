package dev.dynoguardian;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Dyno Guardian: restarts swapping dynos and replaces laggards on Heroku, through one safe RestartPolicy. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DynoGuardianApplication {

    public static void main(String[] args) {
        SpringApplication.run(DynoGuardianApplication.class, args);
    }
}
