// Malformed gateway payloads and unknown interaction types (issue 5): each is logged and
// ignored, nothing crashes, the state cache and the database keep what they had, and
// the bot goes on opening tickets. The emulator's raw dispatch sends the payloads as
// they are, with real sequence numbers, so the session also resumes afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import type { BotState } from '../../src/discord/state.ts';
import {
  buildTicketWorld,
  click,
  countRows,
  finalAnswer,
  postInbox,
  startTicketBot,
  threadIdOf,
  ticketRow,
  until,
  type InProcessBot,
  type TicketWorld,
} from './ticket-fixture.ts';

/** What a payload must leave behind: a warn line naming the event and its sequence number, a debug line, or a router line naming the interaction. */
type Expect = 'warn' | 'debug' | { interaction: string };

interface Case {
  t: unknown;
  d: unknown;
  expect: Expect;
}

/** How the logger writes a field value inline (see src/log/logger.ts). */
function inline(value: unknown): string {
  return typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value ?? null);
}

/** Everything in the cache about one guild, in a comparable form. */
function snapshot(state: BotState, guildId: string): string {
  const g = state.guilds.get(guildId);
  const sorted = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(
    {
      botUserId: state.botUserId,
      guilds: [...state.guilds.keys()].sort(),
      pending: [...state.pendingGuilds].map(String).sort(),
      guild: g && {
        ownerId: g.ownerId,
        locale: g.locale,
        botRoleIds: g.botRoleIds,
        roles: sorted(g.rolePermissions),
        channels: sorted(g.channels),
        threads: sorted(g.threads),
      },
    },
    (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v),
  );
}

