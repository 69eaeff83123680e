import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createInbox,
  getGuildInbox,
  getInbox,
  getInboxRoles,
  getStaff,
  inboxesInGuild,
  nextCounter,
  setAutoArchive,
  setDefaultTicketName,
  setDestination,
  setInboxRoles,
  setLimits,
  setLogChannel,
  setStarterContent,
  updateStaff,
} from '../../../src/store/inboxes.ts';
import { deleteChannels, deleteMessages } from '../../../src/store/guilds.ts';
import { toDb } from '../../../src/store/ids.ts';
import type { Schema } from '../../../src/store/schema.ts';
import type { Store } from '../../../src/store/store.ts';
import { dialects } from '../../fixtures/dialects.ts';

const GUILD = '1246826841231327275';
const CHANNEL = '1246826841231327276';
const MESSAGE = '1246826841231327277';
const DEST = '1246826841231327278';
const ROLE = '1246826841231327279';
const USER = '1246826841231327280';

const count = async (store: Store, table: keyof Schema): Promise<number> =>
  Number((await store.db.q.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

for (const dialect of dialects()) {
  describe(`store/inboxes (${dialect.name})`, { skip: dialect.skip ?? false }, () => {
    const opened: Array<{ close(): Promise<void> }> = [];
    after(async () => {
      for (const o of opened) await o.close();
    });
    const fresh = async (): Promise<Store> => {
      const o = await dialect.open();
      opened.push(o);
      return o.store;
    };

    test('an inbox round-trips with every id exact', async () => {
      const store = await fresh();
      await createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '$author hi', destinationId: DEST, staff: [`<@${USER}>`, `<@&${ROLE}>`] });
      assert.deepEqual(await getInbox(store.db, MESSAGE), {
        id: MESSAGE,
        channelId: CHANNEL,
        guildId: GUILD,
        starterContent: '$author hi',
        maxTicketsPerUser: 1,
        defaultTicketName: '',
        counter: 0,
        destinationId: DEST,
        cooldownSeconds: 60,
        autoArchiveMinutes: null,
        logChannelId: null,
      });
      assert.deepEqual(await getStaff(store.db, MESSAGE), [`<@&${ROLE}>`, `<@${USER}>`]);
      assert.equal((await inboxesInGuild(store.db, GUILD)).length, 1);
      assert.equal(await getInbox(store.db, '1'), null);
    });

    test('settings, staff changes and the counter', async () => {
      const store = await fresh();
      await createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [] });
      await setDestination(store.db, MESSAGE, DEST, GUILD);
      await setStarterContent(store.db, MESSAGE, 'hello $staff');
      await setDefaultTicketName(store.db, MESSAGE, '$counter');
      await updateStaff(store.db, MESSAGE, [`<@&${ROLE}>`, `<@${USER}>`], []);
      await updateStaff(store.db, MESSAGE, [], [`<@${USER}>`]);
      const inbox = (await getInbox(store.db, MESSAGE))!;
      assert.equal(inbox.destinationId, DEST);
      assert.equal(inbox.starterContent, 'hello $staff');
      assert.equal(inbox.defaultTicketName, '$counter');
      assert.deepEqual(await getStaff(store.db, MESSAGE), [`<@&${ROLE}>`]);
      assert.equal(await nextCounter(store.db, MESSAGE), 1);
      assert.equal(await nextCounter(store.db, MESSAGE), 2);
      await setDestination(store.db, MESSAGE, null, GUILD);
      assert.equal((await getInbox(store.db, MESSAGE))!.destinationId, null);
      await assert.rejects(async () => updateStaff(store.db, MESSAGE, ['@everyone'], []), /not a staff mention/);
    });

    test('deleting the inbox message deletes the inbox and its staff', async () => {
      const store = await fresh();
      await createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [`<@${USER}>`] });
      await deleteMessages(store.db, [MESSAGE]);
      assert.equal(await getInbox(store.db, MESSAGE), null);
      assert.equal(await count(store, 'inbox_staff'), 0);
    });

    test('an inbox belongs to its own guild, and one without a recorded guild to any', async () => {
      const store = await fresh();
      const OTHER = '1246826841231327281';
      await createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [] });
      assert.equal((await getGuildInbox(store.db, MESSAGE, GUILD))?.id, MESSAGE);
      assert.equal(await getGuildInbox(store.db, MESSAGE, OTHER), null);
      assert.equal(await getGuildInbox(store.db, DEST, GUILD), null, 'no such inbox');
      // As the Python bot may have left it.
      await store.db.q.updateTable('channel').set({ guild_id: null }).where('id', '=', toDb(CHANNEL)).execute();
      assert.equal((await getGuildInbox(store.db, MESSAGE, OTHER))?.id, MESSAGE);
    });

    test('the settings of /inbox settings: limits, auto-archive, log channel, roles; each one write transaction', async () => {
      const store = await fresh();
      const LOG = '1246826841231327281';
      const ROLE_B = '9223372036854775807';
      await createInbox(store.db, { messageId: MESSAGE, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [] });
      const before = store.stats.writeTransactions;
      await setLimits(store.db, MESSAGE, { maxTickets: 0, cooldownSeconds: 3600 });
      await setAutoArchive(store.db, MESSAGE, 10080);
      await setLogChannel(store.db, MESSAGE, LOG, GUILD);
      await setInboxRoles(store.db, MESSAGE, 'allowed', [ROLE, ROLE_B]);
      await setInboxRoles(store.db, MESSAGE, 'blocked', [ROLE_B]);
      assert.equal(store.stats.writeTransactions, before + 5);
      const inbox = (await getInbox(store.db, MESSAGE))!;
      assert.deepEqual(
        [inbox.maxTicketsPerUser, inbox.cooldownSeconds, inbox.autoArchiveMinutes, inbox.logChannelId],
        [0, 3600, 10080, LOG],
      );
      assert.deepEqual(await getInboxRoles(store.db, MESSAGE), { allowed: [ROLE, ROLE_B], blocked: [ROLE_B] }, 'ids above 2^53 exact');
      // Replacing one list leaves the other alone; an empty list clears it.
      await setInboxRoles(store.db, MESSAGE, 'allowed', []);
      assert.deepEqual(await getInboxRoles(store.db, MESSAGE), { allowed: [], blocked: [ROLE_B] });
      await setAutoArchive(store.db, MESSAGE, null);
      assert.equal((await getInbox(store.db, MESSAGE))!.autoArchiveMinutes, null);
      // The log channel going away turns the log off; the inbox stays.
      await deleteChannels(store.db, [LOG]);
      assert.equal((await getInbox(store.db, MESSAGE))!.logChannelId, null);
      await setLogChannel(store.db, MESSAGE, LOG, GUILD);
      await setLogChannel(store.db, MESSAGE, null, GUILD);
      assert.equal((await getInbox(store.db, MESSAGE))!.logChannelId, null);
      // The inbox going away takes its roles with it.
      await deleteMessages(store.db, [MESSAGE]);
      assert.equal(await count(store, 'inbox_role'), 0);
    });
  });
}
