-- When the bot first saw someone in a group, so the digest can mark a quiet member who
-- joined recently as new rather than as someone who has drifted away.
-- Members seen before this release have no date and are never marked new.

ALTER TABLE members ADD COLUMN joined_at TEXT;
