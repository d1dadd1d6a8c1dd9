-- The schema of release 0.2 (the releases' sequence up to 0023) in PostgreSQL's SQL.
-- A new PostgreSQL database starts here; each part's own steps follow (storage/migrate.py).
-- SQLite's INTEGER is BIGINT here, and BLOB is BYTEA.

-- Numbers people see (Poll 3, Idea 7) are one more than the highest, as SQLite gives them:
-- a rolled-back command leaves no gap, as a sequence would. Writers take turns, so two
-- inserts never pick the same number.
CREATE FUNCTION next_row_id() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id IS NULL THEN EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO NEW.id; END IF; RETURN NEW; END $$;

CREATE TABLE schema_versions (part TEXT PRIMARY KEY, version BIGINT NOT NULL);

CREATE TABLE groups (
    id                  TEXT PRIMARY KEY,          -- "shell:local", "discord:123", "matrix:!room:hs"
    name                TEXT NOT NULL,
    created_at          TEXT NOT NULL
);

CREATE TABLE members (
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    display_name        TEXT NOT NULL, role BIGINT NOT NULL DEFAULT 1, joined_at TEXT,
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE polls (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    channel_id          TEXT NOT NULL,
    author_id           TEXT NOT NULL,
    question            TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('single', 'multi', 'ranked', 'consent')),
    anonymous           BIGINT NOT NULL,
    hide_results        BIGINT NOT NULL,
    created_at          TEXT NOT NULL,
    closes_at           TEXT,
    closed_at           TEXT,
    -- Anonymous polls only: keys ballots by HMAC(secret, user id); erased at close.
    secret              BYTEA
);

CREATE TABLE poll_options (
    poll_id             BIGINT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    position            BIGINT NOT NULL,          -- 1-based, as people type it
    label               TEXT NOT NULL,
    PRIMARY KEY (poll_id, position)
);

CREATE TABLE ballots (
    poll_id             BIGINT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    voter               TEXT NOT NULL,             -- user id, or an HMAC for anonymous polls
    choices             TEXT NOT NULL,             -- option positions in order, e.g. "3,1,2"
    reason              TEXT, cast_at TEXT,                      -- consent polls: why Block
    PRIMARY KEY (poll_id, voter)
);

CREATE TABLE scheduled (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,             -- "poll_close", "poll_reminder", ...
    ref                 TEXT NOT NULL,             -- what it is about, e.g. a poll id
    due_at              TEXT NOT NULL,
    stale_at            TEXT,                      -- after this it is dropped, not sent late
    done_at             TEXT,
    outcome             TEXT, attempts BIGINT NOT NULL DEFAULT 0,                      -- "done", "stale", "cancelled", "failed: ..."
    UNIQUE (kind, ref, due_at)
);

CREATE TABLE posts (
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    key                 TEXT NOT NULL,             -- "poll:12"
    channel_id          TEXT NOT NULL,
    message_ref         TEXT NOT NULL, thread_ref TEXT,
    PRIMARY KEY (group_id, key)
);

CREATE TABLE matrix_sync (
    account             TEXT PRIMARY KEY,          -- the bot's user id
    next_batch          TEXT NOT NULL,
    saved_at            TEXT NOT NULL
);

CREATE TABLE matrix_events (
    event_id            TEXT PRIMARY KEY,
    room_id             TEXT NOT NULL,
    seen_at             TEXT NOT NULL
);

CREATE TABLE matrix_dm_rooms (
    user_id             TEXT PRIMARY KEY,
    room_id             TEXT NOT NULL UNIQUE
);

CREATE TABLE stored_choices (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    key                 TEXT NOT NULL,             -- the living message's key, "poll:12"
    spec                TEXT NOT NULL,             -- {"question", "options", "command", ...}
    UNIQUE (group_id, key)
);

CREATE TABLE matrix_polls (
    start_event_id      TEXT PRIMARY KEY,
    room_id             TEXT NOT NULL,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    key                 TEXT NOT NULL,             -- the living message's key, "poll:12"
    ended               BIGINT NOT NULL DEFAULT 0, choice_id BIGINT REFERENCES stored_choices(id),
    UNIQUE (group_id, key)
);

CREATE TABLE matrix_poll_responses (
    start_event_id      TEXT NOT NULL REFERENCES matrix_polls(start_event_id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    sent_at_ms          BIGINT NOT NULL,
    PRIMARY KEY (start_event_id, user_id)
);

CREATE TABLE discord_dm_fallbacks (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    channel_id          TEXT,                      -- where they were mentioned; NULL: nowhere
    error_code          BIGINT NOT NULL,          -- Discord's JSON error code, 50007 for closed DMs
    created_at          TEXT NOT NULL
);

CREATE TABLE group_settings (
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    name                TEXT NOT NULL,             -- "poll_threads", declared by a cog
    value               TEXT NOT NULL,             -- the canonical text, e.g. "on"
    PRIMARY KEY (group_id, name)
);

CREATE TABLE shell_clock (
    id                  BIGINT PRIMARY KEY CHECK (id = 1),
    now                 TEXT NOT NULL
);

CREATE TABLE people (
    group_id            TEXT NOT NULL,
    user_id             TEXT NOT NULL,
    timezone            TEXT,                      -- IANA name; NULL: the group's
    quiet_from          TEXT,                      -- "21:00" in their zone; NULL: none
    quiet_until         TEXT,                      -- "08:00"
    nudges              BIGINT NOT NULL DEFAULT 1,
    constituency        TEXT, language TEXT,                      -- self-declared, from the group's list
    PRIMARY KEY (group_id, user_id),
    FOREIGN KEY (group_id, user_id) REFERENCES members (group_id, user_id) ON DELETE CASCADE
);

CREATE TABLE mentoring_people (
    group_id            TEXT NOT NULL,
    user_id             TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('mentor', 'mentee', 'peer')),
    topics              TEXT NOT NULL DEFAULT '',  -- "benefits, housing", lower case
    every               TEXT CHECK (every IN ('2w', '4w')),
    paused_until        TEXT,
    carried             BIGINT NOT NULL DEFAULT 0,  -- left out last round: first next time
    joined_at           TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id),
    FOREIGN KEY (group_id, user_id) REFERENCES members (group_id, user_id) ON DELETE CASCADE
);

