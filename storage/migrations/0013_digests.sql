-- The weekly digest: which week each group was last sent, and whether one was skipped.

CREATE TABLE digests (
    group_id            TEXT PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
    last_week           TEXT,                      -- "2026-11-30": the Monday of the week sent
    skipped_week        TEXT                       -- a digest more than a day late, not sent
) STRICT, WITHOUT ROWID;
