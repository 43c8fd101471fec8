package dev.dynoguardian.system;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The guardian's password encoder, counting how often a password is checked against a hash (bcrypt's cost). */
final class CountingPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final AtomicInteger matches = new AtomicInteger();

    int matches() {
        return matches.get();
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        matches.incrementAndGet();
        return delegate.matches(rawPassword, encodedPassword);
    }

    /** Puts it in the guardian in place of its own. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Config {

        @Bean
        @Primary
        CountingPasswordEncoder countingPasswordEncoder() {
            return new CountingPasswordEncoder();
        }
    }
}
