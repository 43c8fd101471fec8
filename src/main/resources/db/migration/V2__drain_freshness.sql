-- When each app's drain last delivered a platform line, as seen by any instance, and whether the guardian has said
-- it is blind for the app, so that one instance notifies once for all.
CREATE TABLE drain_freshness (
    app                VARCHAR(100) PRIMARY KEY,
    last_platform_line TIMESTAMP WITH TIME ZONE,
    stale              BOOLEAN NOT NULL,
    checked_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
