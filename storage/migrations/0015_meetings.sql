-- Meetings: when and where, each occurrence's RSVPs and cancellations, and the contribution log.

-- A meeting's time is kept as wall-clock time in its zone, so a weekly 18:00 stays at 18:00
-- across a daylight-saving change; `every` is the recurrence ('' for a one-off).
CREATE TABLE meetings (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    channel_id          TEXT NOT NULL,
    title               TEXT NOT NULL,
    starts_local        TEXT NOT NULL,             -- "2026-12-01T18:00", in `zone`
    zone                TEXT NOT NULL,
    minutes             INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 720),
    place               TEXT,
    every               TEXT NOT NULL DEFAULT '' CHECK (every IN ('', 'week', '2 weeks', 'month')),
    until_local         TEXT,                      -- last day a series may fall on
    sequence            INTEGER NOT NULL DEFAULT 0,  -- bumped on every move (calendars update)
    created_at          TEXT NOT NULL,
    cancelled_at        TEXT
) STRICT;
CREATE INDEX meetings_group ON meetings (group_id);

-- One occurrence of a series called off (its start, UTC).
CREATE TABLE meeting_skips (
    meeting_id          INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    occurrence          TEXT NOT NULL,
    PRIMARY KEY (meeting_id, occurrence)
) STRICT, WITHOUT ROWID;

-- Each occurrence has its own answers.
CREATE TABLE meeting_rsvps (
    meeting_id          INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    occurrence          TEXT NOT NULL,
    user_id             TEXT NOT NULL,
    answer              TEXT NOT NULL CHECK (answer IN ('going', 'maybe', 'no')),
    answered_at         TEXT NOT NULL,
    PRIMARY KEY (meeting_id, occurrence, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_rsvps_user ON meeting_rsvps (user_id);

-- Time given to the group: attendance (from a meeting) or self-reported work. A forgotten
-- person's confirmed hours keep counting in totals with user_id NULL (unnamed hours).
CREATE TABLE contrib_entries (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id             TEXT,
    constituency        TEXT,                      -- as the person said at the time
    minutes             INTEGER NOT NULL CHECK (minutes > 0),
    what                TEXT NOT NULL,
    meeting_id          INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    occurrence          TEXT,
    state               TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'queried')),
    reason              TEXT,
    worked_at           TEXT NOT NULL,
    UNIQUE (meeting_id, occurrence, user_id)
) STRICT;
CREATE INDEX contrib_entries_group ON contrib_entries (group_id, worked_at);
CREATE INDEX contrib_entries_user ON contrib_entries (user_id);

-- Finding a time: slots people answer yes / if need be / no, until one is picked.
CREATE TABLE meeting_plans (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    channel_id          TEXT NOT NULL,
    title               TEXT NOT NULL,
    minutes             INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 720),
    closes_at           TEXT,
    meeting_id          INTEGER REFERENCES meetings(id) ON DELETE SET NULL  -- once picked
) STRICT;

CREATE TABLE meeting_plan_slots (
    plan_id             INTEGER NOT NULL REFERENCES meeting_plans(id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,
    starts_at           TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting_plan_answers (
    plan_id             INTEGER NOT NULL REFERENCES meeting_plans(id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,
    user_id             TEXT NOT NULL,
    answer              TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    PRIMARY KEY (plan_id, position, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_plan_answers_user ON meeting_plan_answers (user_id);
