-- Native Matrix polls posted by 0.1.0 can be answered with nothing again: name their withdraw.

-- Migration 0009 moved 0.1.0's choices into stored_choices without a withdraw command, so an
-- emptied answer to a Matrix poll posted before the upgrade was refused. 0.1.0 ran
-- "<group> withdraw <args>" for it, and it had only polls, so every such row is a poll's.
UPDATE stored_choices
SET spec = json_set(spec, '$.withdraw',
    'poll withdraw ' || (SELECT group_concat(value, ' ') FROM json_each(spec, '$.args')))
WHERE json_extract(spec, '$.withdraw') IS NULL
  AND json_extract(spec, '$.command') = 'poll vote';
