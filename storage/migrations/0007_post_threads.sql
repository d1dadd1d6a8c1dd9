-- A living message remembers the thread opened on it, so features can post into that thread.

ALTER TABLE posts ADD COLUMN thread_ref TEXT;
