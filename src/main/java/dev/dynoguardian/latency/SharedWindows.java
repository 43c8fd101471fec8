package dev.dynoguardian.latency;

import dev.dynoguardian.system.Background;
import dev.dynoguardian.system.GuardianProperties;
import dev.dynoguardian.system.SqlTimestamps;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Heroku spreads a drain's requests over all the guardian's instances, so each sees only a share of the router lines.
 * Every bucket length ({@code window / 12}) each instance publishes the buckets of its windows that closed (one row per
 * app, dyno, bucket and instance in {@code latency_bucket}, upserted, so a late line re-publishes its bucket) and deletes
 * rows older than the window plus two buckets; the instance running the check merges the others' buckets with its own
 * windows. Recording a router line is unchanged: the publisher copies the closed buckets on its own thread.
 *
 * <p>Rows are keyed by this process, not by {@code guardian.instance-id}: an old and a new instance side by side during
 * preboot share the id, and a restarted instance no longer holds in memory what it published before, so its old rows
 * count as another instance's.
 */
@Component
class SharedWindows implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SharedWindows.class);

    private final Map<String, LatencySettings> settings = new LinkedHashMap<>();
    private final LatencyWindows windows;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String process;
    private final Background scheduler = Background.thread("guardian-latency-share");

    SharedWindows(AppLatencySettings apps, LatencyWindows windows, JdbcTemplate jdbc, GuardianProperties guardian,
                  Clock clock) {
        apps.byApp().forEach((app, s) -> {
            if (s.enabled()) {
                settings.put(app, s);
            }
        });
        this.windows = windows;
        this.jdbc = jdbc;
        this.clock = clock;
        String name = guardian.instance();
        this.process = name.substring(0, Math.min(name.length(), 80)) + "#"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    @Override
    public void afterPropertiesSet() {
        settings.values().stream().mapToLong(s -> bucketMillis(s)).min().ifPresent(ms ->
                scheduler.every(Duration.ofMillis(ms), Duration.ofMillis(ms), this::publishAll));
    }

    /** The buckets other instances published for the app's dynos in the window as of {@code now}, by dyno. */
    Map<String, List<SharedBucket>> others(String app, Instant now) {
        LatencySettings s = settings.get(app);
        if (s == null) {
            return Map.of();
        }
        Map<String, List<SharedBucket>> byDyno = new HashMap<>();
        jdbc.query("SELECT dyno, bucket_start, requests, errors, sum_ms, histogram FROM latency_bucket"
                        + " WHERE app = ? AND bucket_start >= ? AND instance <> ?",
                rs -> {
                    SharedBucket b = new SharedBucket(rs.getString("dyno"),
                            SqlTimestamps.read(rs, "bucket_start").toEpochMilli(), rs.getLong("requests"),
                            rs.getLong("errors"), rs.getDouble("sum_ms"),
                            SharedBucket.decodeHistogram(rs.getBytes("histogram")));
                    byDyno.computeIfAbsent(b.dyno(), d -> new ArrayList<>()).add(b);
                }, app, SqlTimestamps.of(now.minus(s.window())), process);
        return byDyno;
    }

    void publishAll() {
        settings.forEach((app, s) -> {
            try {
                publish(app, s);
            } catch (RuntimeException e) {
                log.error("latency-share app={} could not publish its closed buckets: {}", app, e.toString());
            }
        });
    }

    private void publish(String app, LatencySettings s) {
        Instant now = clock.instant();
        List<SharedBucket> closed = windows.closedBuckets(app, now.toEpochMilli());
        if (!closed.isEmpty()) {
            jdbc.batchUpdate("""
                    MERGE INTO latency_bucket t
                    USING (VALUES (CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(100)),
                                   CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(120)), CAST(? AS BIGINT),
                                   CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS BYTEA)))
                          AS s (app, dyno, bucket_start, instance, requests, errors, sum_ms, histogram)
                    ON t.app = s.app AND t.dyno = s.dyno AND t.bucket_start = s.bucket_start
                       AND t.instance = s.instance
                    WHEN MATCHED THEN UPDATE SET requests = s.requests, errors = s.errors, sum_ms = s.sum_ms,
                                                 histogram = s.histogram
                    WHEN NOT MATCHED THEN INSERT (app, dyno, bucket_start, instance, requests, errors, sum_ms,
                                                  histogram)
                                          VALUES (s.app, s.dyno, s.bucket_start, s.instance, s.requests, s.errors,
                                                  s.sum_ms, s.histogram)""", new BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    SharedBucket b = closed.get(i);
                    ps.setString(1, app);
                    ps.setString(2, b.dyno());
                    ps.setObject(3, SqlTimestamps.of(Instant.ofEpochMilli(b.start())));
                    ps.setString(4, process);
                    ps.setLong(5, b.requests());
                    ps.setLong(6, b.errors());
                    ps.setDouble(7, b.sumMs());
                    ps.setBytes(8, b.encodedHistogram());
                }

                @Override
                public int getBatchSize() {
                    return closed.size();
                }
            });
        }
        jdbc.update("DELETE FROM latency_bucket WHERE app = ? AND bucket_start < ?", app,
                SqlTimestamps.of(now.minus(s.window()).minusMillis(2 * bucketMillis(s))));
    }

    private static long bucketMillis(LatencySettings s) {
        return Math.max(1, s.window().toMillis() / DynoWindow.BUCKETS);
    }

    @Override
    public void destroy() {
        scheduler.stop();
    }
}
