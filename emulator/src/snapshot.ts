/**
 * Saving and restoring the emulated world as JSON (emulator-only; Discord has
 * no such thing). A snapshot holds what a person would expect to find again:
 * users, guilds with their roles and members, channels and threads, thread
 * members, channel messages, presences, registered commands and attachment
 * bytes. It leaves out what only lives for one run: gateway sessions,
 * interactions and their tokens, ephemeral messages, rate-limit state, and
 * the bot token.
 */

import type { World } from './state.ts';
import type { ApplicationCommand, Channel, GuildRecord, MemberRecord, Message, PresenceStatus, Role, ThreadMember, User } from './types.ts';

export const SNAPSHOT_FORMAT = 'theticketbot-emulator-world';
export const SNAPSHOT_VERSION = 1;

export interface WorldSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** "http://127.0.0.1:PORT" when saved: attachment URLs are moved to the new address on restore. */
  baseUrl: string;
  applicationName: string;
  ownerId: string;
  botUserId: string;
  activeThreadLimit: number;
  users: User[];
  guilds: Array<Omit<GuildRecord, 'roles' | 'members'> & { roles: Role[]; members: MemberRecord[] }>;
  channels: Channel[];
  messages: Record<string, Message[]>;
  threadMembers: Record<string, ThreadMember[]>;
  presences: Record<string, PresenceStatus>;
  commands: Record<string, ApplicationCommand[]>;
  attachments: Array<{ id: string; channelId: string; filename: string; contentType: string; base64: string }>;
}

export function snapshotWorld(world: World, baseUrl: string): WorldSnapshot {
  const messages: Record<string, Message[]> = {};
  for (const [channelId, map] of world.messages) messages[channelId] = [...map.values()];
  const threadMembers: Record<string, ThreadMember[]> = {};
  for (const [threadId, map] of world.threadMembers) threadMembers[threadId] = [...map.values()];
  return structuredClone({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    baseUrl,
    applicationName: world.applicationName,
    ownerId: world.owner.id,
    botUserId: world.botUser.id,
    activeThreadLimit: world.activeThreadLimit,
    users: [...world.users.values()],
    guilds: [...world.guilds.values()].map((g) => ({ ...g, roles: [...g.roles.values()], members: [...g.members.values()] })),
    channels: [...world.channels.values()],
    messages,
    threadMembers,
    presences: Object.fromEntries(world.presences),
    commands: Object.fromEntries(world.commands),
    attachments: [...world.attachments.values()].map((a) => ({
      id: a.id,
      channelId: a.channelId,
      filename: a.filename,
      contentType: a.contentType,
      base64: a.data.toString('base64'),
    })),
  });
}

/** Checks the outer shape of a parsed snapshot file; throws a sentence naming what is wrong. */
export function checkSnapshot(value: unknown): WorldSnapshot {
  if (typeof value !== 'object' || value === null) throw new Error('the saved world is not a JSON object');
  const s = value as Partial<WorldSnapshot>;
  if (s.format !== SNAPSHOT_FORMAT) throw new Error(`the saved world is not an emulator world (format ${JSON.stringify(s.format)})`);
  if (s.version !== SNAPSHOT_VERSION) throw new Error(`the saved world has version ${String(s.version)}; this emulator reads version ${SNAPSHOT_VERSION}`);
  for (const key of ['baseUrl', 'applicationName', 'ownerId', 'botUserId'] as const) {
    if (typeof s[key] !== 'string') throw new Error(`the saved world lacks "${key}"`);
  }
  for (const key of ['users', 'guilds', 'channels', 'attachments'] as const) {
    if (!Array.isArray(s[key])) throw new Error(`the saved world lacks the "${key}" list`);
  }
  for (const key of ['messages', 'threadMembers', 'presences', 'commands'] as const) {
    if (typeof s[key] !== 'object' || s[key] === null) throw new Error(`the saved world lacks "${key}"`);
  }
  return s as WorldSnapshot;
}

/**
 * Fills a fresh World (built with the snapshot's owner and bot ids) from a
 * snapshot. Nothing is dispatched: the world is restored before any session
 * connects, and sessions learn it from READY and GUILD_CREATE.
 */
export function restoreWorld(world: World, snapshot: WorldSnapshot, baseUrl: string): void {
  if (world.owner.id !== snapshot.ownerId || world.botUser.id !== snapshot.botUserId) {
    throw new Error('restoreWorld needs a World built with the snapshot\'s ownerId and botUserId');
  }
  // Attachment URLs carry the address the world was saved under.
  const moved = snapshot.baseUrl === baseUrl ? snapshot : (JSON.parse(
    JSON.stringify(snapshot).replaceAll(`${snapshot.baseUrl}/_emulator/cdn/`, `${baseUrl}/_emulator/cdn/`),
  ) as WorldSnapshot);
  world.users.clear();
  for (const u of moved.users) world.users.set(u.id, structuredClone(u));
  for (const g of moved.guilds) {
    const { roles, members, ...rest } = structuredClone(g);
    const record: GuildRecord = { ...rest, roles: new Map(roles.map((r) => [r.id, r])), members: new Map(members.map((m) => [m.userId, m])) };
    world.guilds.set(record.id, record);
  }
  for (const c of moved.channels) world.channels.set(c.id, structuredClone(c));
  for (const [channelId, list] of Object.entries(moved.messages)) {
    world.messages.set(channelId, new Map(list.map((m) => [m.id, structuredClone(m)])));
  }
  for (const [threadId, list] of Object.entries(moved.threadMembers)) {
    world.threadMembers.set(threadId, new Map(list.map((m) => [m.user_id ?? '', structuredClone(m)])));
  }
  for (const [userId, status] of Object.entries(moved.presences)) world.presences.set(userId, status);
  for (const [scope, list] of Object.entries(moved.commands)) world.commands.set(scope, structuredClone(list));
  for (const a of moved.attachments) {
    world.attachments.set(a.id, { id: a.id, channelId: a.channelId, filename: a.filename, contentType: a.contentType, data: Buffer.from(a.base64, 'base64') });
  }
  world.activeThreadLimit = moved.activeThreadLimit;
}
