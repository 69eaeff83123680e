// What doctor says about one inbox, from a server described by hand: each channel's
// overwrites and the bot's roles decide, through the project's permission arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inboxChecks, type ChannelSnapshot, type GuildSnapshot, type InboxLocation, type MessageState } from '../../../src/doctor/inbox-checks.ts';
import { Permission, type PermissionName } from '../../../src/domain/permissions.ts';

const GUILD = '1246826841231327000';
const BOT = '1246826841231327001';
const BOT_ROLE = '1246826841231327002';
const SUPPORT = '1246826841231327010';
const TICKETS = '1246826841231327011';
const NEWS = '1246826841231327012';
const INBOX = '1246826841231327100';

/** The invite link's permissions, with Read Message History from @everyone. */
const INVITE = 343597435904n;
const EVERYONE = Permission.ViewChannel | Permission.ReadMessageHistory;

function channel(id: string, name: string, overwrites: ChannelSnapshot['overwrites'] = [], type = 0): ChannelSnapshot {
  return { id, name, type, overwrites };
}

function guild(p: { channels?: ChannelSnapshot[]; botPerms?: bigint; timedOut?: boolean } = {}): GuildSnapshot {
  const channels = p.channels ?? [channel(SUPPORT, 'support'), channel(TICKETS, 'tickets', [{ id: BOT, type: 1, allow: Permission.ManageThreads, deny: 0n }])];
  return {
    id: GUILD,
    name: 'Server',
    ownerId: '1246826841231327999',
    rolePermissions: new Map([
      [GUILD, EVERYONE],
      [BOT_ROLE, p.botPerms ?? INVITE],
    ]),
    channels: new Map(channels.map((c) => [c.id, c])),
    bot: { userId: BOT, roleIds: [BOT_ROLE], timedOut: p.timedOut ?? false },
  };
}

const label = (name: PermissionName): string => name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c : ` ${c}`));
const inbox = (destinationId: string | null = TICKETS): InboxLocation => ({ id: INBOX, channelId: SUPPORT, destinationId });
const run = (g: GuildSnapshot, i: InboxLocation = inbox(), message: MessageState = 'present') =>
  inboxChecks(g, i, message, label).map((c) => `${c.status} ${c.title}${c.fix ? ` | ${c.fix}` : ''}`);

test('every permission in place: one line that says so', () => {
  assert.deepEqual(run(guild()), [`ok Inbox ${INBOX} in #support, tickets in #tickets: every permission it needs`]);
});

test('a permission missing where tickets open is a problem naming it; Manage Threads missing is a warning saying what it gives', () => {
  const g = guild({
    channels: [channel(SUPPORT, 'support'), channel(TICKETS, 'tickets', [{ id: BOT_ROLE, type: 0, allow: 0n, deny: Permission.CreatePrivateThreads | Permission.SendMessagesInThreads }])],
  });
  const lines = run(g);
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, new RegExp(`^fail #tickets \\(where inbox ${INBOX} opens tickets\\): the bot lacks Create Private Threads, Send Messages In Threads \\| allow them for the bot`));
  assert.match(lines[1]!, /^warn #tickets: no Manage Threads \(optional\), so the bot cannot lock closed tickets/);
});

test('in one channel, posting and opening tickets are checked together', () => {
  const g = guild({ channels: [channel(SUPPORT, 'support', [{ id: GUILD, type: 0, allow: 0n, deny: Permission.EmbedLinks }, { id: BOT_ROLE, type: 0, allow: Permission.ManageThreads, deny: Permission.CreatePrivateThreads }])] });
  // @everyone's overwrite denies Embed Links to the bot too, since its role's overwrite does not allow it back.
  assert.deepEqual(run(g, inbox(null)).map((l) => l.split(' | ')[0]), [`fail #support (inbox ${INBOX}): the bot lacks Embed Links, Create Private Threads`]);
});

test('without View Channel the bot has nothing in a channel, whatever its roles say', () => {
  const g = guild({ channels: [channel(SUPPORT, 'support', [{ id: BOT, type: 1, allow: 0n, deny: Permission.ViewChannel }]), channel(TICKETS, 'tickets', [{ id: BOT, type: 1, allow: Permission.ManageThreads, deny: 0n }])] });
  assert.deepEqual(run(g).map((l) => l.split(' | ')[0]), [`fail #support (inbox ${INBOX}): the bot lacks View Channel, Send Messages, Embed Links, Attach Files`]);
});

test('a deleted destination: a warning, and the inbox channel is checked for tickets instead', () => {
  const lines = run(guild({ channels: [channel(SUPPORT, 'support')] }));
  assert.deepEqual(lines.map((l) => l.split(' | ')[0]), [
    `ok Inbox ${INBOX} in #support: every permission it needs`,
    `warn Inbox ${INBOX} in #support: its destination channel ${TICKETS} was deleted, so tickets open in #support`,
    'warn #support: no Manage Threads (optional), so the bot cannot lock closed tickets and their members can reopen them by writing',
  ]);
});

test('tickets cannot open in an announcement channel', () => {
  const g = guild({ channels: [channel(NEWS, 'news', [{ id: BOT, type: 1, allow: Permission.ManageThreads, deny: 0n }], 5)] });
  const lines = run(g, { id: INBOX, channelId: NEWS, destinationId: null });
  assert.deepEqual(lines.map((l) => l.split(' | ')[0]), ['fail #news is not a text channel: tickets are private threads, which only text channels have']);
});

test('the inbox channel or message gone: warnings only', () => {
  assert.deepEqual(run(guild({ channels: [] })), [`warn Inbox ${INBOX}: its channel ${SUPPORT} was deleted | nothing to do: the bot forgets this inbox at its next start`]);
  const lines = run(guild(), inbox(), 'deleted');
  assert.equal(lines[0], `ok Inbox ${INBOX} in #support, tickets in #tickets: every permission it needs`);
  assert.match(lines[1]!, new RegExp(`^warn Inbox ${INBOX} in #support: the inbox message was deleted \\| the bot forgets this inbox at its next start`));
});

test('no Read Message History: a warning naming every channel that lacks it', () => {
  const g = guild();
  (g.rolePermissions as Map<string, bigint>).set(GUILD, Permission.ViewChannel);
  assert.match(run(g)[1]!, /^warn #support and #tickets: no Read Message History, so the catch-up at each start cannot tell/);
});

test('a timed-out bot keeps only View Channel and Read Message History; Administrator has everything', () => {
  const timedOut = run(guild({ timedOut: true })).map((l) => l.split(' | ')[0]);
  assert.deepEqual(timedOut, [
    `fail #support (inbox ${INBOX}): the bot lacks Send Messages, Embed Links, Attach Files`,
    `fail #tickets (where inbox ${INBOX} opens tickets): the bot lacks Create Private Threads, Send Messages In Threads`,
    'warn #tickets: no Manage Threads (optional), so the bot cannot lock closed tickets and their members can reopen them by writing',
  ]);
  assert.deepEqual(run(guild({ botPerms: Permission.Administrator, channels: [channel(SUPPORT, 'support', [{ id: BOT, type: 1, allow: 0n, deny: Permission.ViewChannel }])] }), inbox(null)), [
    `ok Inbox ${INBOX} in #support: every permission it needs`,
  ]);
});
