-- People: the language each person chose for what the bot tells them privately (issue 24).

-- NULL: the group's language. A code of a catalogue the bot has ('cy'), or 'en'.
ALTER TABLE people ADD COLUMN language TEXT;
