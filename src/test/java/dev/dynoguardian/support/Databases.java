package dev.dynoguardian.support;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The databases the guardian runs on: embedded H2 (a file, as in the default) and a real PostgreSQL server. */
public final class Databases {

    private Databases() {
    }

    /** For {@code @MethodSource}: a name and a supplier of datasource settings for a fresh, empty database. */
    public static Stream<Arguments> both() {
        Supplier<Map<String, Object>> h2 = () -> Map.of("spring.datasource.url", "jdbc:h2:file:./target/h2/"
                + UUID.randomUUID() + "/guardian;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        Supplier<Map<String, Object>> postgres = () -> {
            PostgresDatabase.Server server = PostgresDatabase.fresh();
            return Map.of("spring.datasource.url", server.url(), "spring.datasource.username", server.user(),
                    "spring.datasource.password", server.password());
        };
        return Stream.of(Arguments.of("h2", h2), Arguments.of("postgresql", postgres));
    }
}
