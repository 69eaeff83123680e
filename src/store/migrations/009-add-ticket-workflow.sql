-- The ticket workflow (claiming, per-inbox settings, a log channel). Only additions:
-- every existing row stays valid, and an inbox keeps behaving as before (cooldown 60 s,
-- the channel's auto-archive duration, everyone may open tickets, no log channel).

-- Who claimed the ticket; NULL when nobody has.
ALTER TABLE ticket ADD COLUMN claimed_by INTEGER REFERENCES user (id) ON DELETE SET NULL;
CREATE INDEX ix_ticket_claimed_by ON ticket (claimed_by);

-- Seconds between two tickets of one member from this inbox (the channel's slowmode
-- applies when longer).
ALTER TABLE inbox ADD COLUMN cooldown_seconds INTEGER NOT NULL DEFAULT 60;
-- auto_archive_duration of new tickets in minutes (60, 1440, 4320, 10080); NULL leaves
-- it to the channel.
ALTER TABLE inbox ADD COLUMN auto_archive_minutes INTEGER;
-- Where one short line per ticket event is posted; NULL for none.
ALTER TABLE inbox ADD COLUMN log_channel_id INTEGER REFERENCES channel (id) ON DELETE SET NULL;
CREATE INDEX ix_inbox_log_channel ON inbox (log_channel_id);

-- Roles allowed to open tickets (allowed = 1; none listed means everyone) and roles never
-- allowed (allowed = 0, which wins over being allowed).
CREATE TABLE inbox_role (
    inbox_id INTEGER NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL,
    allowed INTEGER NOT NULL,
    PRIMARY KEY (inbox_id, allowed, role_id)
);
