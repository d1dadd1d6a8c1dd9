-- Who set up each meeting and plan, and when a plan was answered: facilitating counts as taking part.

-- NULL for rows from before this migration, for a plan that closed by itself, and once the
-- person who set it up has asked to be forgotten.
ALTER TABLE meetings ADD COLUMN created_by TEXT;
ALTER TABLE meeting_plans ADD COLUMN created_by TEXT;
ALTER TABLE meeting_plans ADD COLUMN created_at TEXT;
ALTER TABLE meeting_plan_answers ADD COLUMN answered_at TEXT;
CREATE INDEX meetings_created_by ON meetings (created_by);
CREATE INDEX meeting_plans_created_by ON meeting_plans (created_by);
