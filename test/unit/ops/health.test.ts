import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Health } from '../../../src/ops/health.ts';
import type { DatabaseStatus } from '../../../src/store/probe.ts';

function health(status: DatabaseStatus = 'ok') {
  const db = { status };
  return { db, health: new Health(async () => db.status) };
}

test('not ready before any shard is known, nor while one of them is not ready', async () => {
  const { health: h } = health();
  assert.deepEqual(await h.readiness(), { ready: false, gateway: {}, database: 'ok' });
  h.expectShards([0, 1]);
  assert.deepEqual(await h.readiness(), { ready: false, gateway: { '0': 'not ready', '1': 'not ready' }, database: 'ok' });
  h.shardReady(1, true);
  assert.equal((await h.readiness()).ready, false);
  h.shardReady(0, true);
  assert.deepEqual(await h.readiness(), { ready: true, gateway: { '0': 'ready', '1': 'ready' }, database: 'ok' });
  h.shardReady(1, false);
  assert.deepEqual((await h.readiness()).gateway, { '0': 'ready', '1': 'not ready' });
});

test('expecting shards again keeps the state of those that stay and drops the others', async () => {
  const { health: h } = health();
  h.expectShards([0, 1]);
  h.shardReady(0, true);
  h.shardReady(1, true);
  h.expectShards([1, 2]);
  assert.deepEqual((await h.readiness()).gateway, { '1': 'ready', '2': 'not ready' });
});

test('the database decides as well: every shard ready is not enough while it is locked', async () => {
  const { db, health: h } = health('locked');
  h.expectShards([0]);
  h.shardReady(0, true);
  assert.deepEqual(await h.readiness(), { ready: false, gateway: { '0': 'ready' }, database: 'locked' });
  db.status = 'ok';
  assert.equal((await h.readiness()).ready, true);
});
