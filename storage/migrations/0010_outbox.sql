-- Fan-outs (reminders, announcements) keep one row per recipient, so a crash resumes without repeats.

-- What is said, once per distinct text of a fan-out: `dedupe` names the fan-out
-- ("poll:12:reminder"); a feature may word it per person (a pairing's intro), hence `digest`.
CREATE TABLE outbox_messages (
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    dedupe              TEXT NOT NULL,
    digest              TEXT NOT NULL,             -- sha256 of the reply's JSON
    reply               TEXT NOT NULL,             -- the Reply as JSON
    created_at          TEXT NOT NULL,
    PRIMARY KEY (group_id, dedupe, digest)
) STRICT, WITHOUT ROWID;

-- Who it goes to: a person (their user id) or a channel ("#" and its id), once per fan-out
-- whatever the wording. A row is marked sent before it is handed to the platform, so nobody
-- gets the same message twice.
CREATE TABLE outbox (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL,
    dedupe              TEXT NOT NULL,
    digest              TEXT NOT NULL,
    recipient           TEXT NOT NULL,
    name                TEXT NOT NULL,             -- how the platform addresses them
    due_at              TEXT NOT NULL,             -- later than created_at in quiet hours
    sent_at             TEXT,
    UNIQUE (group_id, dedupe, recipient),
    FOREIGN KEY (group_id, dedupe, digest)
        REFERENCES outbox_messages (group_id, dedupe, digest) ON DELETE CASCADE
) STRICT;

CREATE INDEX outbox_due ON outbox (due_at) WHERE sent_at IS NULL;
