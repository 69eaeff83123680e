-- The same as SQLite migration 12, and the gateway's IDENTIFY windows, which only
-- PostgreSQL keeps (several processes of one bot, possibly on several hosts).
CREATE TABLE weekly_run (
    week_start BIGINT NOT NULL,
    shard_count INTEGER NOT NULL,
    shard_id INTEGER NOT NULL,
    ran_at BIGINT NOT NULL,
    PRIMARY KEY (week_start, shard_count, shard_id)
);

CREATE TABLE catch_up_claim (
    guild_id BIGINT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- One row per max_concurrency rate-limit key: the time its next IDENTIFY may go, on the server's clock.
CREATE TABLE identify_bucket (
    rate_key INTEGER PRIMARY KEY,
    next_at TIMESTAMPTZ NOT NULL
);
