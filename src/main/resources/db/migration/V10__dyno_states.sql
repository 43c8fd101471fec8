-- Rule 4 across instances: each dyno's last platform state change (State changed from X to Y) as seen by any
-- instance, stamped with the line's own time so that the newest report wins whichever instance received it.
CREATE TABLE dyno_state (
    app          VARCHAR(100) NOT NULL,
    dyno         VARCHAR(100) NOT NULL,
    process_type VARCHAR(100) NOT NULL,
    state        VARCHAR(40)  NOT NULL,
    changed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app, dyno)
);
