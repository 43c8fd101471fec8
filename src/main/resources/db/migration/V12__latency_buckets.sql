-- Heroku spreads the drain's requests over all guardian instances, so each holds only a share of every dyno's router
-- timings. Each instance publishes here the closed time buckets of its per-dyno windows (guardian.latency.window / 12
-- long), one row per app, dyno, bucket and instance process, and the instance running the latency check merges the
-- other instances' rows with its own windows. Rows older than the window (plus two buckets) are deleted as they age.
-- histogram: the bucket's HdrHistogram of response times in ms, in HdrHistogram's compressed encoding.
CREATE TABLE latency_bucket (
    app          VARCHAR(100) NOT NULL,
    dyno         VARCHAR(100) NOT NULL,
    bucket_start TIMESTAMP WITH TIME ZONE NOT NULL,
    instance     VARCHAR(120) NOT NULL,
    requests     BIGINT NOT NULL,
    errors       BIGINT NOT NULL,
    sum_ms       DOUBLE PRECISION NOT NULL,
    histogram    BYTEA NOT NULL,
    PRIMARY KEY (app, dyno, bucket_start, instance)
);
CREATE INDEX latency_bucket_age ON latency_bucket (app, bucket_start);
