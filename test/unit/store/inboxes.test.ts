import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../../src/store/store.ts';
import {
  createInbox,
  getGuildInbox,
  getInbox,
  getStaff,
  inboxesInGuild,
  nextCounter,
  setDefaultTicketName,
  setDestination,
  setStarterContent,
  updateStaff,
} from '../../../src/store/inboxes.ts';
import { deleteMessages } from '../../../src/store/guilds.ts';
import { toDb } from '../../../src/store/ids.ts';

const GUILD = '1246826841231327275';
const CHANNEL = '1246826841231327276';
const MESSAGE = '1246826841231327277';
const DEST = '1246826841231327278';
const ROLE = '1246826841231327279';
const USER = '1246826841231327280';

function fresh() {
  return openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
}

test('an inbox round-trips with every id exact', () => {
  const store = fresh();
  createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '$author hi', destinationId: DEST, staff: [`<@${USER}>`, `<@&${ROLE}>`] });
  assert.deepEqual(getInbox(store.db, MESSAGE), {
    id: MESSAGE,
    channelId: CHANNEL,
    guildId: GUILD,
    starterContent: '$author hi',
    maxTicketsPerUser: 1,
    defaultTicketName: '',
    counter: 0,
    destinationId: DEST,
  });
  assert.deepEqual(getStaff(store.db, MESSAGE), [`<@&${ROLE}>`, `<@${USER}>`]);
  assert.equal(inboxesInGuild(store.db, GUILD).length, 1);
  assert.equal(getInbox(store.db, '1'), null);
  store.close();
});

test('settings, staff changes and the counter', () => {
  const store = fresh();
  createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [] });
  setDestination(store.db, MESSAGE, DEST, GUILD);
  setStarterContent(store.db, MESSAGE, 'hello $staff');
  setDefaultTicketName(store.db, MESSAGE, '$counter');
  updateStaff(store.db, MESSAGE, [`<@&${ROLE}>`, `<@${USER}>`], []);
  updateStaff(store.db, MESSAGE, [], [`<@${USER}>`]);
  const inbox = getInbox(store.db, MESSAGE)!;
  assert.equal(inbox.destinationId, DEST);
  assert.equal(inbox.starterContent, 'hello $staff');
  assert.equal(inbox.defaultTicketName, '$counter');
  assert.deepEqual(getStaff(store.db, MESSAGE), [`<@&${ROLE}>`]);
  assert.equal(nextCounter(store.db, MESSAGE), 1);
  assert.equal(nextCounter(store.db, MESSAGE), 2);
  setDestination(store.db, MESSAGE, null, GUILD);
  assert.equal(getInbox(store.db, MESSAGE)!.destinationId, null);
  assert.throws(() => updateStaff(store.db, MESSAGE, ['@everyone'], []), /not a staff mention/);
  store.close();
});

test('deleting the inbox message deletes the inbox and its staff', () => {
  const store = fresh();
  createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [`<@${USER}>`] });
  deleteMessages(store.db, [MESSAGE]);
  assert.equal(getInbox(store.db, MESSAGE), null);
  assert.equal(store.db.prepare('SELECT count(*) FROM inbox_staff').pluck().get(), 0n);
  store.close();
});

test('an inbox belongs to its own guild, and one without a recorded guild to any', () => {
  const store = fresh();
  const OTHER = '1246826841231327281';
  createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [] });
  assert.equal(getGuildInbox(store.db, MESSAGE, GUILD)?.id, MESSAGE);
  assert.equal(getGuildInbox(store.db, MESSAGE, OTHER), null);
  assert.equal(getGuildInbox(store.db, DEST, GUILD), null, 'no such inbox');
  // As the Python bot may have left it.
  store.db.prepare('UPDATE channel SET guild_id = NULL WHERE id = ?').run(toDb(CHANNEL));
  assert.equal(getGuildInbox(store.db, MESSAGE, OTHER)?.id, MESSAGE);
});
