-- Discord platform: choices behind select menus and rank buttons, long button actions, DM fallbacks.

-- A question answered by picking options (a multi or ranked poll), kept so that its select
-- menu or "Rank" button still works after a restart: the custom id holds only this row's id.
CREATE TABLE discord_choices (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    key                 TEXT NOT NULL,             -- the living message's key, "poll:12"
    question            TEXT NOT NULL,
    command             TEXT NOT NULL,             -- "poll vote"
    args                TEXT NOT NULL,             -- JSON list of bound arguments, ["12"]
    options             TEXT NOT NULL,             -- JSON list of option labels
    max_selections      INTEGER NOT NULL,
    ordered             INTEGER NOT NULL,
    UNIQUE (group_id, key)
) STRICT;

-- A button whose typed command is too long for a 100-character custom id.
CREATE TABLE discord_actions (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    text                TEXT NOT NULL,             -- the command as typed, "poll vote 12 3"
    UNIQUE (group_id, text)
) STRICT;

-- A private nudge that could not be sent as a DM (closed DMs) and where it went instead.
CREATE TABLE discord_dm_fallbacks (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    channel_id          TEXT,                      -- where they were mentioned; NULL: nowhere
    error_code          INTEGER NOT NULL,          -- Discord's JSON error code, 50007 for closed DMs
    created_at          TEXT NOT NULL
) STRICT;
CREATE INDEX discord_dm_fallbacks_by_group ON discord_dm_fallbacks (group_id, created_at);
