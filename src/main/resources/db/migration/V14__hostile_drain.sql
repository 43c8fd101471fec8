-- Rule 3: a restart's slot ends no sooner than settle_floor (its call's completion plus guardian.policy.min-settle),
-- whatever up line arrives: up lines can be forged by anyone who knows the drain password. NULL for rows written
-- before this column existed: they end at settle_by or on their up line, as before.
ALTER TABLE in_flight ADD COLUMN settle_floor TIMESTAMP WITH TIME ZONE;

-- Rule 4 across instances: when the instance that shared a state change received it (its own clock), so that a
-- report can be compared with the Platform API's list (newer reports count until the platform is asked again) and
-- pruned by arrival, never by the line's own timestamp, which the sender chooses.
ALTER TABLE dyno_state ADD COLUMN received_at TIMESTAMP WITH TIME ZONE;
UPDATE dyno_state SET received_at = changed_at;
ALTER TABLE dyno_state ALTER COLUMN received_at SET NOT NULL;
CREATE INDEX dyno_state_received ON dyno_state (app, received_at);
