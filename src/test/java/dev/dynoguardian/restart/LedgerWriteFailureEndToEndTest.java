package dev.dynoguardian.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dynoguardian.support.EndToEndTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Heroku restarted the dyno, then the database refused the ledger's write for a moment: the action is not failed. The
 * row ends {@code restarted}, the dyno's window holds, no failure is notified, and an ERROR says what happened.
 */
@TestPropertySource(properties = "guardian.app=ledger-write-e2e")
@Import(LedgerWriteFailureEndToEndTest.RefusingDatabase.class)
@ExtendWith(OutputCaptureExtension.class)
class LedgerWriteFailureEndToEndTest extends EndToEndTest {

    /** How many of the next ledger completions the database refuses. */
    static final AtomicInteger REFUSED_COMPLETIONS = new AtomicInteger();

    @Test
    void aRestartWhoseLedgerWriteFailsIsRecordedRestartedOnceTheDatabaseIsBackAndKeepsItsWindow(
            CapturedOutput output) {
        REFUSED_COMPLETIONS.set(2);

        drain().post(body().r14("web.1"));

        await().untilAsserted(() -> assertThat(rows("web.1")).extracting(r -> r.path("outcome").asString())
                .containsExactly("restarted"));
        assertThat(REFUSED_COMPLETIONS).as("the database refused the writes").hasValue(0);
        assertThat(output).containsPattern("ERROR .*ledger write failed: ledger row \\d+ app=" + app
                + " dyno=web.1 outcome=restarted");
        clock.advance(Duration.ofMinutes(2));
        drain().post(body().r14("web.1"));
        await().untilAsserted(() -> assertThat(rows("web.1").get(0).path("rule").asString()).isEqualTo("window"));
        assertThat(heroku.apiCalls(app, "DELETE")).containsExactly("DELETE /apps/" + app + "/dynos/web.1");
        await().untilAsserted(() -> assertThat(heroku.hookBodies(app, "webhook"))
                .anySatisfy(b -> assertThat(b).contains("\"event\":\"restarted\"")));
        assertThat(heroku.hookBodies(app, "webhook")).noneMatch(b -> b.contains("\"event\":\"failed\""));
    }

    private List<JsonNode> rows(String dyno) {
        List<JsonNode> rows = new ArrayList<>();
        admin().getJson("/admin/restarts?app=" + app).forEach(r -> {
            if (r.path("dyno").asString().equals(dyno)) {
                rows.add(r);
            }
        });
        return rows;
    }

    /**
     * The guardian's database, refusing ledger completions while {@link #REFUSED_COMPLETIONS} is above zero. Imported
     * by name: {@link EndToEndTest}'s own {@code @ContextConfiguration} hides nested configurations from detection.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class RefusingDatabase {

        @Bean
        static BeanPostProcessor refusingLedgerCompletions() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource ? new Refusing(dataSource) : bean;
                }
            };
        }
    }

    private static final class Refusing extends DelegatingDataSource {

        Refusing(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                                && sql.startsWith("UPDATE restart_ledger SET outcome")
                                && REFUSED_COMPLETIONS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw new SQLTransientConnectionException("injected: the database is unavailable");
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
