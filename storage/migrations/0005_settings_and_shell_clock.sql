-- Settings belong to the feature that declares them (one generic table); the shell keeps its clock.

CREATE TABLE group_settings (
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    name                TEXT NOT NULL,             -- "poll_threads", declared by a cog
    value               TEXT NOT NULL,             -- the canonical text, e.g. "on"
    PRIMARY KEY (group_id, name)
) STRICT, WITHOUT ROWID;

-- Every group keeps the values it had (they were set at creation or by an organiser).
INSERT INTO group_settings (group_id, name, value)
    SELECT id, 'timezone', timezone FROM groups;
INSERT INTO group_settings (group_id, name, value)
    SELECT id, 'poll_creators', poll_creators FROM groups;
INSERT INTO group_settings (group_id, name, value)
    SELECT id, 'reminder_hours', CAST(reminder_hours AS TEXT) FROM groups;
INSERT INTO group_settings (group_id, name, value)
    SELECT id, 'poll_threads', CASE WHEN poll_threads THEN 'on' ELSE 'off' END FROM groups;
INSERT INTO group_settings (group_id, name, value)
    SELECT id, 'bot_channel', bot_channel FROM groups WHERE bot_channel IS NOT NULL;

ALTER TABLE groups DROP COLUMN timezone;
ALTER TABLE groups DROP COLUMN poll_creators;
ALTER TABLE groups DROP COLUMN reminder_hours;
ALTER TABLE groups DROP COLUMN poll_threads;
ALTER TABLE groups DROP COLUMN bot_channel;

-- The terminal shell's clock (moved on by `:wait`): a new shell on the same file starts here,
-- or at the real time if that is later, so a group's time never runs backwards.
CREATE TABLE shell_clock (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    now                 TEXT NOT NULL
) STRICT;
