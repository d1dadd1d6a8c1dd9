-- When a named ballot was cast, so the digest can count a vote as taking part.
-- Anonymous ballots get no time: a time beside an HMAC could be matched against the
-- chat's own record of who was typing when, and nobody may tell who voted what.
-- Ballots cast before this release keep no time and are not counted as activity.

ALTER TABLE ballots ADD COLUMN cast_at TEXT;

-- The digest reads a group's polls by when they closed, then their ballots by poll.
CREATE INDEX polls_group_closed ON polls (group_id, closed_at);
