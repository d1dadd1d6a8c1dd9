-- Members remember the role they last acted with, so the bot can reach a group's organisers.

ALTER TABLE members ADD COLUMN role INTEGER NOT NULL DEFAULT 1;  -- 1 participant, 2 facilitator, 3 organiser