describe('malformed gateway payloads', () => {
  let emu: Emulator;
  const rejections: unknown[] = [];
  const exceptions: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };
  const onException = (error: unknown): void => {
    exceptions.push(error);
  };

  before(async () => {
    emu = await startEmulator();
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
  });
  after(async () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const botMessages = (channelId: string) => emu.messages(channelId).filter((m) => m.author.id === emu.botUser.id);

  async function openTicket(b: InProcessBot, inboxId: string, userId: string): Promise<string> {
    const answer = await finalAnswer(click(emu, inboxId, userId));
    assert.match(answer.content, /^Your ticket is ready/);
    const id = threadIdOf(answer.content);
    await until('the starter message', () => botMessages(id).length === 1);
    await until('the ticket cached', () => b.bot.deps.state.guilds.get(ticketGuild(b, id))?.threads.has(id));
    return id;
  }
  const ticketGuild = (b: InProcessBot, threadId: string): string =>
    [...b.bot.deps.state.guilds.entries()].find(([, g]) => g.threads.has(threadId))?.[0] ?? '';

  /** The payloads, each aimed at real ids, so a bot that trusted them would damage something. */
  function storm(w: TicketWorld, inboxId: string, ticketId: string): Case[] {
    const G = w.guildId;
    const bot = emu.botUser.id;
    const num = (id: string) => Number(id);
    const cases: Case[] = [];
    const bad = (t: string, ...ds: unknown[]) => {
      for (const d of ds) cases.push({ t, d, expect: 'warn' });
    };
    const guildLike = { id: G, owner_id: w.ownerUserId, preferred_locale: 'en-US' };
    const thread = { id: ticketId, guild_id: G, parent_id: w.ticketsId, owner_id: bot, type: 12, thread_metadata: { archived: false, locked: false } };

    bad('GUILD_CREATE',
      null, 'guild', [], 7,
      { id: num(G) },
      { id: G, unavailable: 'yes' },
      // Well formed but for one overwrite: the good guild must not be replaced by a half-built one.
      { ...guildLike, roles: [{ id: w.botRoleId, permissions: '0' }], channels: [{ id: w.supportId, type: 0, permission_overwrites: [{ id: bot, type: 1, allow: 'lots', deny: '0' }] }] },
      // Permissions as a number: the bot's role would become an administrator.
      { ...guildLike, roles: [{ id: w.botRoleId, permissions: 8 }], channels: [] },
      { ...guildLike, roles: [], members: [{ user: { id: num(bot) }, roles: [] }] },
    );
    bad('GUILD_UPDATE', 17, { id: G, owner_id: 5, preferred_locale: null, roles: null }, { ...guildLike, roles: 'all' });
    bad('GUILD_DELETE', null, { id: G, unavailable: 'soon' }, { id: num(G) }, { unavailable: true });
    bad('GUILD_ROLE_CREATE', null, { guild_id: G, role: null }, { guild_id: G, role: { id: 123456, permissions: '0' } });
    bad('GUILD_ROLE_UPDATE', { guild_id: G, role: { id: w.botRoleId, permissions: 8 } }, { guild_id: G, role: { id: w.botRoleId, permissions: 'x' } });
    bad('GUILD_ROLE_DELETE', { guild_id: G, role_id: num(w.botRoleId) }, { guild_id: G, role_id: [w.botRoleId] }, { guild_id: num(G), role_id: w.botRoleId });
    bad('GUILD_MEMBER_UPDATE', { guild_id: G, user: { id: bot }, roles: 'abc' }, { guild_id: G, user: null, roles: [] }, { guild_id: G, user: { id: bot }, roles: [num(w.botRoleId)] });
    bad('GUILD_MEMBER_REMOVE', { guild_id: G, user: { id: num(w.bobId) } }, { guild_id: G }, { guild_id: num(G), user: { id: w.bobId } }, 'bob');
    bad('CHANNEL_CREATE', [], { id: '1', guild_id: G, type: 0, rate_limit_per_user: 'slow' });
    bad('CHANNEL_UPDATE',
      { id: w.ticketsId, guild_id: G, type: 'text' },
      { id: w.supportId, guild_id: G, type: 0, permission_overwrites: [{ id: bot, type: 1, allow: 1024, deny: 0 }] },
      { id: w.supportId, guild_id: G, type: 0, permission_overwrites: 'none' },
      { id: w.supportId, guild_id: G, type: 0, parent_id: 5 },
    );
    bad('CHANNEL_DELETE', null, { id: w.supportId, guild_id: num(G) }, { id: num(w.supportId), guild_id: G });
    bad('THREAD_CREATE', { ...thread, parent_id: 5 }, 'thread');
    bad('THREAD_UPDATE',
      // A truthy string where a boolean belongs: trusted, it would archive and lock the ticket.
      { ...thread, thread_metadata: { archived: 'yes', locked: false } },
      { ...thread, owner_id: num(bot) },
      { ...thread, thread_metadata: null },
      { ...thread, id: num(ticketId) },
    );
    bad('THREAD_DELETE', { id: ticketId, guild_id: num(G) }, { id: num(ticketId), guild_id: G }, null);
    bad('THREAD_LIST_SYNC', { guild_id: G, threads: 'none' }, { guild_id: G, channel_ids: w.ticketsId, threads: [] });
    bad('THREAD_MEMBERS_UPDATE',
      // A string where a list belongs: `includes` would find the owner inside it.
      { id: ticketId, guild_id: G, member_count: 1, removed_member_ids: w.bobId },
      { id: num(ticketId), guild_id: G, member_count: 1, removed_member_ids: [w.bobId] },
      { id: ticketId, guild_id: G, member_count: 1, removed_member_ids: [num(w.bobId)] },
    );
    const ownerSays = { channel_id: w.supportId, guild_id: G, author: { id: w.ownerUserId, username: 'owner', bot: false }, content: `<@${bot}> reload-config` };
    bad('MESSAGE_CREATE', 3.14, { ...ownerSays, id: '5', author: null }, { ...ownerSays, id: '5', author: { id: num(w.ownerUserId) } }, { ...ownerSays, id: 5 }, { ...ownerSays, id: '5', content: 5 });
    bad('MESSAGE_DELETE', { id: inboxId, channel_id: num(w.supportId), guild_id: G }, { id: num(inboxId), channel_id: w.supportId }, [inboxId]);
    bad('MESSAGE_DELETE_BULK', { ids: [inboxId], channel_id: null, guild_id: G }, { ids: inboxId, channel_id: w.supportId, guild_id: G }, { ids: [num(inboxId)], channel_id: w.supportId });

    // Interactions: a broken envelope is dropped at the door; a type the bot does not know
    // is logged without any reply; a known type it cannot route is told "unknown".
    let n = 0;
    const fakeId = () => String(2n ** 60n + BigInt(++n));
    const envelope = (type: unknown, extra: Record<string, unknown> = {}) => {
      const id = fakeId();
      return {
        id,
        application_id: emu.application.id,
        token: `not-a-real-token-${id}`,
        type,
        version: 1,
        guild_id: G,
        channel_id: w.supportId,
        member: { user: { id: w.annId, username: 'ann' }, roles: [], nick: 'Annie', permissions: '0' },
        locale: 'en-US',
        guild_locale: 'en-US',
        app_permissions: '0',
        ...extra,
      };
    };
    const button = { custom_id: 'create-ticket', component_type: 2 };
    const onInbox = { message: { id: inboxId, channel_id: w.supportId } };
    bad('INTERACTION_CREATE',
      null, [], 'click',
      envelope('3', { data: button, ...onInbox }),
      envelope(3, { id: 42, data: button, ...onInbox }),
      envelope(3, { token: 'abc/../../users/@me', data: button, ...onInbox }),
      envelope(3, { member: { user: { id: num(w.annId), username: 'ann' }, roles: [] }, data: button, ...onInbox }),
      envelope(3, { data: button, message: { id: num(inboxId) } }),
    );
    const routed = (d: { id: string }) => cases.push({ t: 'INTERACTION_CREATE', d, expect: { interaction: d.id } });
    routed(envelope(99, { data: button, ...onInbox }));
    routed(envelope(0, { data: button }));
    routed(envelope(1));
    routed(envelope(3, onInbox));
    // An unknown component type carrying our custom id must not open a ticket.
    routed(envelope(3, { data: { custom_id: 'create-ticket', component_type: 99 }, ...onInbox }));
    routed(envelope(3, { data: { custom_id: 42, component_type: 2 }, ...onInbox }));
    routed(envelope(2, { data: null }));
    routed(envelope(4, { data: null }));
    routed(envelope(5, { data: { components: [] } }));

    // Events with no name the bot knows: debug lines only.
    for (const t of ['NOT_A_REAL_EVENT', 'guild_create', 'GUILD_CREATE ']) cases.push({ t, d: { id: G }, expect: 'debug' });
    // Not even a name.
    for (const t of [null, 123, ['READY'], '']) cases.push({ t, d: {}, expect: 'warn' });
    return cases;
  }

  test('every payload is logged and ignored; nothing crashes; state and database unchanged; tickets still open; the session resumes', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu, { verbosity: 1 });
    t.after(() => b.stop());
    const db = b.store.db;
    const state = b.bot.deps.state;
    const inbox = await postInbox(emu, db, w, { channelId: w.supportId, destinationId: w.ticketsId, maxTickets: 0 });
    const ticket = await openTicket(b, inbox, w.bobId);
    b.now.ms += 61_000;

    const before = snapshot(state, w.guildId);
    const supportMessages = emu.messages(w.supportId).length;
    const requestsBefore = emu.requests.length;
    const logStart = b.logs().length;
    const cases = storm(w, inbox, ticket);
    const sent = cases.map((c) => {
      const seqs = emu.dispatchRaw(c.t, c.d);
      assert.equal(seqs.length, 1, 'one session');
      return { ...c, seq: seqs[0]! };
    });

    const lines = () => b.logs().slice(logStart).split('\n');
    const logged = (c: (typeof sent)[number]): boolean =>
      lines().some((line) => {
        if (typeof c.expect === 'object') return / (WARN|DEBUG) +theticketbot\.interactions: /.test(line) && line.includes(c.expect.interaction);
        const level = c.expect === 'warn' ? 'WARN ' : 'DEBUG';
        return line.includes(` ${level} theticketbot`) && line.includes(` event=${inline(c.t)}`) && new RegExp(` seq=${c.seq}( |$)`).test(line);
      });
    const missing = () => sent.filter((c) => !logged(c)).map((c) => `#${c.seq} ${inline(c.t)} ${JSON.stringify(c.d)?.slice(0, 120)}`);
    await until('a log line for every payload', () => missing().length === 0).catch(() => {});
    assert.deepEqual(missing(), [], 'each payload leaves a warn (or, for unknown names, a debug) line naming it');

    // Known interaction types still get the plain "unknown interaction" answer (Discord
    // accepts it for commands, components and modals); other types get no reply at all.
    const callbacks = (id: string) => emu.requests.slice(requestsBefore).filter((r) => r.path.startsWith(`/interactions/${id}/`));
    for (const c of sent) {
      if (c.t !== 'INTERACTION_CREATE' || !c.d || typeof c.d !== 'object' || !('type' in c.d)) continue;
      const { id, type, data } = c.d as { id: unknown; type: unknown; data?: unknown };
      const answerable = typeof c.expect === 'object' && (type === 2 || type === 3 || type === 5);
      if (typeof id !== 'string') continue;
      if (answerable) await until(`the answer attempt to ${id}`, () => callbacks(id).length === 1 && callbacks(id)[0]!.status !== 0);
      else assert.deepEqual(callbacks(id).map((r) => r.path), [], `no reply to ${JSON.stringify({ type, data })}`);
    }

    // Nothing changed: the cache, the database, Discord's side of the ticket, the channel.
    assert.equal(snapshot(state, w.guildId), before, 'the state cache is as it was');
    assert.equal(await countRows(db, 'inbox'), 1, 'the inbox row survived');
    assert.deepEqual(await ticketRow(db, ticket), { id: ticket, inbox_id: inbox, owner_id: w.bobId, parent_id: w.ticketsId, archived: 0 });
    assert.deepEqual(
      { archived: emu.getChannel(ticket)?.thread_metadata?.archived, locked: emu.getChannel(ticket)?.thread_metadata?.locked },
      { archived: false, locked: false },
    );
    assert.equal(botMessages(ticket).length, 1, 'no notice in the ticket');
    assert.equal(emu.messages(w.supportId).length, supportMessages, 'no answer to a malformed owner command');
    assert.equal(emu.threads(w.ticketsId).length, 1, 'no ticket from an unknown component type');

    // Malformed events queued while the bot is away are replayed on RESUME and ignored as well.
    const stats = emu.gatewayStats();
    emu.dropConnections();
    const replayed = [
      { t: 'GUILD_DELETE', d: { id: w.guildId, unavailable: 'maybe' } },
      { t: 'CHANNEL_DELETE', d: { id: w.ticketsId, guild_id: Number(w.guildId) } },
    ].map((c) => ({ ...c, expect: 'warn' as const, seq: emu.dispatchRaw(c.t, c.d)[0]! }));
    await until('the session resumed', () => emu.gatewayStats().resumes > stats.resumes);
    assert.equal(emu.gatewayStats().identifies, stats.identifies, 'resumed, not identified again');
    assert.ok(emu.gatewayStats().replayedEvents >= stats.replayedEvents + replayed.length, 'the queued payloads came as a replay');
    await until('the replayed payloads logged', () => replayed.every(logged));
    assert.equal(snapshot(state, w.guildId), before);

    // Still serving: a real click opens a ticket in the cached destination.
    const fresh = await openTicket(b, inbox, w.annId);
    assert.notEqual(fresh, ticket);
    assert.equal((await ticketRow(db, fresh))?.owner_id, w.annId);
    assert.equal((await ticketRow(db, fresh))?.parent_id, w.ticketsId);

    assert.deepEqual(lines().filter((line) => / ERROR /.test(line)), [], 'no handler failed');
    assert.deepEqual(rejections, [], 'no unhandled rejection');
    assert.deepEqual(exceptions, [], 'no uncaught exception');
  });
});
