-- Scheduled work that fails (a chat server was unreachable) is retried with back-off, not dropped.

ALTER TABLE scheduled ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
