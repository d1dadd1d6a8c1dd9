-- What a button does is stored once, by the core, as neutral data; platforms keep only their ids.

-- An Action behind a button (too long for a custom id, or asking for text first), as JSON.
CREATE TABLE stored_actions (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    spec                TEXT NOT NULL,             -- {"label", "command", "args", "style", "ask"}
    UNIQUE (group_id, spec)
) STRICT;

-- A Choice (a multi or ranked question) behind a menu, a rank button or a native poll.
CREATE TABLE stored_choices (
    id                  INTEGER PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    key                 TEXT NOT NULL,             -- the living message's key, "poll:12"
    spec                TEXT NOT NULL,             -- {"question", "options", "command", ...}
    UNIQUE (group_id, key)
) STRICT;

-- Buttons already posted keep their ids, so their custom ids still work: a typed command
-- becomes an Action whose command is the whole text; an asking button's JSON already is one.
INSERT INTO stored_actions (id, group_id, spec)
    SELECT id, group_id,
        CASE WHEN substr(text, 1, 1) = '{' THEN text
        ELSE json_object('args', json('[]'), 'ask', NULL, 'command', substr(text, 2),
                         'label', '', 'style', 'primary') END
    FROM discord_actions;

INSERT INTO stored_choices (id, group_id, key, spec)
    SELECT id, group_id, key,
        json_object('key', key, 'question', question, 'options', json(options),
                    'command', command, 'args', json(args), 'max_selections', max_selections,
                    'ordered', json(CASE WHEN ordered THEN 'true' ELSE 'false' END),
                    'closed', json('false'), 'anonymous', json('false'),
                    'hide_results', json('false'), 'withdraw', NULL)
    FROM discord_choices;

-- A native Matrix poll keeps its own ids; what its answers run moves to stored_choices (its
-- option labels were never kept, only how many: numbered stand-ins do for answering).
INSERT INTO stored_choices (group_id, key, spec)
    SELECT group_id, key,
        json_object('key', key, 'question', '',
                    'options', (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
                                WHERE i < options) SELECT json_group_array(CAST(i AS TEXT)) FROM n),
                    'command', command, 'args', json(args), 'max_selections', max_selections,
                    'ordered', json('false'), 'closed', json('false'), 'anonymous', json('false'),
                    'hide_results', json('false'), 'withdraw', NULL)
    FROM matrix_polls WHERE true
    ON CONFLICT (group_id, key) DO NOTHING;

ALTER TABLE matrix_polls ADD COLUMN choice_id INTEGER REFERENCES stored_choices(id);
UPDATE matrix_polls SET choice_id = (
    SELECT c.id FROM stored_choices c WHERE c.group_id = matrix_polls.group_id
    AND c.key = matrix_polls.key);
ALTER TABLE matrix_polls DROP COLUMN command;
ALTER TABLE matrix_polls DROP COLUMN args;
ALTER TABLE matrix_polls DROP COLUMN options;
ALTER TABLE matrix_polls DROP COLUMN max_selections;

DROP TABLE discord_actions;
DROP TABLE discord_choices;
