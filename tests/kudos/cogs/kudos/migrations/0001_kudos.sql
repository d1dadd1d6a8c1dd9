-- Kudos: one row per thank-you, so the digest can count them and a person's go with them.

CREATE TABLE kudos (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    giver_id            TEXT NOT NULL,
    taker_id            TEXT NOT NULL,
    said                TEXT NOT NULL,
    at                  TEXT NOT NULL
);
CREATE INDEX kudos_group ON kudos (group_id, at);
