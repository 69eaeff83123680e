/**
 * The sandbox's server: a few channels, an Admin and a Staff role, an admin,
 * two staff members and three members, laid out the way the bot's README
 * recommends (inbox in #support, tickets in #tickets where Staff have Manage
 * Threads). Everything is built through the emulator's public API.
 */

import type { Emulator, InteractionHandle } from '../src/index.ts';
import { Permissions as P } from '../src/index.ts';

/** What the bot's invite link grants (View Channels, Send Messages, Embed Links, Attach Files, Read Message History, Create Private Threads, Send Messages in Threads). */
const INVITE_PERMISSIONS = 343597501440n;

export interface SandboxCast {
  guildId: string;
  ownerId: string;
  adminId: string;
  staffIds: string[];
  memberIds: string[];
  adminRoleId: string;
  staffRoleId: string;
  channels: { welcome: string; general: string; support: string; tickets: string; staffRoom: string };
}

export function seedSandboxWorld(em: Emulator, opts: { locale?: string } = {}): SandboxCast {
  // The application's owner (who may use the bot's owner-only commands) owns the server.
  const owner = em.world.users.get(em.application.ownerId);
  if (owner) {
    owner.username = 'olivia';
    owner.global_name = 'Olivia';
  }
  const guild = em.createGuild({
    name: 'Sandbox Server',
    ownerId: em.application.ownerId,
    preferredLocale: opts.locale ?? 'en-US',
    botPermissions: INVITE_PERMISSIONS,
    description: 'A server that only exists on this computer, to try theticketbot.',
  });
  const botRoleId = em.getMember(guild.id, em.botUser.id)?.roles[0] ?? '';
  const admin = em.createRole(guild.id, { name: 'Admin', permissions: P.MANAGE_GUILD, color: 0xe67e22, hoist: true });
  const staff = em.createRole(guild.id, { name: 'Staff', color: 0x3498db, hoist: true, mentionable: true });

  const person = (username: string, globalName: string, roles: string[] = []): string => {
    const user = em.createUser({ username, globalName });
    em.addMember(guild.id, user.id, { roles });
    return user.id;
  };
  const adminId = person('alex', 'Alex', [admin.id]);
  const staffIds = [person('sam', 'Sam', [staff.id]), person('robin', 'Robin', [staff.id])];
  const memberIds = [person('mia', 'Mia'), person('noah', 'Noah'), person('lea', 'Lea')];

  const everyone = guild.id;
  const welcome = em.createChannel(guild.id, { name: 'welcome', topic: 'Read me first.', permissionOverwrites: [
    { id: everyone, type: 0, deny: P.SEND_MESSAGES },
    { id: admin.id, type: 0, allow: P.SEND_MESSAGES },
  ] });
  const general = em.createChannel(guild.id, { name: 'general', topic: 'Chat about anything.' });
  const support = em.createChannel(guild.id, { name: 'support', topic: 'Open a ticket here.' });
  // Tickets open here: members may view the channel and talk in their threads, not in the channel itself;
  // Staff (and the bot, to lock closed tickets) have Manage Threads, which also lets them see every ticket.
  const tickets = em.createChannel(guild.id, { name: 'tickets', topic: 'Private tickets live here as threads.', permissionOverwrites: [
    { id: everyone, type: 0, deny: P.SEND_MESSAGES | P.CREATE_PUBLIC_THREADS | P.CREATE_PRIVATE_THREADS },
    { id: staff.id, type: 0, allow: P.MANAGE_THREADS | P.SEND_MESSAGES },
    { id: em.botUser.id, type: 1, allow: P.MANAGE_THREADS | P.CREATE_PRIVATE_THREADS },
  ] });
  const staffRoom = em.createChannel(guild.id, { name: 'staff-room', topic: 'Staff and admins only.', permissionOverwrites: [
    { id: everyone, type: 0, deny: P.VIEW_CHANNEL },
    { id: staff.id, type: 0, allow: P.VIEW_CHANNEL },
    { id: admin.id, type: 0, allow: P.VIEW_CHANNEL },
    ...(botRoleId ? [{ id: botRoleId, type: 0 as const, allow: P.VIEW_CHANNEL }] : []),
  ] });
  em.world.getGuild(guild.id)!.systemChannelId = welcome.id;

  em.createMessage(welcome.id, adminId, {
    content: [
      '# Welcome to the sandbox',
      'This server runs on your computer; **theticketbot** is the real bot, connected to a stand-in for Discord.',
      '',
      '- Pick who you are with **View as** at the top.',
      '- As a member, press **Create Ticket** in <#' + support.id + '>.',
      '- As <@&' + admin.id + '> (Alex), type `/` in <#' + staffRoom.id + '> to set up inboxes.',
      '- As <@&' + staff.id + '>, open the tickets in <#' + tickets.id + '>.',
      '',
      '-# Nothing here reaches the internet.',
    ].join('\n'),
    allowed_mentions: { parse: [] },
  });

  return {
    guildId: guild.id,
    ownerId: em.application.ownerId,
    adminId,
    staffIds,
    memberIds,
    adminRoleId: admin.id,
    staffRoleId: staff.id,
    channels: { welcome: welcome.id, general: general.id, support: support.id, tickets: tickets.id, staffRoom: staffRoom.id },
  };
}

const DRAFT = [
  '**Need a hand?**',
  'Press the button below to open a private ticket. Only you and our staff will see it.',
].join('\n');

function waitFor(em: Emulator, check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = (): void => {
      if (!check()) return;
      done();
      resolve();
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the sandbox could not ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      em.world.messageWatchers.delete(watcher);
    };
    em.world.messageWatchers.add(watcher);
    watcher();
  });
}

async function answered(handle: InteractionHandle, what: string): Promise<void> {
  try {
    await handle.response;
  } catch (error) {
    throw new Error(`the bot did not answer ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** What the bot replied (after a deferred answer is edited), for error messages. */
function replyOf(handle: InteractionHandle): string {
  return handle.original()?.content ?? '(no reply)';
}

/**
 * The admin sets up a first inbox through the bot, exactly as a person would on
 * the page: a draft in #staff-room, `/inbox create`, then **Select this message**.
 * Run once the bot is ready, on a freshly seeded world.
 */
export async function seedFirstInbox(em: Emulator, cast: SandboxCast): Promise<void> {
  const draft = em.createMessage(cast.channels.staffRoom, cast.adminId, { content: DRAFT });
  const create = em.runSlashCommand({
    guildId: cast.guildId,
    channelId: cast.channels.staffRoom,
    userId: cast.adminId,
    command: 'inbox',
    subcommand: 'create',
    options: { channel: cast.channels.support, destination: cast.channels.tickets },
  });
  await answered(create, '/inbox create');
  const selectCommand = [...em.commands(cast.guildId), ...em.commands()].find((c) => c.type === 3);
  if (!selectCommand) throw new Error('the bot registered no message command to pick the inbox message with');
  const select = em.runMessageCommand({
    guildId: cast.guildId,
    channelId: cast.channels.staffRoom,
    userId: cast.adminId,
    command: selectCommand.name,
    targetMessageId: draft.id,
  });
  await answered(select, selectCommand.name);
  try {
    await waitFor(
      em,
      () => em.messages(cast.channels.support).some((m) => m.author.id === em.botUser.id && (m.components?.length ?? 0) > 0),
      'post the first inbox',
      10_000,
    );
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; the bot answered /inbox create with "${replyOf(create)}" and ${selectCommand.name} with "${replyOf(select)}"`);
  }
}
