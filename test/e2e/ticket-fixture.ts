// Shared by the ticket end-to-end tests: a server laid out for tickets, inboxes posted by
// the bot through the emulator and recorded in the store, the bot in-process, and
// waiting helpers (no timing assertions: everything polls for a state).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Emulator, InteractionHandle, Message } from '../../emulator/src/index.ts';
import { defaultConfigTemplate, type Config } from '../../src/config/schema.ts';
import type { Timers } from '../../src/discord/schedule.ts';
import { loadTranslator } from '../../src/i18n/translate.ts';
import { createLogger } from '../../src/log/logger.ts';
import { startBot, type BotOptions, type RunningBot } from '../../src/main.ts';
import { createInbox } from '../../src/store/inboxes.ts';
import { fromDb, fromDbOrNull, toDb } from '../../src/store/ids.ts';
import type { Db } from '../../src/store/db.ts';
import type { Schema } from '../../src/store/schema.ts';
import { openStore, type Store } from '../../src/store/store.ts';

export const P = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  ManageThreads: 1n << 34n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What the invite link grants (no Manage Threads, no Mention Everyone). */
export const INVITE_PERMISSIONS = 343597501440n;

export const TWO_53 = 2n ** 53n;

export interface TicketWorld {
  guildId: string;
  ownerUserId: string;
  /** A member who opens tickets (nickname "Annie"). */
  annId: string;
  /** Another member. */
  bobId: string;
  /** A member of the mentionable staff role. */
  modId: string;
  /** A member of the non-mentionable staff role. */
  quietId: string;
  /** A staff member named directly. */
  helperId: string;
  modRoleId: string;
  quietRoleId: string;
  botRoleId: string;
  /** Inboxes are posted here. */
  supportId: string;
  /** Tickets open here; the bot has Manage Threads but not Mention Everyone. */
  ticketsId: string;
  /** Tickets open here; the bot lacks Manage Threads. */
  plainId: string;
  /** The bot may not create private threads here. */
  noThreadsId: string;
  /** Slowmode of 120 s. */
  slowId: string;
}

export function buildTicketWorld(emu: Emulator, opts: { preferredLocale?: string; guildId?: string } = {}): TicketWorld {
  const guild = emu.createGuild({
    ...(opts.guildId ? { id: opts.guildId } : {}),
    name: 'Ticket Server',
    ownerId: emu.application.ownerId,
    botPermissions: INVITE_PERMISSIONS,
    ...(opts.preferredLocale ? { preferredLocale: opts.preferredLocale } : {}),
  });
  const botRoleId = emu.getMember(guild.id, emu.botUser.id)!.roles[0]!;
  const mods = emu.createRole(guild.id, { name: 'Mods', mentionable: true });
  const quiet = emu.createRole(guild.id, { name: 'Quiet staff', mentionable: false });
  const member = (username: string, p: { roles?: string[]; nick?: string } = {}): string => {
    const user = emu.createUser({ username });
    emu.addMember(guild.id, user.id, { ...(p.roles ? { roles: p.roles } : {}), ...(p.nick ? { nick: p.nick } : {}) });
    return user.id;
  };
  const annId = member('ann', { nick: 'Annie' });
  const bobId = member('bob');
  const modId = member('mod', { roles: [mods.id] });
  const quietId = member('quiet', { roles: [quiet.id] });
  const helperId = member('helper');
  const support = emu.createChannel(guild.id, { name: 'support' });
  const tickets = emu.createChannel(guild.id, {
    name: 'tickets',
    permissionOverwrites: [
      // New servers give @everyone Mention Everyone; here the bot lacks it, so only
      // mentionable roles reach their members.
      { id: emu.botUser.id, type: 1, allow: P.ManageThreads, deny: P.MentionEveryone },
      { id: mods.id, type: 0, allow: P.ManageThreads },
    ],
  });
  const plain = emu.createChannel(guild.id, { name: 'plain-tickets' });
  const noThreads = emu.createChannel(guild.id, {
    name: 'no-threads',
    permissionOverwrites: [{ id: botRoleId, type: 0, deny: P.CreatePrivateThreads }],
  });
  const slow = emu.createChannel(guild.id, { name: 'slow', rateLimitPerUser: 120 });
  return {
    guildId: guild.id,
    ownerUserId: emu.application.ownerId,
    annId,
    bobId,
    modId,
    quietId,
    helperId,
    modRoleId: mods.id,
    quietRoleId: quiet.id,
    botRoleId,
    supportId: support.id,
    ticketsId: tickets.id,
    plainId: plain.id,
    noThreadsId: noThreads.id,
    slowId: slow.id,
  };
}

