package dev.dynoguardian.platformstatus;

import dev.dynoguardian.system.SqlTimestamps;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Whether the guardian holds for a Heroku incident, shared by every instance (one row). */
@Repository
class PlatformHoldStore {

    private final JdbcClient jdbc;

    PlatformHoldStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that the guardian holds (or no longer holds); true for the one caller that changed it, which notifies.
     * Every instance calls this after each poll, so a change one instance missed (it was stopped) is still made.
     */
    boolean change(boolean holding, Instant at) {
        return jdbc.sql("""
                UPDATE platform_hold SET holding = :holding, changed_at = :at WHERE id = 1 AND holding <> :holding""")
                .param("holding", holding).param("at", SqlTimestamps.of(at)).update() == 1;
    }
}
