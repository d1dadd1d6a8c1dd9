-- Several processes share one database: who is doing which piece of work, until when.
-- A claim names the work ("lane:@ann:hs" for one person's messages, "job:12" for a
-- scheduled row) and the process holding it; a process that dies lets go when `until`
-- passes, and another takes the work up. Nothing here is about what the work says.

CREATE TABLE work_claims (
    what                TEXT PRIMARY KEY,
    holder              TEXT NOT NULL,
    until               TEXT NOT NULL
);
