package dev.dynoguardian.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL server for tests: a Testcontainers container where Docker runs, otherwise the server named by
 * {@code GUARDIAN_TEST_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code GUARDIAN_TEST_POSTGRES_USER}, default {@code postgres}). Never skipped: without a server the tests fail and
 * say which variable to set. Each call to {@link #fresh()} creates a new empty database.
 */
public final class PostgresDatabase {

    /** Where a fresh database is: JDBC URL and credentials. */
    public record Server(String url, String user, String password) {
    }

    private static Server admin;

    private PostgresDatabase() {
    }

    public static synchronized Server fresh() {
        if (admin == null) {
            admin = start();
        }
        String name = "guardian_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = connect(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + admin.url() + ": " + e.getMessage()
                    + ". Run PostgreSQL there or point GUARDIAN_TEST_POSTGRES_URL at a server (or run Docker).", e);
        }
        String base = admin.url().contains("?") ? admin.url().substring(0, admin.url().indexOf('?')) : admin.url();
        String url = base.substring(0, base.lastIndexOf('/') + 1) + name;
        return new Server(url, admin.user(), admin.password());
    }

    private static Server start() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        String url = env("GUARDIAN_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        return new Server(url, env("GUARDIAN_TEST_POSTGRES_USER", "postgres"),
                env("GUARDIAN_TEST_POSTGRES_PASSWORD", ""));
    }

    private static Connection connect(Server server) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", server.user());
        props.setProperty("password", server.password());
        return DriverManager.getConnection(server.url(), props);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
