import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../../src/store/store.ts';
import { createInbox, getCurrentStaff, getStaff } from '../../../src/store/inboxes.ts';

const GUILD = '1246826841231327275';
const CHANNEL = '1246826841231327276';
const MESSAGE = '1246826841231327277';
const ROLE_KEPT = '1246826841231327279';
const ROLE_GONE = '1246826841231327281';
const USER = '1246826841231327280';

test('reading the current staff drops deleted roles for good, keeps members, and keeps all when roles are unknown', () => {
  const store = openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
  const staff = [`<@&${ROLE_KEPT}>`, `<@&${ROLE_GONE}>`, `<@${USER}>`];
  createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff });
  assert.deepEqual(getCurrentStaff(store.db, MESSAGE, null), [`<@&${ROLE_KEPT}>`, `<@&${ROLE_GONE}>`, `<@${USER}>`]);
  assert.deepEqual(getCurrentStaff(store.db, MESSAGE, (id) => id === ROLE_KEPT), [`<@&${ROLE_KEPT}>`, `<@${USER}>`]);
  assert.deepEqual(getStaff(store.db, MESSAGE), [`<@&${ROLE_KEPT}>`, `<@${USER}>`], 'the row is gone');
  store.close();
});
