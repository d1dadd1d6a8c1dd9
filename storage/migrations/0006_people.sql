-- People: what each person chose for themselves in a group (zone, quiet hours, nudges, constituency).

-- Only what a person set; a missing row means every default (the group's zone, no quiet
-- hours, nudges on, no constituency). Goes with the membership: forgetting one forgets both.
CREATE TABLE people (
    group_id            TEXT NOT NULL,
    user_id             TEXT NOT NULL,
    timezone            TEXT,                      -- IANA name; NULL: the group's
    quiet_from          TEXT,                      -- "21:00" in their zone; NULL: none
    quiet_until         TEXT,                      -- "08:00"
    nudges              INTEGER NOT NULL DEFAULT 1,
    constituency        TEXT,                      -- self-declared, from the group's list
    PRIMARY KEY (group_id, user_id),
    FOREIGN KEY (group_id, user_id) REFERENCES members (group_id, user_id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
