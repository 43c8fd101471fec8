-- Dry-run decisions pace dry-run only: rows written while guardian.dry-run=true are marked and ignored once it is
-- off, so a dyno a dry-run "would restart" is restarted for real on its next evidence.
ALTER TABLE dyno_window ADD COLUMN dry_run BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE restarted_incarnation ADD COLUMN dry_run BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE in_flight ADD COLUMN dry_run BOOLEAN DEFAULT FALSE NOT NULL;

-- Rule 3: while its API call runs a restart stays in flight whatever the platform reports (an up line seen meanwhile
-- is kept in up_seen and ends the restart when the call completes); settle_by then counts from the completion.
ALTER TABLE in_flight ADD COLUMN calling BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE in_flight ADD COLUMN up_seen BOOLEAN DEFAULT FALSE NOT NULL;
