import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../src/store/store.ts';
import { lockDatabase, type DbLocker } from '../../fixtures/db-locker.ts';
import { createInbox, getCurrentStaff, getStaff } from '../../../src/store/inboxes.ts';

const GUILD = '1246826841231327275';
const CHANNEL = '1246826841231327276';
const MESSAGE = '1246826841231327277';
const ROLE_KEPT = '1246826841231327279';
const ROLE_GONE = '1246826841231327281';
const USER = '1246826841231327280';

test('reading the current staff drops deleted roles for good, keeps members, and keeps all when roles are unknown', async () => {
  const store = await openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
  const staff = [`<@&${ROLE_KEPT}>`, `<@&${ROLE_GONE}>`, `<@${USER}>`];
  await createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff });
  assert.deepEqual(await getCurrentStaff(store.db, MESSAGE, null), [`<@&${ROLE_KEPT}>`, `<@&${ROLE_GONE}>`, `<@${USER}>`]);
  assert.deepEqual(await getCurrentStaff(store.db, MESSAGE, (id) => id === ROLE_KEPT), [`<@&${ROLE_KEPT}>`, `<@${USER}>`]);
  assert.deepEqual(await getStaff(store.db, MESSAGE), [`<@&${ROLE_KEPT}>`, `<@${USER}>`], 'the row is gone');
  await store.close();
});

test('while the database cannot be written, reading the current staff still leaves deleted roles out, and drops them later', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ttb-staff-'));
  const path = join(dir, 'staff.db');
  const store = await openStore({ path, pragmas: [], keyTemplate: '' });
  let locker: DbLocker | null = null;
  try {
    const staff = [`<@&${ROLE_KEPT}>`, `<@&${ROLE_GONE}>`, `<@${USER}>`];
    await createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff });
    const current = async (): Promise<string[]> => await getCurrentStaff(store.db, MESSAGE, (id) => id === ROLE_KEPT);
    locker = await lockDatabase(path);
    assert.deepEqual(await current(), [`<@&${ROLE_KEPT}>`, `<@${USER}>`], 'locked by another program');
    await locker.release();
    store.db.sqlite.pragma('query_only = ON');
    assert.deepEqual(await current(), [`<@&${ROLE_KEPT}>`, `<@${USER}>`], 'read-only');
    assert.equal((await getStaff(store.db, MESSAGE)).length, 3, 'nothing could be dropped yet');
    store.db.sqlite.pragma('query_only = OFF');
    assert.deepEqual(await current(), [`<@&${ROLE_KEPT}>`, `<@${USER}>`]);
    assert.equal((await getStaff(store.db, MESSAGE)).length, 2, 'dropped once writable');
  } finally {
    locker?.kill();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
