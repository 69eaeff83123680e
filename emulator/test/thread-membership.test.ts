/** Adding people to private threads: Add Thread Member and mentions follow one rule (World.threadAddRefusal). */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { type Emulator, Permissions as P, startEmulator } from '../src/index.ts';

const BOT = P.VIEW_CHANNEL | P.SEND_MESSAGES | P.SEND_MESSAGES_IN_THREADS | P.CREATE_PRIVATE_THREADS | P.READ_MESSAGE_HISTORY;
const EVERYONE = P.VIEW_CHANNEL | P.SEND_MESSAGES | P.SEND_MESSAGES_IN_THREADS | P.READ_MESSAGE_HISTORY;

describe('private thread membership: one rule for Add Thread Member and mentions', () => {
  let em: Emulator;
  let rest: REST;
  let guildId: string;
  let parentId: string;
  let modParentId: string;
  let creator: string;
  let plain: string;
  let hidden: string;
  let moderator: string;
  let stranger: string;

  before(async () => {
    em = await startEmulator();
    rest = new REST({ api: em.apiUrl, version: '10', retries: 0 }).setToken(em.token);
    guildId = em.createGuild({ everyonePermissions: EVERYONE, botPermissions: BOT }).id;
    const modRole = em.createRole(guildId, { name: 'Mods' }).id;
    const user = (name: string, roles: string[] = []) => {
      const id = em.createUser({ username: name }).id;
      em.addMember(guildId, id, { roles });
      return id;
    };
    creator = user('creator');
    plain = user('plain');
    hidden = user('hidden');
    moderator = user('moderator', [modRole]);
    stranger = em.createUser({ username: 'stranger' }).id; // not in the guild
    const botRole = em.getMember(guildId, em.botUser.id)!.roles[0]!;
    parentId = em.createChannel(guildId, {
      name: 'tickets',
      permissionOverwrites: [{ id: modRole, type: 0, allow: P.MANAGE_THREADS }, { id: hidden, type: 1, deny: P.VIEW_CHANNEL }],
    }).id;
    modParentId = em.createChannel(guildId, {
      name: 'bot-moderates',
      permissionOverwrites: [{ id: botRole, type: 0, allow: P.MANAGE_THREADS }],
    }).id;
  });
  after(async () => {
    assert.deepEqual(em.unknownRequests(), []);
    await em.close();
  });

  /** A private thread started by `owner`, with the bot in it. */
  const thread = (opts: { owner: string; invitable: boolean; parent?: string }) =>
    em.createChannel(guildId, { type: 12, parentId: opts.parent ?? parentId, name: 't', ownerId: opts.owner, invitable: opts.invitable, members: [em.botUser.id] }).id;

  async function viaPut(threadId: string, userId: string): Promise<'added' | number> {
    try {
      await rest.put(Routes.threadMembers(threadId, userId));
      return em.threadMembers(threadId).some((m) => m.user_id === userId) ? 'added' : assert.fail('204 without adding');
    } catch (err) {
      assert.ok(err instanceof DiscordAPIError, String(err));
      return err.code as number;
    }
  }

  async function viaMention(threadId: string, userId: string): Promise<'added' | 'skipped'> {
    await rest.post(Routes.channelMessages(threadId), { body: { content: `<@${userId}>` } });
    return em.threadMembers(threadId).some((m) => m.user_id === userId) ? 'added' : 'skipped';
  }

  const cases: Array<{ name: string; owner: () => string; invitable: boolean; parent?: () => string; target: () => string; put: 'added' | number; mention: 'added' | 'skipped' }> = [
    { name: 'invitable thread, a member who can view the parent', owner: () => creator, invitable: true, target: () => plain, put: 'added', mention: 'added' },
    { name: 'invitable thread, a member who cannot view the parent (added, still cannot see it)', owner: () => creator, invitable: true, target: () => hidden, put: 'added', mention: 'added' },
    { name: 'someone who is not in the guild', owner: () => creator, invitable: true, target: () => stranger, put: 10007, mention: 'skipped' },
    { name: 'non-invitable thread the bot created', owner: () => em.botUser.id, invitable: false, target: () => plain, put: 'added', mention: 'added' },
    { name: 'non-invitable thread of someone else, a non-moderator', owner: () => creator, invitable: false, target: () => plain, put: 50013, mention: 'skipped' },
    { name: 'non-invitable thread of someone else, a moderator', owner: () => creator, invitable: false, target: () => moderator, put: 'added', mention: 'added' },
    { name: 'non-invitable thread, the bot holds Manage Threads', owner: () => creator, invitable: false, parent: () => modParentId, target: () => plain, put: 'added', mention: 'added' },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const opts = { owner: c.owner(), invitable: c.invitable, ...(c.parent ? { parent: c.parent() } : {}) };
      assert.equal(await viaPut(thread(opts), c.target()), c.put, 'Add Thread Member');
      assert.equal(await viaMention(thread(opts), c.target()), c.mention, 'mention');
      if (c.target() === hidden) {
        const t = thread(opts);
        await viaPut(t, hidden);
        assert.equal(em.channelPermissions(t, hidden) & P.VIEW_CHANNEL, 0n);
      }
    });
  }

  it('people posting follow the same rule: the creator adds by mention, another member of a non-invitable thread does not', () => {
    const t = thread({ owner: creator, invitable: false });
    em.addThreadMember(t, plain);
    em.createMessage(t, plain, { content: `<@${moderator}> <@${hidden}>` });
    assert.deepEqual(em.threadMembers(t).map((m) => m.user_id).sort(), [creator, em.botUser.id, plain, moderator].sort());
    em.createMessage(t, creator, { content: `<@${hidden}>` });
    assert.ok(em.threadMembers(t).some((m) => m.user_id === hidden));
  });

  it('webhook messages add nobody; an adder who cannot send in the thread is refused', async () => {
    const t = thread({ owner: creator, invitable: true });
    em.createWebhookMessage(t, { content: `<@${plain}>` });
    assert.ok(!em.threadMembers(t).some((m) => m.user_id === plain));
    const muted = em.createChannel(guildId, {
      name: 'muted',
      permissionOverwrites: [{ id: em.getMember(guildId, em.botUser.id)!.roles[0]!, type: 0, deny: P.SEND_MESSAGES_IN_THREADS }],
    }).id;
    const m = thread({ owner: creator, invitable: true, parent: muted });
    assert.equal(await viaPut(m, plain), 50013);
  });
});
