-- The latency check runs on one guardian instance at a time, but not always on the same one (ShedLock hands it to
-- whichever instance asks first): what it must remember from one check to the next lives here, so that another
-- instance, or a restarted guardian, carries on where the last check stopped.

-- guardian.latency.confirm-checks: per app, process type and dyno, in how many consecutive checks the dyno has been an
-- outlier, and when the last of those checks ran. A dyno missing from a check's outliers loses its row.
CREATE TABLE latency_streak (
    app          VARCHAR(100) NOT NULL,
    process_type VARCHAR(100) NOT NULL,
    dyno         VARCHAR(100) NOT NULL,
    streak       INT NOT NULL,
    checked_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app, process_type, dyno)
);

-- Latency actions carried out whose replacement is still to be judged, with the grounds the old dyno was acted on
-- for (NULL for a bar that was not judged). The row goes once its ledger row has its verification.
CREATE TABLE latency_verification (
    ledger_id            BIGINT PRIMARY KEY REFERENCES restart_ledger (id),
    app                  VARCHAR(100) NOT NULL,
    dyno                 VARCHAR(100) NOT NULL,
    statistic            VARCHAR(20)  NOT NULL,
    statistic_ms         DOUBLE PRECISION,
    threshold_ms         DOUBLE PRECISION,
    error_rate           DOUBLE PRECISION NOT NULL,
    error_rate_threshold DOUBLE PRECISION,
    acted_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    collecting           BOOLEAN NOT NULL
);
CREATE INDEX latency_verification_app ON latency_verification (app, dyno);
