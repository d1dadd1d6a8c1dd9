-- Everything the bot says is an outbox row first, written in the transaction that decided it, and delivered from there with retries, so an outage or a crash loses no message.

-- What is said, once per distinct text however many receive it; emptied once every row
-- that uses it is delivered (a message can name people who may later ask to be forgotten).
CREATE TABLE outbox_texts (
    id                  INTEGER PRIMARY KEY,
    digest              TEXT NOT NULL UNIQUE,      -- sha256 of `body`
    body                TEXT NOT NULL,             -- a Reply (or calendar event) as JSON
    created_at          TEXT NOT NULL
) STRICT;

-- One message owed to one place. A lane ('#GROUP' for the group's channels, '@USER' for a
-- person) is delivered in id order; lanes go side by side.
CREATE TABLE outbox_sends (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL,             -- '' for an answer that belongs to no group
    kind                TEXT NOT NULL,             -- post | thread | dm | answer | redraw | calendar
    lane                TEXT NOT NULL,
    target              TEXT NOT NULL,             -- a channel, a person, or a message key
    name                TEXT NOT NULL DEFAULT '',  -- how the platform addresses a person
    answer_to           TEXT,                      -- an answer: what it answers (the platform's)
    key                 TEXT,                      -- a living message's key, kept where it lands
    text_id             INTEGER REFERENCES outbox_texts (id),  -- none for a redraw
    dedupe              TEXT,                      -- a fan-out's name: each target gets it once
    wanted              INTEGER NOT NULL DEFAULT 1, -- redraws asked for; done when none is newer
    created_at          TEXT NOT NULL,
    due_at              TEXT NOT NULL,             -- later in quiet hours, or after a failure
    attempts            INTEGER NOT NULL DEFAULT 0,
    error               TEXT,                      -- the last failure (or why it was given up)
    sent_at             TEXT                       -- delivered, or given up (error says so)
) STRICT;

CREATE UNIQUE INDEX outbox_sends_once ON outbox_sends (group_id, dedupe, target)
    WHERE dedupe IS NOT NULL;
-- One pending redraw (or calendar change) a message: a burst of votes edits it once.
CREATE UNIQUE INDEX outbox_sends_coalesced ON outbox_sends (group_id, kind, target)
    WHERE kind IN ('redraw', 'calendar') AND sent_at IS NULL;
CREATE INDEX outbox_sends_due ON outbox_sends (due_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sends_lane ON outbox_sends (lane, id) WHERE sent_at IS NULL;

-- A random name for this database, so that idempotency keys made from row ids (Matrix
-- transaction ids, Discord nonces) never repeat those of another database on one account.
CREATE TABLE bot_instance (
    only_one            INTEGER PRIMARY KEY CHECK (only_one = 1),
    salt                TEXT NOT NULL
) STRICT;
INSERT INTO bot_instance (only_one, salt) VALUES (1, lower(hex(randomblob(4))));

-- The fan-outs of the last release: owed ones carry on, sent ones keep their dedupe window.
INSERT INTO outbox_texts (digest, body, created_at)
    SELECT digest, max(reply), min(created_at) FROM outbox_messages GROUP BY digest;
INSERT INTO outbox_sends (group_id, kind, lane, target, name, text_id, dedupe, created_at,
                          due_at, sent_at)
    SELECT o.group_id,
           CASE WHEN o.recipient LIKE '#%' THEN 'post' ELSE 'dm' END,
           CASE WHEN o.recipient LIKE '#%' THEN '#' || o.group_id ELSE '@' || o.recipient END,
           CASE WHEN o.recipient LIKE '#%' THEN substr(o.recipient, 2) ELSE o.recipient END,
           o.name, t.id, o.dedupe, m.created_at, o.due_at, o.sent_at
    FROM outbox o
    JOIN outbox_messages m USING (group_id, dedupe, digest)
    JOIN outbox_texts t ON t.digest = o.digest
    ORDER BY o.id;

DROP TABLE outbox;
DROP TABLE outbox_messages;
