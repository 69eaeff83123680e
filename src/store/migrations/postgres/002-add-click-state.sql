-- The same as SQLite migration 11: cooldowns and pending selections in the database.
CREATE TABLE cooldown (
    inbox_id BIGINT NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    started_at BIGINT NOT NULL,
    PRIMARY KEY (inbox_id, user_id)
);
CREATE INDEX ix_cooldown_user ON cooldown (user_id);

CREATE TABLE pending_selection (
    guild_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    request TEXT NOT NULL,
    instruction TEXT,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