CREATE TABLE mentoring_avoid (
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    avoided_id          TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id, avoided_id)
);

CREATE TABLE mentoring_rounds (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    ran_at              TEXT NOT NULL
, ran_by TEXT);

CREATE TABLE mentoring_pairings (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    round_id            BIGINT NOT NULL REFERENCES mentoring_rounds(id) ON DELETE CASCADE,
    state               TEXT NOT NULL CHECK (state IN ('proposed', 'active', 'skipped', 'ended', 'done')),
    score               DOUBLE PRECISION NOT NULL,
    proposed_at         TEXT NOT NULL,
    started_at          TEXT,
    ended_at            TEXT,
    ended_early         BIGINT NOT NULL DEFAULT 0,
    met                 BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE mentoring_pair_people (
    id                  BIGINT PRIMARY KEY,       -- a check-in's repeat is scheduled by this id
    pairing_id          BIGINT NOT NULL REFERENCES mentoring_pairings(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    answer              TEXT CHECK (answer IN ('accept', 'skip')),
    answered_at         TEXT,
    checkin             TEXT CHECK (checkin IN ('met', 'not yet', 'no')),
    checked_in_at       TEXT,
    UNIQUE (pairing_id, user_id)
);

CREATE TABLE mentoring_concerns (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    text                TEXT NOT NULL,
    raised_at           TEXT NOT NULL,
    followed_up_at      TEXT
);

CREATE TABLE mentoring_schedule (
    group_id            TEXT PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
    next_at             TEXT NOT NULL
);

CREATE TABLE stored_actions (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    spec                TEXT NOT NULL,             -- {"label", "command", "args", "style", "ask"}
    UNIQUE (group_id, spec)
);

CREATE TABLE ideas (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    channel_id          TEXT NOT NULL,
    author_id           TEXT NOT NULL,             -- kept only to tell them; "forgotten" after !me forget
    anonymous           BIGINT NOT NULL,          -- shown without a name to everyone
    text                TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('proposed', 'discussing', 'adopted',
                            'declined', 'parked', 'done', 'withdrawn')),
    reason              TEXT,                      -- why it has its current status
    created_at          TEXT NOT NULL,
    changed_at          TEXT NOT NULL,             -- last status change or edit
    edited_at           TEXT,
    review_at           TEXT,                      -- adopted: when to ask whether it is working
    review_outcome      TEXT,                      -- keep | change | drop
    poll_id             BIGINT,                   -- the decision opened on it (polls' own number)
    poll_done           BIGINT NOT NULL DEFAULT 0 -- that poll's outcome was applied
, poll_review_at TEXT);

CREATE TABLE idea_supports (
    idea_id             BIGINT NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);

CREATE TABLE idea_history (
    -- SQLite's implicit row number, which the history is read in (ties of `at`): the same
    -- name, so the same SQL reads it on both engines.
    rowid               BIGINT GENERATED ALWAYS AS IDENTITY,
    idea_id             BIGINT NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    at                  TEXT NOT NULL,
    by_id               TEXT,
    status              TEXT NOT NULL,
    reason              TEXT
);

CREATE TABLE idea_thread_days (
    idea_id             BIGINT NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    day                 TEXT NOT NULL,
    messages            BIGINT NOT NULL,
    PRIMARY KEY (idea_id, day)
);

CREATE TABLE digests (
    group_id            TEXT PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
    last_week           TEXT,                      -- "2026-11-30": the Monday of the week sent
    skipped_week        TEXT                       -- a digest more than a day late, not sent
);

CREATE TABLE meetings (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    channel_id          TEXT NOT NULL,
    title               TEXT NOT NULL,
    starts_local        TEXT NOT NULL,             -- "2026-12-01T18:00", in `zone`
    zone                TEXT NOT NULL,
    minutes             BIGINT NOT NULL CHECK (minutes BETWEEN 1 AND 720),
    place               TEXT,
    every               TEXT NOT NULL DEFAULT '' CHECK (every IN ('', 'week', '2 weeks', 'month')),
    until_local         TEXT,                      -- last day a series may fall on
    sequence            BIGINT NOT NULL DEFAULT 0,  -- bumped on every move (calendars update)
    created_at          TEXT NOT NULL,
    cancelled_at        TEXT
, created_by TEXT, by_day TEXT);

CREATE TABLE meeting_skips (
    meeting_id          BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    occurrence          TEXT NOT NULL,
    PRIMARY KEY (meeting_id, occurrence)
);

CREATE TABLE meeting_rsvps (
    meeting_id          BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    occurrence          TEXT NOT NULL,
    user_id             TEXT NOT NULL,
    answer              TEXT NOT NULL CHECK (answer IN ('going', 'maybe', 'no')),
    answered_at         TEXT NOT NULL,
    PRIMARY KEY (meeting_id, occurrence, user_id)
);

CREATE TABLE contrib_entries (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id             TEXT,
    constituency        TEXT,                      -- as the person said at the time
    minutes             BIGINT NOT NULL CHECK (minutes > 0),
    what                TEXT NOT NULL,
    meeting_id          BIGINT REFERENCES meetings(id) ON DELETE SET NULL,
    occurrence          TEXT,
    state               TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'queried')),
    reason              TEXT,
    worked_at           TEXT NOT NULL,
    UNIQUE (meeting_id, occurrence, user_id)
);

