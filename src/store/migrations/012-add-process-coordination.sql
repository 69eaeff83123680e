-- Housekeeping shared by several processes of one bot on one database (src/store/coordination.ts).
-- Only additions.

-- One shard's weekly clean-up per week: the process that inserts the row runs it.
CREATE TABLE weekly_run (
    week_start INTEGER NOT NULL,
    shard_count INTEGER NOT NULL,
    shard_id INTEGER NOT NULL,
    ran_at INTEGER NOT NULL,
    PRIMARY KEY (week_start, shard_count, shard_id)
);

-- A guild's catch-up, held by one process until it is done or the lease runs out.
CREATE TABLE catch_up_claim (
    guild_id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
