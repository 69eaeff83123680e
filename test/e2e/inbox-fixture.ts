// Shared by the inbox end-to-end tests: a server laid out for inboxes, the bot started
// in-process against the emulator, and short ways to act as the admin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Emulator, InteractionHandle, Message } from '../../emulator/src/index.ts';
import { defaultConfigTemplate, type Config } from '../../src/config/schema.ts';
import { loadTranslator } from '../../src/i18n/translate.ts';
import { createLogger } from '../../src/log/logger.ts';
import { startBot, type RunningBot } from '../../src/main.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { asBot } from './ticket-fixture.ts';

export const P = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ManageGuild: 1n << 5n,
  ManageThreads: 1n << 34n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What the invite link grants. */
export const INVITE_PERMISSIONS = 343597501440n;

export interface InboxWorld {
  guildId: string;
  adminId: string;
  helperId: string;
  modRoleId: string;
  otherRoleId: string;
  botRoleId: string;
  /** Where the admin drafts the messages to copy. */
  draftsId: string;
  /** Where inboxes are posted. */
  supportId: string;
  /** Where tickets open: Mods, the helper and the bot have Manage Threads there. */
  ticketsId: string;
  /** The bot may not send messages here (member overwrite). */
  readOnlyId: string;
  /** The bot's role may not create private threads or talk in threads here. */
  noThreadsId: string;
}

export function buildInboxWorld(emu: Emulator, opts: { preferredLocale?: string } = {}): InboxWorld {
  const guild = emu.createGuild({
    name: 'Inbox Server',
    ownerId: emu.application.ownerId,
    botPermissions: INVITE_PERMISSIONS,
    ...(opts.preferredLocale ? { preferredLocale: opts.preferredLocale } : {}),
  });
  const botRoleId = emu.getMember(guild.id, emu.botUser.id)!.roles[0]!;
  const mods = emu.createRole(guild.id, { name: 'Mods', mentionable: true });
  const other = emu.createRole(guild.id, { name: 'Helpers', mentionable: true });
  const helper = emu.createUser({ username: 'helper' });
  emu.addMember(guild.id, helper.id);
  const drafts = emu.createChannel(guild.id, { name: 'drafts' });
  const support = emu.createChannel(guild.id, { name: 'support' });
  const tickets = emu.createChannel(guild.id, {
    name: 'tickets',
    permissionOverwrites: [
      { id: mods.id, type: 0, allow: P.ManageThreads },
      { id: helper.id, type: 1, allow: P.ManageThreads },
      { id: emu.botUser.id, type: 1, allow: P.ManageThreads },
      { id: other.id, type: 0, allow: P.ViewChannel },
    ],
  });
  const readOnly = emu.createChannel(guild.id, {
    name: 'read-only',
    permissionOverwrites: [{ id: emu.botUser.id, type: 1, deny: P.SendMessages }],
  });
  const noThreads = emu.createChannel(guild.id, {
    name: 'no-threads',
    permissionOverwrites: [{ id: botRoleId, type: 0, deny: P.CreatePrivateThreads | P.SendMessagesInThreads }],
  });
  return {
    guildId: guild.id,
    adminId: emu.application.ownerId,
    helperId: helper.id,
    modRoleId: mods.id,
    otherRoleId: other.id,
    botRoleId,
    draftsId: drafts.id,
    supportId: support.id,
    ticketsId: tickets.id,
    readOnlyId: readOnly.id,
    noThreadsId: noThreads.id,
  };
}

export interface InProcessBot {
  bot: RunningBot;
  store: Store;
  config: Config;
  logs(): string;
  stop(): Promise<void>;
}

/** The bot as the CLI would run it, in this process, on a database in a fresh directory. */
export async function startInProcess(emu: Emulator, opts: { dbPath?: string } = {}): Promise<InProcessBot> {
  const dir = opts.dbPath ? null : mkdtempSync(join(tmpdir(), 'ttb-inbox-'));
  const dbPath = opts.dbPath ?? join(dir!, 'theticketbot.db');
  const config = defaultConfigTemplate();
  config.discord.api_url = emu.apiUrl;
  config.db.path = dbPath;
  let output = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      output += String(chunk);
      done();
    },
  });
  const logger = createLogger({ verbosity: 0, logDir: null, console: sink });
  const store = await openStore({ path: dbPath, pragmas: [], keyTemplate: '' });
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
  });
  await bot.ready;
  return {
    bot,
    store,
    config: bot.deps.config.current,
    logs: () => output,
    async stop() {
      await bot.stop();
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The ephemeral text the bot answered with (an immediate reply or a deferred one, once edited). */
export async function answer(handle: InteractionHandle): Promise<{ content: string; ephemeral: boolean; message: Message | null; type: number; data: any }> {
  const response = await handle.response;
  if (response.type === 4) {
    return { content: response.data?.content ?? '', ephemeral: ((response.data?.flags ?? 0) & 64) !== 0, message: handle.original(), type: 4, data: response.data };
  }
  if (response.type === 5) {
    const message = await handle.waitForOriginal((m) => m.content !== '');
    return { content: message.content, ephemeral: (message.flags & 64) !== 0, message, type: 5, data: response.data };
  }
  return { content: '', ephemeral: false, message: null, type: response.type, data: response.data };
}

export interface Admin {
  inbox(subcommand: string, options?: Record<string, string>, locale?: string): InteractionHandle;
  newTickets(subcommand: 'starter' | 'name', locale?: string): InteractionHandle;
  select(channelId: string, messageId: string, locale?: string): InteractionHandle;
}

/** The admin acting in the drafts channel. */
export function adminOf(emu: Emulator, w: InboxWorld, userId: string = w.adminId): Admin {
  return {
    inbox: (subcommand, options = {}, locale = 'en-US') =>
      emu.runSlashCommand({ guildId: w.guildId, channelId: w.draftsId, userId, command: 'inbox', subcommand, options, locale }),
    newTickets: (subcommand, locale = 'en-US') =>
      emu.runSlashCommand({
        guildId: w.guildId,
        channelId: w.draftsId,
        userId,
        command: 'inbox',
        subcommandGroup: 'new-tickets',
        subcommand,
        locale,
      }),
    select: (channelId, messageId, locale = 'en-US') =>
      emu.runMessageCommand({ guildId: w.guildId, channelId, userId, command: 'Select this message', targetMessageId: messageId, locale }),
  };
}

/** A small valid PNG of roughly `size` bytes (padding in a tEXt-like tail is fine for a CDN). */
export function pngBytes(size: number, seed = 0): Buffer {
  const header = Buffer.from('89504e470d0a1a0a', 'hex');
  const body = Buffer.alloc(Math.max(0, size - header.length), seed & 0xff);
  return Buffer.concat([header, body]);
}

/** Posts with the bot's own token, as another program using it (the Python bot) would have. */
export async function postAsBot(emu: Emulator, channelId: string, body: unknown): Promise<{ id: string; channel_id: string }> {
  return (await asBot(emu, 'POST', `/channels/${channelId}/messages`, body)) as { id: string; channel_id: string };
}

export const createTicketRow = (label = 'Create Ticket') => [
  { type: 1, components: [{ type: 2, style: 1, custom_id: 'create-ticket', label }] },
];

export function link(guildId: string, channelId: string, messageId?: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}${messageId ? `/${messageId}` : ''}`;
}

/** Waits until `check` holds (the bot finishes some work after answering, e.g. removing an instruction). */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
