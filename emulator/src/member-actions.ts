/**
 * People acting on threads the way the Discord client lets them: leave, add or
 * remove a member, archive, lock, rename. Each action is checked with the
 * acting user's permissions, by the rules the Discord documentation gives for
 * the same requests made by any user ("Channels Resource": Leave Thread, Add
 * Thread Member, Remove Thread Member, Modify Channel — JSON Params (Thread);
 * "Threads": Locked Threads, Active & Archived Threads, Editing & Deleting
 * Threads). A refusal throws the ApiError Discord answers with.
 */

import { hasPermission, P } from './permissions.ts';
import { ApiError, Errors, FormErrors } from './rest/errors.ts';
import { ChannelType, isThreadType, type World } from './state.ts';
import type { Channel } from './types.ts';

export type ThreadAction =
  | { action: 'leave' }
  | { action: 'join' }
  | { action: 'add-member'; userId: string }
  | { action: 'remove-member'; userId: string }
  | { action: 'archive' }
  | { action: 'unarchive' }
  | { action: 'lock' }
  | { action: 'unlock' }
  | { action: 'rename'; name: string };

export const THREAD_ACTIONS = ['leave', 'join', 'add-member', 'remove-member', 'archive', 'unarchive', 'lock', 'unlock', 'rename'] as const;

const threadArchived = () => new ApiError(400, 50083, 'Thread is archived');

/** The thread as `actorId` sees it: unknown or invisible threads answer as Discord does (10003 / 50001). */
function visibleThread(world: World, threadId: string, actorId: string): Channel {
  const thread = world.getChannel(threadId);
  if (!thread) throw Errors.unknownChannel();
  if (!isThreadType(thread.type)) throw new ApiError(400, 50024, 'Cannot execute action on this channel type');
  if (!thread.guild_id || !world.getMember(thread.guild_id, actorId)) throw Errors.missingAccess();
  if (!world.canView(thread.id, actorId)) throw Errors.missingAccess();
  return thread;
}

/**
 * Throws the error Discord answers `actorId` with for `act` on the thread, or returns
 * the thread when the action is allowed. Changes nothing: threadActionAs applies the
 * action afterwards, and threadActionsOf asks it what a person is offered.
 */
