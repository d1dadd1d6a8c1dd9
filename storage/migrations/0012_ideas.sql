-- Ideas: proposals with their own thread, supports, a lifecycle with reasons, and reviews.

CREATE TABLE ideas (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    channel_id          TEXT NOT NULL,
    author_id           TEXT NOT NULL,             -- kept only to tell them; "forgotten" after !me forget
    anonymous           INTEGER NOT NULL,          -- shown without a name to everyone
    text                TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('proposed', 'discussing', 'adopted',
                            'declined', 'parked', 'done', 'withdrawn')),
    reason              TEXT,                      -- why it has its current status
    created_at          TEXT NOT NULL,
    changed_at          TEXT NOT NULL,             -- last status change or edit
    edited_at           TEXT,
    review_at           TEXT,                      -- adopted: when to ask whether it is working
    review_outcome      TEXT,                      -- keep | change | drop
    poll_id             INTEGER,                   -- the decision opened on it (polls' own number)
    poll_done           INTEGER NOT NULL DEFAULT 0 -- that poll's outcome was applied
) STRICT;
CREATE INDEX ideas_by_group ON ideas (group_id, status);

CREATE TABLE idea_supports (
    idea_id             INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    PRIMARY KEY (idea_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX idea_supports_by_user ON idea_supports (user_id);

-- Every status change: who (NULL once they are forgotten), when, why.
CREATE TABLE idea_history (
    idea_id             INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    at                  TEXT NOT NULL,
    by_id               TEXT,
    status              TEXT NOT NULL,
    reason              TEXT
) STRICT;
CREATE INDEX idea_history_by_idea ON idea_history (idea_id, at);

-- Messages in an idea's thread, counted per day; their text is never kept.
CREATE TABLE idea_thread_days (
    idea_id             INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    day                 TEXT NOT NULL,
    messages            INTEGER NOT NULL,
    PRIMARY KEY (idea_id, day)
) STRICT, WITHOUT ROWID;
