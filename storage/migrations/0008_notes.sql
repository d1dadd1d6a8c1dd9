-- Notes: the smallest feature, written to prove a feature needs no file outside its own.

CREATE TABLE notes (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    author_id           TEXT NOT NULL,
    text                TEXT NOT NULL,
    pinned              INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL
) STRICT;
