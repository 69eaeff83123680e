-- State that used to live in one process's memory, so that several processes sharing a
-- database (and a restarted one) agree on it. Only additions.

-- When a member's last accepted click on an inbox was (epoch milliseconds): the start of
-- their cooldown there. Written in the same transaction as the click's pending_ticket row.
CREATE TABLE cooldown (
    inbox_id INTEGER NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    PRIMARY KEY (inbox_id, user_id)
);
CREATE INDEX ix_cooldown_user ON cooldown (user_id);

-- An admin's /inbox command waiting for "Select this message": one per admin and guild,
-- replaced by a newer command, gone when taken or long expired. request and instruction
-- are JSON written by the bot.
CREATE TABLE pending_selection (
    guild_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    request TEXT NOT NULL,
    instruction TEXT,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