function checkThreadAction(world: World, actorId: string, threadId: string, act: ThreadAction): Channel {
  if (actorId === world.botUser.id) throw new Error('the bot acts on threads through the REST API, not as a person');
  if (!world.users.has(actorId)) throw Errors.unknownUser();
  const thread = visibleThread(world, threadId, actorId);
  const meta = thread.thread_metadata;
  const perms = world.channelPermissions(thread.id, actorId);
  const manage = hasPermission(perms, P.MANAGE_THREADS);
  const creator = thread.owner_id === actorId;
  const archived = meta?.archived === true;
  const locked = meta?.locked === true;

  switch (act.action) {
    case 'leave':
      // "Leave Thread: removes the current user from a thread. Also requires the thread is not archived."
      if (archived) throw threadArchived();
      if (!world.isThreadMember(thread.id, actorId)) throw Errors.unknownMember();
      break;
    case 'join':
      // "Join Thread: also requires the thread is not archived"; private threads are joined by invitation only.
      if (archived) throw threadArchived();
      if (thread.type === ChannelType.PRIVATE_THREAD && !manage) throw Errors.missingPermissions();
      break;
    case 'add-member': {
      // The one adding rule the REST route and mentions use too (World.threadAddRefusal).
      const refusal = world.threadAddRefusal(thread.id, actorId, act.userId);
      if (refusal === 'archived') throw threadArchived();
      if (refusal === 'missing-permissions') throw Errors.missingPermissions();
      if (refusal === 'unknown-user') throw Errors.unknownUser();
      if (refusal === 'unknown-member') throw Errors.unknownMember();
      break;
    }
    case 'remove-member':
      // "Remove Thread Member: requires MANAGE_THREADS, or the creator of the thread if it is a PRIVATE_THREAD. Also requires the thread is not archived."
      if (archived) throw threadArchived();
      if (!manage && !(creator && thread.type === ChannelType.PRIVATE_THREAD)) throw Errors.missingPermissions();
      if (!world.isThreadMember(thread.id, act.userId)) throw Errors.unknownMember();
      break;
    case 'archive':
    case 'rename': {
      if (act.action === 'rename') {
        const errors = new FormErrors();
        const length = typeof act.name === 'string' ? [...act.name].length : 0;
        if (typeof act.name !== 'string') errors.add(['name'], 'BASE_TYPE_STRING', 'Must be a string.');
        else if (length < 1 || length > 100) errors.add(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
        errors.throwIfAny();
      }
      // "Requires the thread to have archived set to false or be set to false in the request."
      if (archived) throw threadArchived();
      // Locked threads: without MANAGE_THREADS nothing about them can be changed.
      if (locked && !manage) throw Errors.missingPermissions();
      // "Changing the name, archived, auto_archive_duration fields requires MANAGE_THREADS or that the current user is the thread creator."
      if (!manage && !creator) throw Errors.missingPermissions();
      break;
    }
    case 'unarchive':
      if (!archived) break;
      // "Threads that have locked set to true can only be unarchived by a user with MANAGE_THREADS";
      // otherwise "setting archived to false only requires the current user has already been added to the thread".
      if (locked && !manage) throw Errors.missingPermissions();
      if (!manage && !(world.isThreadMember(thread.id, actorId) && hasPermission(perms, P.SEND_MESSAGES_IN_THREADS))) throw Errors.missingPermissions();
      break;
    case 'lock':
    case 'unlock':
      // "Editing a thread to change rate_limit_per_user or locked requires MANAGE_THREADS"; an archived thread only changes while being unarchived.
      if (archived) throw threadArchived();
      if (!manage) throw Errors.missingPermissions();
      break;
    default:
      throw new Error(`unknown thread action ${JSON.stringify((act as { action: unknown }).action)}`);
  }
  return thread;
}

/**
 * Runs one thread action as `actorId` (a guild member, never the bot: the bot
 * acts through REST). Dispatches what Discord dispatches (THREAD_UPDATE,
 * THREAD_MEMBERS_UPDATE) and returns the thread afterwards.
 */
export function threadActionAs(world: World, actorId: string, threadId: string, act: ThreadAction): Channel {
  const thread = checkThreadAction(world, actorId, threadId, act);
  switch (act.action) {
    case 'leave':
      world.removeThreadMember(thread.id, actorId);
      break;
    case 'join':
      world.addThreadMember(thread.id, actorId);
      break;
    case 'add-member':
      world.addThreadMember(thread.id, act.userId);
      break;
    case 'remove-member':
      world.removeThreadMember(thread.id, act.userId);
      break;
    case 'rename':
      world.updateChannel(thread.id, { name: act.name });
      break;
    case 'archive':
      world.updateChannel(thread.id, { archived: true });
      break;
    case 'unarchive':
      if (thread.thread_metadata?.archived === true) world.updateChannel(thread.id, { archived: false });
      break;
    case 'lock':
    case 'unlock':
      world.updateChannel(thread.id, { locked: act.action === 'lock' });
      break;
  }
  return world.channelObject(thread.id);
}

/** The actions on a thread as a whole (the member ones are lists of people). */
export type ThreadSelfAction = 'leave' | 'join' | 'archive' | 'unarchive' | 'lock' | 'unlock' | 'rename';

export interface OfferedThreadActions {
  /** What would succeed now and change something (no Archive on an archived thread, no Leave for a non-member). */
  actions: ThreadSelfAction[];
  /** Members of the server, not in the thread yet, whom `actorId` may add now. */
  addable: string[];
  /** Thread members `actorId` may remove now; never themselves (that is leaving). */
  removable: string[];
}

/**
 * What the Discord client offers `actorId` on a thread they can see: exactly the
 * actions threadActionAs would carry out now, by the same checks, so a page built
 * on this shows no button that can only fail. Throws as threadActionAs does for a
 * thread they cannot see.
 */
export function threadActionsOf(world: World, actorId: string, threadId: string): OfferedThreadActions {
  visibleThread(world, threadId, actorId);
  const thread = world.getChannel(threadId)!;
  const allowed = (act: ThreadAction): boolean => {
    try {
      checkThreadAction(world, actorId, threadId, act);
      return true;
    } catch (error) {
      if (error instanceof ApiError) return false;
      throw error;
    }
  };
  const archived = thread.thread_metadata?.archived === true;
  const locked = thread.thread_metadata?.locked === true;
  const member = world.isThreadMember(threadId, actorId);
  // Only what changes something: a client shows Unlock on a locked thread, not Lock.
  const candidates: ThreadAction[] = [
    ...(member ? [{ action: 'leave' as const }] : [{ action: 'join' as const }]),
    archived ? { action: 'unarchive' } : { action: 'archive' },
    locked ? { action: 'unlock' } : { action: 'lock' },
    { action: 'rename', name: thread.name ?? 'thread' },
  ];
  const members = world.threadMembersOf(threadId).flatMap((m) => (m.user_id ? [m.user_id] : []));
  const guildMembers = [...(world.getGuild(thread.guild_id ?? '')?.members.keys() ?? [])];
  return {
    actions: candidates.filter(allowed).map((a) => a.action as ThreadSelfAction),
    addable: guildMembers.filter((id) => id !== actorId && !members.includes(id) && allowed({ action: 'add-member', userId: id })),
    removable: members.filter((id) => id !== actorId && allowed({ action: 'remove-member', userId: id })),
  };
}

/** Parses `{ action, targetUserId?, name? }` (control API, sandbox page) into a ThreadAction; throws a sentence for a malformed one. */
export function parseThreadAction(body: Record<string, unknown>): ThreadAction {
  const action = body.action;
  const userId = () => {
    if (typeof body.targetUserId !== 'string' || body.targetUserId === '') throw new Error(`"${String(action)}" needs "targetUserId"`);
    return body.targetUserId;
  };
  switch (action) {
    case 'leave':
    case 'join':
    case 'archive':
    case 'unarchive':
    case 'lock':
    case 'unlock':
      return { action };
    case 'add-member':
    case 'remove-member':
      return { action, userId: userId() };
    case 'rename':
      if (typeof body.name !== 'string') throw new Error('"rename" needs "name"');
      return { action, name: body.name };
    default:
      throw new Error(`"action" must be one of ${THREAD_ACTIONS.join(', ')}`);
  }
}
