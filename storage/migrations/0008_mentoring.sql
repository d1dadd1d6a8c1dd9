-- Mentoring: who opted in and how, whom they avoid, rounds, pairings, check-ins and concerns.

-- Only what pairing needs: the role someone chose, their topics and pace, a pause.
CREATE TABLE mentoring_people (
    group_id            TEXT NOT NULL,
    user_id             TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('mentor', 'mentee', 'peer')),
    topics              TEXT NOT NULL DEFAULT '',  -- "benefits, housing", lower case
    every               TEXT CHECK (every IN ('2w', '4w')),
    paused_until        TEXT,
    carried             INTEGER NOT NULL DEFAULT 0,  -- left out last round: first next time
    joined_at           TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id),
    FOREIGN KEY (group_id, user_id) REFERENCES members (group_id, user_id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Private to the person who typed it: never shown, never given as a reason.
CREATE TABLE mentoring_avoid (
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    avoided_id          TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id, avoided_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE mentoring_rounds (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    ran_at              TEXT NOT NULL
) STRICT;

-- A pairing keeps its counts (made, started, met, ended early) after its people are
-- forgotten; who was in it lives only in mentoring_pair_people.
CREATE TABLE mentoring_pairings (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    round_id            INTEGER NOT NULL REFERENCES mentoring_rounds(id) ON DELETE CASCADE,
    state               TEXT NOT NULL CHECK (state IN ('proposed', 'active', 'skipped', 'ended', 'done')),
    score               REAL NOT NULL,
    proposed_at         TEXT NOT NULL,
    started_at          TEXT,
    ended_at            TEXT,
    ended_early         INTEGER NOT NULL DEFAULT 0,
    met                 INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX mentoring_pairings_round ON mentoring_pairings (group_id, round_id);

CREATE TABLE mentoring_pair_people (
    id                  INTEGER PRIMARY KEY,       -- a check-in's repeat is scheduled by this id
    pairing_id          INTEGER NOT NULL REFERENCES mentoring_pairings(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    answer              TEXT CHECK (answer IN ('accept', 'skip')),
    answered_at         TEXT,
    checkin             TEXT CHECK (checkin IN ('met', 'not yet', 'no')),
    checked_in_at       TEXT,
    UNIQUE (pairing_id, user_id)
) STRICT;
CREATE INDEX mentoring_pair_people_user ON mentoring_pair_people (user_id);

-- A private note to the group's organisers, kept until they mark it followed up.
CREATE TABLE mentoring_concerns (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    text                TEXT NOT NULL,
    raised_at           TEXT NOT NULL,
    followed_up_at      TEXT
) STRICT;

-- When the next scheduled round runs (the scheduled row holds the timer; this, the date shown).
CREATE TABLE mentoring_schedule (
    group_id            TEXT PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
    next_at             TEXT NOT NULL
) STRICT;
