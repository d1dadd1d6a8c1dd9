-- Groups, their members and settings, polls with ballots, scheduled work, and living messages.

CREATE TABLE groups (
    id                  TEXT PRIMARY KEY,          -- "shell:local", "discord:123", "matrix:!room:hs"
    name                TEXT NOT NULL,
    timezone            TEXT NOT NULL,
    poll_creators       TEXT NOT NULL CHECK (poll_creators IN ('facilitators', 'everyone')),
    reminder_hours      INTEGER NOT NULL CHECK (reminder_hours >= 0),
    poll_threads        INTEGER NOT NULL DEFAULT 0,
    bot_channel         TEXT,                      -- where to mention people whose DMs are closed
    created_at          TEXT NOT NULL
) STRICT;

-- Only what turnout and nudges need: who is in the group, and what to call them.
CREATE TABLE members (
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    display_name        TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE polls (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    channel_id          TEXT NOT NULL,
    author_id           TEXT NOT NULL,
    question            TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('single', 'multi', 'ranked', 'consent')),
    anonymous           INTEGER NOT NULL,
    hide_results        INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    closes_at           TEXT,
    closed_at           TEXT,
    -- Anonymous polls only: keys ballots by HMAC(secret, user id); erased at close.
    secret              BLOB
) STRICT;
CREATE INDEX polls_open ON polls (group_id) WHERE closed_at IS NULL;

CREATE TABLE poll_options (
    poll_id             INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,          -- 1-based, as people type it
    label               TEXT NOT NULL,
    PRIMARY KEY (poll_id, position)
) STRICT, WITHOUT ROWID;

-- WITHOUT ROWID: rows sit in key order, so storage order says nothing about who voted when.
CREATE TABLE ballots (
    poll_id             INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    voter               TEXT NOT NULL,             -- user id, or an HMAC for anonymous polls
    choices             TEXT NOT NULL,             -- option positions in order, e.g. "3,1,2"
    reason              TEXT,                      -- consent polls: why Block
    PRIMARY KEY (poll_id, voter)
) STRICT, WITHOUT ROWID;

-- The source of truth for everything that must happen later; APScheduler only holds timers.
CREATE TABLE scheduled (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,             -- "poll_close", "poll_reminder", ...
    ref                 TEXT NOT NULL,             -- what it is about, e.g. a poll id
    due_at              TEXT NOT NULL,
    stale_at            TEXT,                      -- after this it is dropped, not sent late
    done_at             TEXT,
    outcome             TEXT,                      -- "done", "stale", "cancelled", "failed: ..."
    UNIQUE (kind, ref, due_at)
) STRICT;
CREATE INDEX scheduled_pending ON scheduled (due_at) WHERE done_at IS NULL;

-- A living message (a poll that shows its turnout) and where each platform put it.
CREATE TABLE posts (
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    key                 TEXT NOT NULL,             -- "poll:12"
    channel_id          TEXT NOT NULL,
    message_ref         TEXT NOT NULL,
    PRIMARY KEY (group_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX posts_by_message ON posts (channel_id, message_ref);
