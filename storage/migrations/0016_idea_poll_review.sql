-- A consent decision on an idea can carry the review date the idea gets if the decision adopts it.

ALTER TABLE ideas ADD COLUMN poll_review_at TEXT;
