/**
 * Thread and channel-modification routes, following the Discord
 * documentation: "Channels Resource" (Start Thread without Message, Modify
 * Channel — JSON Params (Thread), Delete/Close Channel, Join/Add/Leave/Remove
 * Thread Member, Get/List Thread Members, List Public/Private/Joined Private
 * Archived Threads), "Guild Resource" (List Active Guild Threads) and the
 * "Threads" topic (permissions, locked and archived threads, membership).
 */

import { hasPermission, P } from '../permissions.ts';
import { ChannelType, isThreadType, type World } from '../state.ts';
import type { Channel } from '../types.ts';
import { ApiError, Errors, FormErrors, rateLimitedError } from './errors.ts';
import { json, noContent, type RequestContext, type RouteDef } from './router.ts';

const AUTO_ARCHIVE = [60, 1440, 4320, 10080];
const DEFAULT_AUTO_ARCHIVE = 4320;
const TRUE = ['true', '1', 'True'];

const threadArchived = () => new ApiError(400, 50083, 'Thread is archived');
const notThread = () => new ApiError(400, 50024, 'Cannot execute action on this channel type');

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The channel, visible to the bot (else 10003 / 50001). */
function botChannel(ctx: RequestContext): Channel {
  const world = ctx.core.world;
  const channel = world.getChannel(ctx.params.channel_id ?? '');
  if (!channel) throw Errors.unknownChannel();
  if (channel.guild_id) {
    if (!world.isBotInGuild(channel.guild_id)) throw Errors.missingAccess();
    if (!world.canView(channel.id, world.botUser.id)) throw Errors.missingAccess();
  }
  return channel;
}

function botThread(ctx: RequestContext): Channel {
  const channel = botChannel(ctx);
  if (!isThreadType(channel.type)) throw notThread();
  return channel;
}

function botPerms(world: World, channelId: string): bigint {
  return world.channelPermissions(channelId, world.botUser.id);
}