CREATE TABLE meeting_plans (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    channel_id          TEXT NOT NULL,
    title               TEXT NOT NULL,
    minutes             BIGINT NOT NULL CHECK (minutes BETWEEN 1 AND 720),
    closes_at           TEXT,
    meeting_id          BIGINT REFERENCES meetings(id) ON DELETE SET NULL  -- once picked
, created_by TEXT, created_at TEXT);

CREATE TABLE meeting_plan_slots (
    plan_id             BIGINT NOT NULL REFERENCES meeting_plans(id) ON DELETE CASCADE,
    position            BIGINT NOT NULL,
    starts_at           TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE meeting_plan_answers (
    plan_id             BIGINT NOT NULL REFERENCES meeting_plans(id) ON DELETE CASCADE,
    position            BIGINT NOT NULL,
    user_id             TEXT NOT NULL,
    answer              TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')), answered_at TEXT,
    PRIMARY KEY (plan_id, position, user_id)
);

CREATE TABLE outbox_texts (
    id                  BIGINT PRIMARY KEY,
    digest              TEXT NOT NULL UNIQUE,      -- sha256 of `body`
    body                TEXT NOT NULL,             -- a Reply (or calendar event) as JSON
    created_at          TEXT NOT NULL
);

CREATE TABLE outbox_sends (
    id                  BIGINT PRIMARY KEY,
    group_id            TEXT NOT NULL,             -- '' for an answer that belongs to no group
    kind                TEXT NOT NULL,             -- post | thread | dm | answer | redraw | calendar
    lane                TEXT NOT NULL,
    target              TEXT NOT NULL,             -- a channel, a person, or a message key
    name                TEXT NOT NULL DEFAULT '',  -- how the platform addresses a person
    answer_to           TEXT,                      -- an answer: what it answers (the platform's)
    key                 TEXT,                      -- a living message's key, kept where it lands
    text_id             BIGINT REFERENCES outbox_texts (id),  -- none for a redraw
    dedupe              TEXT,                      -- a fan-out's name: each target gets it once
    wanted              BIGINT NOT NULL DEFAULT 1, -- redraws asked for; done when none is newer
    created_at          TEXT NOT NULL,
    due_at              TEXT NOT NULL,             -- later in quiet hours, or after a failure
    attempts            BIGINT NOT NULL DEFAULT 0,
    error               TEXT,                      -- the last failure (or why it was given up)
    sent_at             TEXT                       -- delivered, or given up (error says so)
);

CREATE TABLE bot_instance (
    only_one            BIGINT PRIMARY KEY CHECK (only_one = 1),
    salt                TEXT NOT NULL
);


CREATE INDEX polls_open ON polls (group_id) WHERE closed_at IS NULL;
CREATE INDEX scheduled_pending ON scheduled (due_at) WHERE done_at IS NULL;
CREATE INDEX posts_by_message ON posts (channel_id, message_ref);
CREATE INDEX matrix_events_by_age ON matrix_events (seen_at);
CREATE INDEX discord_dm_fallbacks_by_group ON discord_dm_fallbacks (group_id, created_at);
CREATE INDEX mentoring_pairings_round ON mentoring_pairings (group_id, round_id);
CREATE INDEX mentoring_pair_people_user ON mentoring_pair_people (user_id);
CREATE INDEX ideas_by_group ON ideas (group_id, status);
CREATE INDEX idea_supports_by_user ON idea_supports (user_id);
CREATE INDEX idea_history_by_idea ON idea_history (idea_id, at);
CREATE INDEX meetings_group ON meetings (group_id);
CREATE INDEX meeting_rsvps_user ON meeting_rsvps (user_id);
CREATE INDEX contrib_entries_group ON contrib_entries (group_id, worked_at);
CREATE INDEX contrib_entries_user ON contrib_entries (user_id);
CREATE INDEX meeting_plan_answers_user ON meeting_plan_answers (user_id);
CREATE INDEX polls_group_closed ON polls (group_id, closed_at);
CREATE UNIQUE INDEX outbox_sends_once ON outbox_sends (group_id, dedupe, target)
    WHERE dedupe IS NOT NULL;
CREATE UNIQUE INDEX outbox_sends_coalesced ON outbox_sends (group_id, kind, target)
    WHERE kind IN ('redraw', 'calendar') AND sent_at IS NULL;
CREATE INDEX outbox_sends_due ON outbox_sends (due_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sends_lane ON outbox_sends (lane, id) WHERE sent_at IS NULL;
CREATE INDEX meetings_created_by ON meetings (created_by);
CREATE INDEX meeting_plans_created_by ON meeting_plans (created_by);

CREATE TRIGGER polls_next_id BEFORE INSERT ON polls FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER scheduled_next_id BEFORE INSERT ON scheduled FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER stored_choices_next_id BEFORE INSERT ON stored_choices FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER discord_dm_fallbacks_next_id BEFORE INSERT ON discord_dm_fallbacks FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER mentoring_rounds_next_id BEFORE INSERT ON mentoring_rounds FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER mentoring_pairings_next_id BEFORE INSERT ON mentoring_pairings FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER mentoring_pair_people_next_id BEFORE INSERT ON mentoring_pair_people FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER mentoring_concerns_next_id BEFORE INSERT ON mentoring_concerns FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER stored_actions_next_id BEFORE INSERT ON stored_actions FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER ideas_next_id BEFORE INSERT ON ideas FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER meetings_next_id BEFORE INSERT ON meetings FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER contrib_entries_next_id BEFORE INSERT ON contrib_entries FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER meeting_plans_next_id BEFORE INSERT ON meeting_plans FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER outbox_texts_next_id BEFORE INSERT ON outbox_texts FOR EACH ROW EXECUTE FUNCTION next_row_id();
CREATE TRIGGER outbox_sends_next_id BEFORE INSERT ON outbox_sends FOR EACH ROW EXECUTE FUNCTION next_row_id();
