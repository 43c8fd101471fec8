-- A restarted incarnation belongs to its dyno name: keyed by (app, dyno, dyno_id), so a uuid that some other dyno's
-- lines carry (a forged or a synthetic one) never counts as that other dyno already restarted. A new table, copied and
-- renamed, because H2 and PostgreSQL name a primary key constraint differently.
CREATE TABLE restarted_incarnation_by_dyno (
    app          VARCHAR(100) NOT NULL,
    dyno         VARCHAR(100) NOT NULL,
    dyno_id      VARCHAR(100) NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    dry_run      BOOLEAN DEFAULT FALSE NOT NULL,
    PRIMARY KEY (app, dyno, dyno_id)
);
INSERT INTO restarted_incarnation_by_dyno (app, dyno, dyno_id, requested_at, dry_run)
    SELECT app, dyno, dyno_id, requested_at, dry_run FROM restarted_incarnation;
DROP TABLE restarted_incarnation;
ALTER TABLE restarted_incarnation_by_dyno RENAME TO restarted_incarnation;
