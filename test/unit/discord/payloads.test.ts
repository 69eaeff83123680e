// The gateway door: what passes, what is refused and why, and that ids are never numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDispatch, isSnowflake } from '../../../src/discord/payloads.ts';

const GUILD = '1246826841231327280';
const OWNER = '1246826841231327281';
const ROLE = '1246826841231327282';
const CHANNEL = '1246826841231327283';
const THREAD = '1246826841231327284';
const BOT = '1246826841231327285';

const verdict = (t: unknown, d: unknown) => checkDispatch({ t, d });
const problem = (t: unknown, d: unknown): string | null => {
  const v = verdict(t, d);
  return v.kind === 'malformed' ? v.problem : null;
};

const guild = {
  id: GUILD,
  owner_id: OWNER,
  preferred_locale: 'de',
  roles: [{ id: GUILD, permissions: '1024' }],
  members: [{ user: { id: BOT }, roles: [ROLE] }],
  channels: [{ id: CHANNEL, type: 0, parent_id: null, permission_overwrites: [{ id: ROLE, type: 0, allow: '0', deny: '2048' }], rate_limit_per_user: 0 }],
  threads: [{ id: THREAD, type: 12, parent_id: CHANNEL, owner_id: BOT, thread_metadata: { archived: false, locked: false } }],
};
const thread = { id: THREAD, guild_id: GUILD, type: 12, parent_id: CHANNEL, owner_id: BOT, thread_metadata: { archived: true, locked: false } };
const interaction = {
  id: '1246826841231327290',
  application_id: BOT,
  type: 3,
  token: 'aW50ZXJhY3Rpb246MTI0NjgyNjg0MTIzMTMyNzI5MDo-x_y.z',
  guild_id: GUILD,
  channel_id: CHANNEL,
  member: { user: { id: OWNER, username: 'owner' }, roles: [], nick: null },
  message: { id: '1246826841231327291' },
  locale: 'de',
  data: { custom_id: 'create-ticket', component_type: 2 },
};

test('payloads shaped as Discord sends them pass', () => {
  const ok: Array<[string, unknown]> = [
    ['READY', { user: { id: BOT }, guilds: [{ id: GUILD, unavailable: true }], session_id: 'x' }],
    ['GUILD_CREATE', guild],
    ['GUILD_CREATE', { id: GUILD, unavailable: true }],
    ['GUILD_UPDATE', guild],
    ['GUILD_DELETE', { id: GUILD }],
    ['GUILD_DELETE', { id: GUILD, unavailable: true }],
    ['GUILD_ROLE_UPDATE', { guild_id: GUILD, role: { id: ROLE, permissions: '8' } }],
    ['GUILD_ROLE_DELETE', { guild_id: GUILD, role_id: ROLE }],
    ['GUILD_MEMBER_UPDATE', { guild_id: GUILD, user: { id: BOT }, roles: [ROLE] }],
    ['GUILD_MEMBER_REMOVE', { guild_id: GUILD, user: { id: OWNER } }],
    ['CHANNEL_CREATE', { id: CHANNEL, guild_id: GUILD, type: 0 }],
    ['CHANNEL_CREATE', { id: CHANNEL, type: 1 }],
    ['CHANNEL_DELETE', { id: CHANNEL, guild_id: GUILD, type: 0 }],
    ['THREAD_UPDATE', thread],
    ['THREAD_CREATE', { ...thread, owner_id: undefined, newly_created: true }],
    ['THREAD_DELETE', { id: THREAD, guild_id: GUILD, parent_id: CHANNEL, type: 12 }],
    ['THREAD_LIST_SYNC', { guild_id: GUILD, threads: [thread], members: [] }],
    ['THREAD_MEMBERS_UPDATE', { id: THREAD, guild_id: GUILD, member_count: 1, removed_member_ids: [OWNER] }],
    ['THREAD_MEMBERS_UPDATE', { id: THREAD, guild_id: GUILD, member_count: 2, added_members: [] }],
    ['MESSAGE_CREATE', { id: '1', channel_id: CHANNEL, author: { id: OWNER }, content: '' }],
    ['MESSAGE_DELETE', { id: '1', channel_id: CHANNEL, guild_id: GUILD }],
    ['MESSAGE_DELETE_BULK', { ids: ['1', '2'], channel_id: CHANNEL }],
    ['INTERACTION_CREATE', interaction],
    // Types the router does not know still pass the door: it is the router that decides.
    ['INTERACTION_CREATE', { ...interaction, type: 99, data: undefined }],
    // Events the bot does not read are not checked.
    ['PRESENCE_UPDATE', null],
    ['RESUMED', null],
  ];
  for (const [t, d] of ok) assert.deepEqual(verdict(t, d), { kind: 'ok' }, t);
});

test('ids must be snowflake strings: numbers (already imprecise), padded or oversized ids are refused', () => {
  assert.equal(isSnowflake(GUILD), true);
  assert.equal(isSnowflake('0'), true);
  assert.equal(isSnowflake(String(2n ** 63n - 1n)), true);
  for (const bad of [Number(GUILD), 123, '0123', '', ' 1', '1e5', String(2n ** 63n), '123456789012345678901', null, undefined, 1n]) {
    assert.equal(isSnowflake(bad), false, String(bad));
  }
  assert.equal(problem('GUILD_DELETE', { id: Number(GUILD) }), 'd.id should be an id string, got a number');
  assert.equal(problem('GUILD_ROLE_DELETE', { guild_id: GUILD, role_id: '01' }), 'd.role_id should be an id string, got a string of another form');
  assert.equal(problem('MESSAGE_DELETE_BULK', { ids: ['1', 2], channel_id: CHANNEL }), 'd.ids[1] should be an id string, got a number');
});

