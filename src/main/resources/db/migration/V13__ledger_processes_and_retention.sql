-- A crash-consistent ledger, and indexes for its status queries and its retention job. Runs unchanged on H2
-- (MODE=PostgreSQL) and PostgreSQL.

-- Each guardian process (one JVM: a restarted instance is a new process) and when it last said it was alive. A ledger
-- row left pending by a process whose heartbeat stopped is an action whose outcome nobody will record: another
-- instance, or the next one to start, resolves it as unknown.
CREATE TABLE guardian_process (
    process      VARCHAR(120) PRIMARY KEY,
    instance     VARCHAR(100) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The process that wrote each ledger row; NULL for rows written before this migration, whose calls are over once the
-- longest call has passed.
ALTER TABLE restart_ledger ADD COLUMN process VARCHAR(120);

-- An app's newest rows (GET /admin/restarts?app=, and the hourly budget over a range of decided_at), ordered by the
-- index itself including the id tie-break.
DROP INDEX restart_ledger_app_decided;
CREATE INDEX restart_ledger_app_decided ON restart_ledger (app, decided_at, id);
-- All apps' newest rows (GET /admin/restarts), and the rows past the retention, oldest first.
CREATE INDEX restart_ledger_decided ON restart_ledger (decided_at, id);
-- Each dyno's newest row (the dyno status).
CREATE INDEX restart_ledger_app_dyno ON restart_ledger (app, dyno, id);
-- The few rows still pending, which the sweep looks at every half minute.
CREATE INDEX restart_ledger_outcome ON restart_ledger (outcome, decided_at);
