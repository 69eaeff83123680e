-- What the bot needs to catch up after being offline, or killed while opening a ticket.
-- Ticket rows written before this migration keep NULL in the new columns ("not known
-- yet"); the next startup looks those threads up once and fills them in.

-- The channel the ticket's thread lives in: deleting that channel removes its tickets.
ALTER TABLE ticket ADD COLUMN parent_id INTEGER;
-- The thread's archived state as last seen: 0 open, 1 archived, NULL unknown.
ALTER TABLE ticket ADD COLUMN archived INTEGER;
CREATE INDEX ix_ticket_parent ON ticket (parent_id);

-- A click being turned into a ticket, written before the create-thread request. A thread
-- that exists without its ticket row (the bot stopped in between) is found from this
-- row at the next start. thread_id is set together with the ticket row; the row goes
-- once the starter message is posted. counter reserves the number in the thread name.
CREATE TABLE pending_ticket (
    id INTEGER PRIMARY KEY,
    inbox_id INTEGER NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
    owner_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
    parent_id INTEGER NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    counter INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    thread_id INTEGER UNIQUE REFERENCES ticket (id) ON DELETE CASCADE
);
CREATE INDEX ix_pending_ticket_inbox ON pending_ticket (inbox_id);
CREATE INDEX ix_pending_ticket_owner ON pending_ticket (owner_id);
CREATE INDEX ix_pending_ticket_parent ON pending_ticket (parent_id);
