// Shared by the ticket workflow's end-to-end tests: a server with every kind of person the
// workflow tells apart (the owner, staff named in the inbox, staff through a role, a
// moderator with Manage Threads who is not staff, an outsider), channels where the bot
// has Manage Threads and where it has not, a log channel; and short ways to act.
import type { Emulator, InteractionHandle, Message } from '../../emulator/src/index.ts';
import { setLogChannel } from '../../src/store/inboxes.ts';
import { answer } from './inbox-fixture.ts';
import { click, finalAnswer, INVITE_PERMISSIONS, P, postInbox, threadIdOf, until, type InProcessBot, type TicketWorld } from './ticket-fixture.ts';

export interface WorkflowWorld {
  guildId: string;
  /** Opens the tickets (nickname "Annie"). */
  annId: string;
  /** Staff named in the inbox's staff, without Manage Threads. */
  namedId: string;
  /** Staff through the mentionable Helpers role, without Manage Threads. */
  roledId: string;
  /** Not staff, but holds Manage Threads in both ticket channels. */
  moderId: string;
  /** Anyone else (added to a ticket when a test needs them in it). */
  bobId: string;
  /** Someone to add and remove. */
  carlId: string;
  helpersRoleId: string;
  /** A role nobody in the tests has (for allowed roles). */
  vipRoleId: string;
  supportId: string;
  /** Tickets open here; the bot has Manage Threads. */
  ticketsId: string;
  /** Tickets open here; the bot lacks Manage Threads. */
  plainId: string;
  /** The log channel. */
  logId: string;
  /** The bot may not post here. */
  mutedId: string;
}

export function buildWorkflowWorld(emu: Emulator, opts: { preferredLocale?: string } = {}): WorkflowWorld {
  const guild = emu.createGuild({
    name: 'Workflow Server',
    ownerId: emu.application.ownerId,
    botPermissions: INVITE_PERMISSIONS,
    ...(opts.preferredLocale ? { preferredLocale: opts.preferredLocale } : {}),
  });
  const helpers = emu.createRole(guild.id, { name: 'Helpers', mentionable: true });
  const vip = emu.createRole(guild.id, { name: 'VIP', mentionable: false });
  const member = (username: string, p: { roles?: string[]; nick?: string } = {}): string => {
    const user = emu.createUser({ username });
    emu.addMember(guild.id, user.id, { ...(p.roles ? { roles: p.roles } : {}), ...(p.nick ? { nick: p.nick } : {}) });
    return user.id;
  };
  const annId = member('ann', { nick: 'Annie' });
  const namedId = member('named');
  const roledId = member('roled', { roles: [helpers.id] });
  const moderId = member('moder');
  const bobId = member('bob');
  const carlId = member('carl');
  const support = emu.createChannel(guild.id, { name: 'support' });
  const moderates = { id: moderId, type: 1 as const, allow: P.ManageThreads };
  const tickets = emu.createChannel(guild.id, {
    name: 'tickets',
    permissionOverwrites: [{ id: emu.botUser.id, type: 1, allow: P.ManageThreads }, moderates],
  });
  const plain = emu.createChannel(guild.id, { name: 'plain-tickets', permissionOverwrites: [moderates] });
  const log = emu.createChannel(guild.id, { name: 'ticket-log' });
  const muted = emu.createChannel(guild.id, { name: 'muted', permissionOverwrites: [{ id: emu.botUser.id, type: 1, deny: P.SendMessages }] });
  return {
    guildId: guild.id,
    annId,
    namedId,
    roledId,
    moderId,
    bobId,
    carlId,
    helpersRoleId: helpers.id,
    vipRoleId: vip.id,
    supportId: support.id,
    ticketsId: tickets.id,
    plainId: plain.id,
    logId: log.id,
    mutedId: muted.id,
  };
}

/** An inbox in #support opening tickets in `destinationId`, staff: the named member and Helpers, no limit, logging to #ticket-log. */
export async function workflowInbox(emu: Emulator, b: InProcessBot, w: WorkflowWorld, destinationId: string, opts: { log?: boolean } = {}): Promise<string> {
  const inbox = await postInbox(emu, b.store.db, { guildId: w.guildId } as TicketWorld, {
    channelId: w.supportId,
    destinationId,
    staff: [`<@${w.namedId}>`, `<@&${w.helpersRoleId}>`],
    maxTickets: 0,
  });
  if (opts.log !== false) await setLogChannel(b.store.db, inbox, w.logId, w.guildId);
  return inbox;
}

export const botMessages = (emu: Emulator, channelId: string): Message[] => emu.messages(channelId).filter((m) => m.author.id === emu.botUser.id);

export const inThread = (emu: Emulator, threadId: string, userId: string): boolean =>
  emu.threadMembers(threadId).some((m) => String(m.user_id ?? m.id) === userId);

/**
 * Opens a ticket for `userId` and waits for its card (and its line in `logId`, when the
 * inbox logs there); the clock moves past the cooldown. Returns the thread and the card.
 */
export async function openTicket(emu: Emulator, b: InProcessBot, inboxId: string, userId: string, logId?: string): Promise<{ threadId: string; cardId: string }> {
  const ready = await finalAnswer(click(emu, inboxId, userId));
  const threadId = threadIdOf(ready.content);
  const card = await until('the ticket card', () => botMessages(emu, threadId)[0]);
  await until('the owner in the thread', () => inThread(emu, threadId, userId));
  if (logId) await until('the opening logged', () => botMessages(emu, logId).some((m) => m.content.startsWith(`<#${threadId}> `)));
  b.now.ms += 61_000;
  return { threadId, cardId: card.id };
}

/** /ticket <sub> run by `userId` in `channelId`. */
export function ticketCommand(emu: Emulator, w: WorkflowWorld, userId: string, channelId: string, subcommand: string, options: Record<string, string> = {}, locale = 'en-US'): InteractionHandle {
  return emu.runSlashCommand({ guildId: w.guildId, channelId, userId, command: 'ticket', subcommand, options, locale });
}

/** The person's answer: content and whether only they see it. */
export async function reply(handle: InteractionHandle): Promise<{ content: string; ephemeral: boolean; type: number }> {
  const a = await answer(handle);
  return { content: a.content, ephemeral: a.ephemeral, type: a.type };
}

/** Clicks the card's Close button and submits the form with `reason` (when the form opens). */
export async function closeWithButton(emu: Emulator, cardId: string, userId: string, reason: string | null): Promise<{ content: string; ephemeral: boolean; type: number }> {
  const clicked = emu.clickButton({ messageId: cardId, userId, customId: 'ticket-close' });
  const first = await clicked.response;
  if (first.type !== 9) return reply(clicked);
  const submitted = emu.submitModal({ from: clicked, fields: reason === null ? {} : { reason } });
  return reply(submitted);
}

export const lastRequestId = (emu: Emulator): number => emu.requests.at(-1)?.id ?? 0;

/** Requests the bot sent since `since`, apart from answering interactions. */
export function discordChanges(emu: Emulator, since: number): string[] {
  return emu.requests
    .filter((r) => r.id > since && r.method !== 'GET' && !r.path.startsWith('/interactions/') && !r.path.startsWith('/webhooks/'))
    .map((r) => `${r.method} ${r.path}`);
}
