import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfigTemplate } from '../../src/config/schema.ts';
import { applyEnv, shardingMessage } from '../../src/main.ts';

test('4011 and 4010 in words: what Discord refused and what to set', () => {
  assert.equal(
    shardingMessage(4011, 0, 1, { shard_count: 0, shard_ids: [] }, 3),
    'Discord requires more shards (gateway close code 4011, sharding required): shard 0 of 1 would hold more than 2,500 guilds. Discord recommends 3 shards now. The bot followed the count Discord recommended when it started; start it again to follow the new one.',
  );
  assert.equal(
    shardingMessage(4011, 1, 2, { shard_count: 2, shard_ids: [1] }, null),
    'Discord requires more shards (gateway close code 4011, sharding required): shard 1 of 2 would hold more than 2,500 guilds. discord.shard_count is 2 (shard_ids 1): set it to the recommended count, or remove shard_count and shard_ids from config.toml so the bot follows Discord\'s recommendation.',
  );
  assert.match(
    shardingMessage(4010, 3, 4, { shard_count: 4, shard_ids: [] }, 8),
    /^Discord refused shard 3 of 4 \(gateway close code 4010, invalid shard\)\. Discord recommends 8 shards now\. discord\.shard_count is 4: set it to 8, .* Bots in more than 150,000 guilds must run a multiple of the shard number Discord assigned them\.$/,
  );
});

test('THETICKETBOT_DB_URL overrides db.url; a bad one is a configuration error that does not echo it', () => {
  const config = defaultConfigTemplate();
  assert.equal(applyEnv(config, {}).db.url, '');
  assert.equal(applyEnv(config, { THETICKETBOT_DB_URL: ' postgres://bot:pw@db:5432/t ' }).db.url, 'postgres://bot:pw@db:5432/t');
  assert.throws(
    () => applyEnv(config, { THETICKETBOT_DB_URL: 'http://bot:hunter2-pass@db/t' }),
    (error: unknown) => error instanceof Error && error.message.startsWith('THETICKETBOT_DB_URL: expected a postgres://') && !error.message.includes('hunter2'),
  );
});
