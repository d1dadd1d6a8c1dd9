-- Mentoring: who ran a round by hand, so that running one counts as taking part in the digest.

-- NULL for a round that ran on its schedule, and once the person who ran it is forgotten.
ALTER TABLE mentoring_rounds ADD COLUMN ran_by TEXT;
