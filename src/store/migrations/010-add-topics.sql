-- Topics and intake forms (SPEC §11). Only additions: an inbox without topic rows is an
-- inbox with one implicit topic, itself, so every existing inbox (and its one
-- `create-ticket` button) keeps working exactly as before.

-- How the inbox message offers its topics: 'buttons' (up to 5) or 'select' (up to 25).
ALTER TABLE inbox ADD COLUMN topic_style TEXT NOT NULL DEFAULT 'buttons';

-- A kind of ticket an inbox offers. Every override is NULL while the topic uses the
-- inbox's value. auto_archive_minutes 0 means "the channel's default" (NULL inherits).
CREATE TABLE topic (
    id INTEGER PRIMARY KEY,
    inbox_id INTEGER NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    -- A Unicode emoji, or a server emoji written <:name:id> (<a:name:id> when animated).
    emoji TEXT,
    destination_id INTEGER REFERENCES channel (id) ON DELETE SET NULL,
    starter_content TEXT,
    ticket_name TEXT,
    max_tickets_per_user INTEGER,
    cooldown_seconds INTEGER,
    auto_archive_minutes INTEGER,
    log_channel_id INTEGER REFERENCES channel (id) ON DELETE SET NULL
);
CREATE INDEX ix_topic_inbox ON topic (inbox_id, position);
CREATE INDEX ix_topic_destination ON topic (destination_id);
CREATE INDEX ix_topic_log_channel ON topic (log_channel_id);

-- The topic's own staff (mentions as in inbox_staff); none listed means the inbox's.
CREATE TABLE topic_staff (
    topic_id INTEGER NOT NULL REFERENCES topic (id) ON DELETE CASCADE,
    mention TEXT NOT NULL,
    PRIMARY KEY (topic_id, mention)
);

-- Roles allowed to open tickets of this topic (allowed = 1; none listed means the
-- inbox's) and roles blocked from it (allowed = 0, on top of the inbox's blocked roles).
CREATE TABLE topic_role (
    topic_id INTEGER NOT NULL REFERENCES topic (id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL,
    allowed INTEGER NOT NULL,
    PRIMARY KEY (topic_id, allowed, role_id)
);

-- The questions asked before a ticket of the topic opens (at most 5). kind is 'short',
-- 'paragraph' or 'choice'; choices is a JSON array of strings for 'choice'. Answers are
-- posted in the ticket and never stored.
CREATE TABLE form_question (
    id INTEGER PRIMARY KEY,
    topic_id INTEGER NOT NULL REFERENCES topic (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    placeholder TEXT NOT NULL DEFAULT '',
    required INTEGER NOT NULL DEFAULT 1,
    min_length INTEGER,
    max_length INTEGER,
    choices TEXT
);
CREATE INDEX ix_form_question_topic ON form_question (topic_id, position);

-- The topic a ticket (or a click still being opened) came from; NULL for the inbox
-- itself, for tickets from before topics, and once the topic is removed: the ticket
-- then goes by its inbox's settings.
ALTER TABLE ticket ADD COLUMN topic_id INTEGER REFERENCES topic (id) ON DELETE SET NULL;
CREATE INDEX ix_ticket_topic_owner ON ticket (topic_id, owner_id);
ALTER TABLE pending_ticket ADD COLUMN topic_id INTEGER REFERENCES topic (id) ON DELETE SET NULL;
CREATE INDEX ix_pending_ticket_topic ON pending_ticket (topic_id);