export const createTicketRow = [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'create-ticket', label: 'Create Ticket' }] }];

/** Calls the emulator's REST API with the bot's token, as the bot (or the Python bot) would. */
export async function asBot(emu: Emulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  // Like any Discord client, wait out a 429 (the emulator's global limit is on) and try again.
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${emu.apiUrl}/v10${path}`, {
      method,
      headers: { Authorization: `Bot ${emu.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status === 429 && attempt < 5) {
      const retryAfter = Number((JSON.parse(text) as { retry_after?: number }).retry_after ?? 1);
      await new Promise((r) => setTimeout(r, Math.ceil(retryAfter * 1000) + 10));
      continue;
    }
    if (!res.ok) throw new Error(`${method} ${path} failed: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}

export interface InboxOptions {
  channelId: string;
  destinationId?: string | null;
  staff?: string[];
  starter?: string;
  name?: string;
  counter?: number;
  maxTickets?: number;
}

/** Posts an inbox message with the Create Ticket button (as the bot) and records the inbox. */
export async function postInbox(emu: Emulator, db: Db, w: TicketWorld, o: InboxOptions): Promise<string> {
  const message = (await asBot(emu, 'POST', `/channels/${o.channelId}/messages`, {
    embeds: [{ description: 'Need help? Click below.' }],
    components: createTicketRow,
  })) as { id: string };
  await createInbox(db, {
    messageId: message.id,
    channelId: o.channelId,
    guildId: w.guildId,
    starterContent: o.starter ?? '',
    destinationId: o.destinationId ?? null,
    staff: o.staff ?? [],
  });
  const inbox = db.q.updateTable('inbox').where('id', '=', toDb(message.id));
  if (o.name !== undefined) await inbox.set({ default_ticket_name: o.name }).execute();
  if (o.counter !== undefined) await inbox.set({ counter: o.counter }).execute();
  if (o.maxTickets !== undefined) await inbox.set({ max_tickets_per_user: o.maxTickets }).execute();
  return message.id;
}

export interface InProcessBot {
  bot: RunningBot;
  store: Store;
  config: Config;
  dbPath: string;
  logs(): string;
  /** A controllable clock for cooldowns and ticket names. */
  now: { ms: number };
  stop(): Promise<void>;
}

/** The bot as the CLI would run it, in this process. The clock starts at the real time and moves only when told. */
export async function startTicketBot(
  emu: Emulator,
  opts: {
    dbPath?: string;
    /** Runs on this PostgreSQL database (db.url) instead of a SQLite file. */
    pgUrl?: string;
    setup?: (store: Store) => void | Promise<void>;
    /** 1 adds the bot's debug lines to logs(), 2 the libraries' too. */
    verbosity?: 0 | 1 | 2;
    /** Where the JSON-lines log file goes; none by default. */
    logDir?: string;
    /** Changes to the default config (after api_url and db.path are set). */
    config?: (config: Config) => void;
    /** More options for startBot (timers, …). */
    botOptions?: Partial<BotOptions>;
    /** false: return once startBot has, without waiting for `ready`. */
    waitReady?: boolean;
  } = {},
): Promise<InProcessBot> {
  const dir = opts.dbPath ? null : mkdtempSync(join(tmpdir(), 'ttb-ticket-'));
  const dbPath = opts.dbPath ?? join(dir!, 'theticketbot.db');
  const config = defaultConfigTemplate();
  config.discord.api_url = emu.apiUrl;
  config.db.path = dbPath;
  if (opts.pgUrl) config.db.url = opts.pgUrl;
  opts.config?.(config);
  let output = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      output += String(chunk);
      done();
    },
  });
  const logger = createLogger({ verbosity: opts.verbosity ?? 0, logDir: opts.logDir ?? null, console: sink });
  logger.addSecret(emu.token);
  const store = opts.pgUrl ? await openStore({ url: opts.pgUrl }) : await openStore({ path: dbPath, pragmas: [], keyTemplate: '' });
  await opts.setup?.(store);
  const bot = await startBot({
    config,
    token: emu.token,
    store,
    logger,
    libraryLogger: (name) => logger.named(name),
    translator: loadTranslator(),
    syncMode: 'auto',
    announce: () => {},
    reloadConfig: () => config,
    ...opts.botOptions,
  });
  const now = { ms: Date.now() };
  const clock = (): number => now.ms;
  bot.deps.tickets.clock = clock;
  if (opts.waitReady !== false) await bot.ready;
  return {
    bot,
    store,
    config: bot.deps.config.current,
    dbPath,
    logs: () => output,
    now,
    async stop() {
      await bot.stop();
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns something truthy; fails with `what` after timeoutMs. */
export async function until<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function click(emu: Emulator, inboxId: string, userId: string, locale = 'en-US'): InteractionHandle {
  return emu.clickButton({ messageId: inboxId, userId, customId: 'create-ticket', locale });
}

/** The final text of the ephemeral reply: the first answer when it is final, else the edited original (a deferred one once it has text). */
export async function finalAnswer(handle: InteractionHandle, pending: RegExp = /Opening your ticket|wird eröffnet|Ouverture de ton ticket/): Promise<Message | { content: string; flags: number }> {
  const response = await handle.response;
  const first = { content: String(response.data?.content ?? ''), flags: Number(response.data?.flags ?? 0) };
  if (response.type === 4 && !pending.test(first.content)) return first;
  return handle.waitForOriginal((m) => m.content !== '' && !pending.test(m.content));
}

export function threadIdOf(link: string): string {
  const m = /https:\/\/discord\.com\/channels\/\d+\/(\d+)/.exec(link);
  if (!m) throw new Error(`no channel link in ${JSON.stringify(link)}`);
  return m[1]!;
}

export async function ticketRow(
  db: Db,
  threadId: string,
): Promise<{ id: string; inbox_id: string | null; owner_id: string | null; parent_id: string | null; archived: number | null } | undefined> {
  const row = await db.q.selectFrom('ticket').select(['id', 'inbox_id', 'owner_id', 'parent_id', 'archived']).where('id', '=', toDb(threadId)).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: fromDb(row.id),
    inbox_id: fromDbOrNull(row.inbox_id),
    owner_id: fromDbOrNull(row.owner_id),
    parent_id: fromDbOrNull(row.parent_id),
    archived: row.archived === null ? null : Number(row.archived),
  };
}

export async function countRows(db: Db, table: keyof Schema): Promise<number> {
  const row = await db.q.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function auditReason(headers: Record<string, string>): string | undefined {
  const raw = headers['x-audit-log-reason'];
  return raw === undefined ? undefined : decodeURIComponent(raw);
}

const DISCORD_EPOCH = 1420070400000n;

/** A guild id whose timestamp puts it on `shard` of `numShards` (the sharding formula reads only those bits). */
export function guildIdOnShard(shard: number, numShards: number, salt = 0): string {
  let ts = BigInt(Date.now() - 86_400_000) - DISCORD_EPOCH + BigInt(salt * numShards * 7);
  while (Number(ts % BigInt(numShards)) !== shard) ts += 1n;
  return String(ts << 22n);
}

/** A member's click that opens a ticket: its thread id, once the bot's starter is in it. */
export async function openTicketAs(emu: Emulator, inboxId: string, userId: string): Promise<string> {
  const answer = await finalAnswer(click(emu, inboxId, userId));
  assert.match(answer.content, /^Your ticket is ready/, answer.content);
  const id = threadIdOf(answer.content);
  await until('the starter message', () => emu.messages(id).filter((m) => m.author.id === emu.botUser.id).length === 1);
  return id;
}

const HOUR = 3_600_000;

/** Timers run by hand: the test fires the weekly job when it wants, at the time it was armed for. */
export function handTimers(now: { ms: number }): { timers: Timers; fireWeekly(): boolean } {
  const armed = new Set<{ fn: () => void; at: number }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      const t = { fn, at: now.ms + ms };
      armed.add(t);
      return t;
    },
    clearTimeout(handle) {
      armed.delete(handle as { fn: () => void; at: number });
    },
  };
  return {
    timers,
    /** Runs the weekly job: the armed timer furthest away (days, not seconds). */
    fireWeekly(): boolean {
      const weekly = [...armed].filter((t) => t.at - now.ms > HOUR).sort((a, b) => b.at - a.at)[0];
      if (!weekly) return false;
      armed.delete(weekly);
      now.ms = weekly.at;
      weekly.fn();
      return true;
    },
  };
}