function body(ctx: RequestContext): Record<string, unknown> {
  if (ctx.body === undefined) return {};
  if (!isObject(ctx.body)) {
    const e = new FormErrors();
    e.add([], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    throw e.toApiError();
  }
  return ctx.body;
}

function checkName(errors: FormErrors, v: unknown, required: boolean): string | undefined {
  if (v === undefined || v === null) {
    if (required) errors.add(['name'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if (typeof v !== 'string') {
    errors.add(['name'], 'BASE_TYPE_STRING', 'Must be a string.');
    return undefined;
  }
  const n = [...v].length;
  if (n < 1 || n > 100) errors.add(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  return v;
}

function checkAutoArchive(errors: FormErrors, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !AUTO_ARCHIVE.includes(v)) {
    errors.add(['auto_archive_duration'], 'BASE_TYPE_CHOICES', 'Value must be one of (60, 1440, 4320, 10080).');
    return undefined;
  }
  return v;
}

function checkRateLimit(errors: FormErrors, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 21600) {
    errors.add(['rate_limit_per_user'], 'NUMBER_TYPE_MAX', 'Must be between 0 and 21600.');
    return undefined;
  }
  return v;
}

function checkBool(errors: FormErrors, key: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') {
    errors.add([key], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    return undefined;
  }
  return v;
}

/** Thread members as the API returns them, optionally with the guild member. */
function threadMemberObjects(world: World, thread: Channel, withMember: boolean): Array<Record<string, unknown>> {
  return world.threadMembersOf(thread.id).map((tm) => {
    const out: Record<string, unknown> = { ...tm };
    if (withMember && thread.guild_id && tm.user_id && world.getMember(thread.guild_id, tm.user_id)) {
      out.member = world.memberObject(thread.guild_id, tm.user_id);
    }
    return out;
  });
}

/** "List … Archived Threads": ordered by archive_timestamp (newest first), `before` an ISO8601 timestamp. */
function archivedList(ctx: RequestContext, threads: Channel[], order: 'archive' | 'id'): { threads: Channel[]; members: unknown[]; has_more: boolean } {
  const world = ctx.core.world;
  const before = ctx.query.get('before');
  let list = threads;
  if (order === 'archive') {
    const ts = (c: Channel) => Date.parse(c.thread_metadata?.archive_timestamp ?? '');
    list = list.sort((a, b) => ts(b) - ts(a) || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    if (before) {
      const limitTs = Date.parse(before);
      if (!Number.isNaN(limitTs)) list = list.filter((c) => ts(c) < limitTs);
    }
  } else {
    list = list.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    if (before && /^\d+$/.test(before)) list = list.filter((c) => BigInt(c.id) < BigInt(before));
  }
  const limitRaw = ctx.query.get('limit');
  const limit = limitRaw !== null && Number.isInteger(Number(limitRaw)) && Number(limitRaw) > 0 ? Number(limitRaw) : 50;
  const page = list.slice(0, limit);
  const bot = world.botUser.id;
  return {
    threads: page.map((c) => world.channelObject(c.id)),
    members: page.flatMap((c) => world.threadMembersOf(c.id).filter((m) => m.user_id === bot)),
    has_more: list.length > page.length,
  };
}

/** Times of the renames each thread got through Modify Channel, per world. */
const renames = new WeakMap<World, Map<string, number[]>>();

/** Counts a rename of `threadId`, or answers 429 when the thread's rename window is full. */
function takeRename(world: World, threadId: string): void {
  const { limit, windowMs } = world.threadRenameLimit;
  let byThread = renames.get(world);
  if (!byThread) {
    byThread = new Map();
    renames.set(world, byThread);
  }
  const now = world.now();
  const recent = (byThread.get(threadId) ?? []).filter((t) => now - t < windowMs);
  if (recent.length >= limit) {
    byThread.set(threadId, recent);
    throw rateLimitedError((recent[0] ?? now) + windowMs - now);
  }
  recent.push(now);
  byThread.set(threadId, recent);
}

function threadsOf(world: World, parentId: string): Channel[] {
  return [...world.channels.values()].filter((c) => isThreadType(c.type) && c.parent_id === parentId);
}

export const threadRoutes: RouteDef[] = [
  {
    method: 'POST',
    pattern: '/channels/:channel_id/threads',
    handler: (ctx) => {
      const world = ctx.core.world;
      const parent = botChannel(ctx);
      const guildId = parent.guild_id;
      if (!guildId) throw new ApiError(400, 50003, 'Cannot execute action on a DM channel');
      const b = body(ctx);
      const errors = new FormErrors();
      const name = checkName(errors, b.name, true);
      const type = b.type === undefined || b.type === null ? ChannelType.PRIVATE_THREAD : b.type;
      if (type !== ChannelType.ANNOUNCEMENT_THREAD && type !== ChannelType.PUBLIC_THREAD && type !== ChannelType.PRIVATE_THREAD) {
        errors.add(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of (10, 11, 12).');
      }
      const autoArchive = checkAutoArchive(errors, b.auto_archive_duration);
      const invitable = checkBool(errors, 'invitable', b.invitable);
      const rateLimit = checkRateLimit(errors, b.rate_limit_per_user);
      if (parent.type === ChannelType.GUILD_FORUM || parent.type === ChannelType.GUILD_MEDIA) {
        if (!isObject(b.message)) errors.add(['message'], 'BASE_TYPE_REQUIRED', 'This field is required');
      }
      errors.throwIfAny();
      if (parent.type === ChannelType.GUILD_FORUM || parent.type === ChannelType.GUILD_MEDIA) {
        throw new ApiError(400, 50024, 'Cannot execute action on this channel type');
      }
      // Private threads only in text channels; announcement threads only in announcement channels.
      const okParent = (type === ChannelType.PRIVATE_THREAD && parent.type === ChannelType.GUILD_TEXT) ||
        (type === ChannelType.PUBLIC_THREAD && (parent.type === ChannelType.GUILD_TEXT || parent.type === ChannelType.GUILD_ANNOUNCEMENT)) ||
        (type === ChannelType.ANNOUNCEMENT_THREAD && parent.type === ChannelType.GUILD_ANNOUNCEMENT);
      if (!okParent) throw notThread();
      const perms = botPerms(world, parent.id);
      const needed = type === ChannelType.PRIVATE_THREAD ? P.CREATE_PRIVATE_THREADS : P.CREATE_PUBLIC_THREADS;
      if (!hasPermission(perms, needed)) throw Errors.missingPermissions();
      if (world.activeThreads(guildId).length >= world.activeThreadLimit) {
        throw new ApiError(400, 160006, 'Maximum number of active threads reached');
      }
      const created = world.createChannel(guildId, {
        type: type as number,
        parentId: parent.id,
        name: name ?? 'thread',
        ownerId: world.botUser.id,
        ...(invitable !== undefined ? { invitable } : {}),
        // default_auto_archive_duration is for clients, "not the API": the API's own default is not documented.
        autoArchiveDuration: autoArchive ?? DEFAULT_AUTO_ARCHIVE,
        ...(rateLimit !== undefined ? { rateLimitPerUser: rateLimit } : {}),
      });
      // "Threads — Syncing for the current user": adding the current user always sends THREAD_MEMBERS_UPDATE.
      const tm = world.threadMembersOf(created.id).find((m) => m.user_id === world.botUser.id);
      if (tm) {
        world.hooks.dispatch('THREAD_MEMBERS_UPDATE', {
          id: created.id,
          guild_id: guildId,
          member_count: 1,
          added_members: [{ ...tm, member: world.memberObject(guildId, world.botUser.id), presence: null }],
        }, guildId, { concernsBot: true });
      }
      return json(world.channelObject(created.id, { forUserId: world.botUser.id }), 201);
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/threads/active',
    handler: (ctx) => {
      const world = ctx.core.world;
      const guildId = ctx.params.guild_id ?? '';
      if (!world.getGuild(guildId)) throw Errors.unknownGuild();
      if (!world.isBotInGuild(guildId)) throw Errors.missingAccess();
      const bot = world.botUser.id;
      const threads = world.activeThreads(guildId)
        .filter((c) => world.canView(c.id, bot))
        .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
      return json({
        threads: threads.map((c) => world.channelObject(c.id)),
        members: threads.flatMap((c) => world.threadMembersOf(c.id).filter((m) => m.user_id === bot)),
      });
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/threads/archived/private',
    handler: (ctx) => {
      const world = ctx.core.world;
      const parent = botChannel(ctx);
      const perms = botPerms(world, parent.id);
      if (!hasPermission(perms, P.READ_MESSAGE_HISTORY) || !hasPermission(perms, P.MANAGE_THREADS)) throw Errors.missingPermissions();
      const list = threadsOf(world, parent.id).filter((c) => c.type === ChannelType.PRIVATE_THREAD && c.thread_metadata?.archived);
      return json(archivedList(ctx, list, 'archive'));
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/threads/archived/public',
    handler: (ctx) => {
      const world = ctx.core.world;
      const parent = botChannel(ctx);
      if (!hasPermission(botPerms(world, parent.id), P.READ_MESSAGE_HISTORY)) throw Errors.missingPermissions();
      const list = threadsOf(world, parent.id).filter((c) => c.type !== ChannelType.PRIVATE_THREAD && c.thread_metadata?.archived);
      return json(archivedList(ctx, list, 'archive'));
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/users/@me/threads/archived/private',
    handler: (ctx) => {
      const world = ctx.core.world;
      const parent = botChannel(ctx);
      if (!hasPermission(botPerms(world, parent.id), P.READ_MESSAGE_HISTORY)) throw Errors.missingPermissions();
      const list = threadsOf(world, parent.id).filter((c) =>
        c.type === ChannelType.PRIVATE_THREAD && c.thread_metadata?.archived && world.isThreadMember(c.id, world.botUser.id));
      return json(archivedList(ctx, list, 'id'));
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/thread-members',
    handler: (ctx) => {
      const world = ctx.core.world;
      const thread = botThread(ctx);
      // "This endpoint is restricted according to whether the GUILD_MEMBERS Privileged Intent is enabled."
      if ((ctx.core.privilegedIntents() & (1 << 1)) === 0) throw Errors.missingAccess();
      const withMember = TRUE.includes(ctx.query.get('with_member') ?? '');
      let list = threadMemberObjects(world, thread, withMember);
      if (withMember) {
        const after = ctx.query.get('after');
        if (after && /^\d+$/.test(after)) list = list.filter((m) => BigInt(String(m.user_id)) > BigInt(after));
        list.sort((a, b) => (BigInt(String(a.user_id)) > BigInt(String(b.user_id)) ? 1 : -1));
        const limitRaw = Number(ctx.query.get('limit') ?? '100');
        const limit = Number.isInteger(limitRaw) ? Math.min(100, Math.max(1, limitRaw)) : 100;
        list = list.slice(0, limit);
      }
      return json(list);
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/thread-members/:user_id',
    handler: (ctx) => {
      const world = ctx.core.world;
      const thread = botThread(ctx);
      const userId = ctx.params.user_id === '@me' ? world.botUser.id : ctx.params.user_id ?? '';
      const withMember = TRUE.includes(ctx.query.get('with_member') ?? '');
      const found = threadMemberObjects(world, thread, withMember).find((m) => m.user_id === userId);
      if (!found) throw Errors.unknownMember();
      return json(found);
    },
  },
  {
    method: 'PUT',
    pattern: '/channels/:channel_id/thread-members/:user_id',
    handler: (ctx) => {
      const world = ctx.core.world;
      const thread = botThread(ctx);
      if (thread.thread_metadata?.archived) throw threadArchived();
      const self = ctx.params.user_id === '@me';
      const userId = self ? world.botUser.id : ctx.params.user_id ?? '';
      if (!self) {
        // The same rule as adding by mention (World.threadAddRefusal).
        const refusal = world.threadAddRefusal(thread.id, world.botUser.id, userId);
        if (refusal === 'archived') throw threadArchived();
        if (refusal === 'missing-permissions') throw Errors.missingPermissions();
        if (refusal === 'unknown-user') throw Errors.unknownUser();
        if (refusal === 'unknown-member') throw Errors.unknownMember();
      }
      world.addThreadMember(thread.id, userId);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channel_id/thread-members/:user_id',
    handler: (ctx) => {
      const world = ctx.core.world;
      const thread = botThread(ctx);
      if (thread.thread_metadata?.archived) throw threadArchived();
      const self = ctx.params.user_id === '@me';
      const userId = self ? world.botUser.id : ctx.params.user_id ?? '';
      if (!self) {
        // "Remove Thread Member: requires MANAGE_THREADS, or the creator of the thread if it is a PRIVATE_THREAD."
        const creator = thread.type === ChannelType.PRIVATE_THREAD && thread.owner_id === world.botUser.id;
        if (!creator && !hasPermission(botPerms(world, thread.id), P.MANAGE_THREADS)) throw Errors.missingPermissions();
      }
      if (world.isThreadMember(thread.id, userId)) world.removeThreadMember(thread.id, userId);
      return noContent();
    },
  },
  {
    method: 'PATCH',
    pattern: '/channels/:channel_id',
    handler: (ctx) => {
      const world = ctx.core.world;
      const channel = botChannel(ctx);
      const b = body(ctx);
      const errors = new FormErrors();
      const perms = botPerms(world, channel.id);
      if (!isThreadType(channel.type)) {
        if (!channel.guild_id) throw new ApiError(400, 50003, 'Cannot execute action on a DM channel');
        const name = checkName(errors, b.name, false);
        let topic: string | null | undefined;
        if (b.topic !== undefined) {
          if (b.topic !== null && typeof b.topic !== 'string') errors.add(['topic'], 'BASE_TYPE_STRING', 'Must be a string.');
          else if (typeof b.topic === 'string' && [...b.topic].length > 1024) errors.add(['topic'], 'BASE_TYPE_MAX_LENGTH', 'Must be 1024 or fewer in length.');
          else topic = b.topic as string | null;
        }
        const rateLimit = checkRateLimit(errors, b.rate_limit_per_user);
        errors.throwIfAny();
        if (!hasPermission(perms, P.MANAGE_CHANNELS)) throw Errors.missingPermissions();
        return json(world.updateChannel(channel.id, {
          ...(name !== undefined ? { name } : {}),
          ...(topic !== undefined ? { topic } : {}),
          ...(rateLimit !== undefined ? { rateLimitPerUser: rateLimit } : {}),
        }));
      }
      const name = checkName(errors, b.name, false);
      const archived = checkBool(errors, 'archived', b.archived);
      const locked = checkBool(errors, 'locked', b.locked);
      const invitable = checkBool(errors, 'invitable', b.invitable);
      const autoArchive = checkAutoArchive(errors, b.auto_archive_duration);
      const rateLimit = checkRateLimit(errors, b.rate_limit_per_user);
      if (invitable !== undefined && channel.type !== ChannelType.PRIVATE_THREAD) {
        errors.add(['invitable'], 'THREAD_INVITABLE_ONLY_PRIVATE', 'invitable is only available on private threads.');
      }
      errors.throwIfAny();
      const meta = channel.thread_metadata;
      const manage = hasPermission(perms, P.MANAGE_THREADS);
      const creator = channel.owner_id === world.botUser.id;
      // "Requires the thread to have archived set to false or be set to false in the request."
      if (meta?.archived && archived !== false) throw threadArchived();
      // "Locked Threads": without MANAGE_THREADS nothing in a locked thread changes, and
      // "when a thread is locked, only users with MANAGE_THREADS can unarchive it".
      if (meta?.locked && !manage) throw Errors.missingPermissions();
      const lockedAfter = locked ?? meta?.locked ?? false;
      if (archived === false && meta?.archived) {
        if (lockedAfter && !manage) throw Errors.missingPermissions();
        // "only requires the current user has already been added to the thread" and the right to post in it.
        if (!manage && (!world.isThreadMember(channel.id, world.botUser.id) || !hasPermission(perms, P.SEND_MESSAGES_IN_THREADS))) {
          throw Errors.missingPermissions();
        }
      }
      // "Editing a thread to change rate_limit_per_user or locked requires MANAGE_THREADS";
      // invitable is not among the creator's fields, so it needs MANAGE_THREADS too.
      const changesLocked = locked !== undefined && locked !== (meta?.locked ?? false);
      const changesInvitable = invitable !== undefined && invitable !== (meta?.invitable ?? true);
      if ((changesLocked || rateLimit !== undefined || changesInvitable) && !manage) throw Errors.missingPermissions();
      // "name, archived, auto_archive_duration … requires MANAGE_THREADS or that the current user is the thread creator".
      const ownerFields = name !== undefined || archived === true || autoArchive !== undefined;
      if (ownerFields && !manage && !creator) throw Errors.missingPermissions();
      // Renames: about 2 per 10 minutes per thread (a limit the docs do not give; see the README).
      if (name !== undefined) takeRename(world, channel.id);
      return json(world.updateChannel(channel.id, {
        ...(name !== undefined ? { name } : {}),
        ...(archived !== undefined ? { archived } : {}),
        ...(locked !== undefined ? { locked } : {}),
        ...(invitable !== undefined ? { invitable } : {}),
        ...(autoArchive !== undefined ? { autoArchiveDuration: autoArchive } : {}),
        ...(rateLimit !== undefined ? { rateLimitPerUser: rateLimit } : {}),
      }, { forUserId: world.botUser.id }));
    },
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channel_id',
    handler: (ctx) => {
      const world = ctx.core.world;
      const channel = botChannel(ctx);
      if (!channel.guild_id) return json(world.channelObject(channel.id));
      // "Delete/Close Channel": MANAGE_CHANNELS, or MANAGE_THREADS for a thread.
      const needed = isThreadType(channel.type) ? P.MANAGE_THREADS : P.MANAGE_CHANNELS;
      if (!hasPermission(botPerms(world, channel.id), needed)) throw Errors.missingPermissions();
      return json(world.deleteChannel(channel.id));
    },
  },
];
