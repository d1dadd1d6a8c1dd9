-- Matrix platform: the sync position, events already acted on, DM rooms and native polls.

-- Where the bot's /sync stream stands, so a restart does not replay old messages.
CREATE TABLE matrix_sync (
    account             TEXT PRIMARY KEY,          -- the bot's user id
    next_batch          TEXT NOT NULL,
    saved_at            TEXT NOT NULL
) STRICT;

-- Every event the bot has acted on, claimed before acting: never twice on one event.
CREATE TABLE matrix_events (
    event_id            TEXT PRIMARY KEY,
    room_id             TEXT NOT NULL,
    seen_at             TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX matrix_events_by_age ON matrix_events (seen_at);

-- The direct-message room the bot made with each person (mirrors its m.direct account data).
CREATE TABLE matrix_dm_rooms (
    user_id             TEXT PRIMARY KEY,
    room_id             TEXT NOT NULL UNIQUE
) STRICT, WITHOUT ROWID;

-- A native poll (poll.start event) beside a living message, and the command its answers run.
CREATE TABLE matrix_polls (
    start_event_id      TEXT PRIMARY KEY,
    room_id             TEXT NOT NULL,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    key                 TEXT NOT NULL,             -- the living message's key, "poll:12"
    command             TEXT NOT NULL,             -- "poll vote"
    args                TEXT NOT NULL,             -- JSON list of bound arguments, ["12"]
    options             INTEGER NOT NULL,
    max_selections      INTEGER NOT NULL,
    ended               INTEGER NOT NULL DEFAULT 0,
    UNIQUE (group_id, key)
) STRICT;

-- Only a person's latest poll response counts (by origin_server_ts).
CREATE TABLE matrix_poll_responses (
    start_event_id      TEXT NOT NULL REFERENCES matrix_polls(start_event_id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    sent_at_ms          INTEGER NOT NULL,
    PRIMARY KEY (start_event_id, user_id)
) STRICT, WITHOUT ROWID;