test('each problem names the path, nested as deep as it is', () => {
  const cases: Array<[string, unknown, string]> = [
    ['READY', { user: { id: BOT }, guilds: 'all' }, 'd.guilds should be an array, got a string'],
    ['GUILD_CREATE', null, 'd should be an object, got null'],
    ['GUILD_CREATE', [], 'd should be an object, got an array'],
    ['GUILD_CREATE', { id: GUILD, unavailable: 'yes' }, 'd.owner_id should be an id string, got nothing'],
    ['GUILD_CREATE', { ...guild, roles: [{ id: ROLE, permissions: 8 }] }, 'd.roles[0].permissions should be a permission string, got a number'],
    ['GUILD_CREATE', { ...guild, channels: [{ ...guild.channels[0], permission_overwrites: [{ id: ROLE, type: 0, allow: 'all', deny: '0' }] }] }, 'd.channels[0].permission_overwrites[0].allow should be a permission string, got a string of another form'],
    ['GUILD_CREATE', { ...guild, threads: [{ ...thread, parent_id: null }] }, 'd.threads[0].parent_id should be an id string, got null'],
    ['GUILD_CREATE', { ...guild, members: [{ user: { id: BOT }, roles: 'x' }] }, 'd.members[0].roles should be an array, got a string'],
    ['GUILD_DELETE', { id: GUILD, unavailable: 1 }, 'd.unavailable should be a boolean, got a number'],
    ['GUILD_MEMBER_UPDATE', { guild_id: GUILD, user: { id: BOT }, roles: 'abc' }, 'd.roles should be an array, got a string'],
    ['CHANNEL_UPDATE', { id: CHANNEL, guild_id: GUILD, type: '0' }, 'd.type should be an integer, got a string of another form'],
    ['CHANNEL_UPDATE', { id: CHANNEL, guild_id: GUILD, type: 0, rate_limit_per_user: 1.5 }, 'd.rate_limit_per_user should be an integer, got a number'],
    // A thread arriving as a channel is held to the thread fields as well.
    ['CHANNEL_UPDATE', { id: THREAD, guild_id: GUILD, type: 12, parent_id: CHANNEL, thread_metadata: { archived: 'no', locked: false } }, 'd.thread_metadata.archived should be a boolean, got a string of another form'],
    ['THREAD_UPDATE', { ...thread, guild_id: undefined }, 'd.guild_id should be an id string, got nothing'],
    ['THREAD_UPDATE', { ...thread, thread_metadata: null }, 'd.thread_metadata should be an object, got null'],
    ['THREAD_LIST_SYNC', { guild_id: GUILD, channel_ids: CHANNEL, threads: [] }, 'd.channel_ids should be an array, got a string'],
    ['THREAD_MEMBERS_UPDATE', { id: THREAD, guild_id: GUILD, removed_member_ids: OWNER }, 'd.removed_member_ids should be an array, got a string'],
    ['MESSAGE_CREATE', { id: '1', channel_id: CHANNEL, author: { id: OWNER, bot: 'no' }, content: '' }, 'd.author.bot should be a boolean, got a string of another form'],
    ['INTERACTION_CREATE', { ...interaction, type: '3' }, 'd.type should be an integer, got a string of another form'],
    ['INTERACTION_CREATE', { ...interaction, token: 'abc/../x' }, 'd.token should be a token string, got a string of another form'],
    ['INTERACTION_CREATE', { ...interaction, member: { user: { id: OWNER } } }, 'd.member.user.username should be a string, got nothing'],
    ['INTERACTION_CREATE', { ...interaction, member: { ...interaction.member, permissions: 8 } }, 'd.member.permissions should be a permission string, got a number'],
    ['INTERACTION_CREATE', { ...interaction, member: { ...interaction.member, user: { id: OWNER, username: 'owner', global_name: 5 } } }, 'd.member.user.global_name should be a string, got a number'],
  ];
  for (const [t, d, expected] of cases) assert.equal(problem(t, d), expected, `${t} ${JSON.stringify(d)}`);
});

test('problems never quote the values, which may be message content', () => {
  const p = problem('MESSAGE_CREATE', { id: '1', channel_id: CHANNEL, author: { id: 'my password is hunter2' }, content: 'x' });
  assert.equal(p, 'd.author.id should be an id string, got a string of another form');
});

test('event names: unknown ones are told apart from missing or wrong ones', () => {
  assert.deepEqual(verdict('SOMETHING_DISCORD_ADDED_LATER', { x: 1 }), { kind: 'unknown' });
  assert.deepEqual(verdict('guild_create', null), { kind: 'unknown' });
  assert.deepEqual(verdict(null, {}), { kind: 'malformed', problem: 't should be an event name, got null' });
  assert.deepEqual(verdict(7, {}), { kind: 'malformed', problem: 't should be an event name, got a number' });
  assert.deepEqual(verdict('', {}), { kind: 'malformed', problem: 't should be an event name, got an empty string' });
});
