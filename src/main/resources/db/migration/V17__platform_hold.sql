-- Whether the guardian (every instance of it) holds new actions for a Heroku incident, so that holding and resuming are
-- notified once however many instances poll the status API: the instance whose poll changes this row notifies.
CREATE TABLE platform_hold (
    id         INT PRIMARY KEY,
    holding    BOOLEAN NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO platform_hold (id, holding, changed_at) VALUES (1, FALSE, CURRENT_TIMESTAMP);
