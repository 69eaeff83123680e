/**
 * Message creation, shared by the REST route (messages from the bot) and the
 * control API (messages from simulated users). Rules follow the Discord
 * documentation page "Messages Resource": "Create Message" (limitations,
 * JSON/form params, at least one content field), "Allowed Mentions Object",
 * "Message Reference" and "Embed Limits"; permissions follow "Permissions"
 * (SEND_MESSAGES, SEND_MESSAGES_IN_THREADS, SEND_TTS_MESSAGES,
 * READ_MESSAGE_HISTORY, MENTION_EVERYONE).
 */

import { hasPermission, P } from './permissions.ts';
import { ApiError, Errors, FormErrors } from './rest/errors.ts';
import type { UploadedFile } from './rest/router.ts';
import { ChannelType, isThreadType, type World } from './state.ts';
import type { Attachment, Channel, Message, MessageReference, User } from './types.ts';

export const MessageType = { DEFAULT: 0, REPLY: 19 } as const;
export const MessageFlags = {
  SUPPRESS_EMBEDS: 1 << 2,
  SUPPRESS_NOTIFICATIONS: 1 << 12,
  HAS_SNAPSHOT: 1 << 14,
  IS_COMPONENTS_V2: 1 << 15,
} as const;

const SETTABLE_FLAGS = MessageFlags.SUPPRESS_EMBEDS | MessageFlags.SUPPRESS_NOTIFICATIONS | MessageFlags.IS_COMPONENTS_V2;
/** Message types a reply may point at (regular messages and replies, plus command / context-menu results). */
const REPLYABLE_TYPES = new Set([0, 19, 20, 23]);
const TEXT_TYPES = new Set<number>([
  ChannelType.GUILD_TEXT, ChannelType.DM, ChannelType.GUILD_VOICE, ChannelType.GROUP_DM, ChannelType.GUILD_ANNOUNCEMENT,
  ChannelType.ANNOUNCEMENT_THREAD, ChannelType.PUBLIC_THREAD, ChannelType.PRIVATE_THREAD, ChannelType.GUILD_STAGE_VOICE,
]);

export interface CreateMessageOptions {
  channelId: string;
  authorId: string;
  body: unknown;
  files?: UploadedFile[];
  /** "http://127.0.0.1:PORT", for attachment URLs. */
  baseUrl: string;
}

function chars(s: string): number {
  return [...s].length;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const EMBED_LIMITS: Array<[path: string[], max: number]> = [
  [['title'], 256],
  [['description'], 4096],
  [['footer', 'text'], 2048],
  [['author', 'name'], 256],
];

/** "Embed Limits": per-field maxima and 6000 characters across all embeds of a message. */
function checkEmbeds(errors: FormErrors, raw: unknown): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    errors.add(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return [];
  }
  if (raw.length > 10) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  const out: unknown[] = [];
  raw.forEach((embed, i) => {
    if (!isObject(embed)) {
      errors.add(['embeds', i], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
      return;
    }
    for (const [path, max] of EMBED_LIMITS) {
      let v: unknown = embed;
      for (const k of path) v = isObject(v) ? v[k] : undefined;
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string') {
        errors.add(['embeds', i, ...path], 'BASE_TYPE_STRING', 'Must be a string.');
        continue;
      }
      total += chars(v);
      if (chars(v) > max) errors.add(['embeds', i, ...path], 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
    const fields = embed.fields;
    if (fields !== undefined && fields !== null) {
      if (!Array.isArray(fields)) {
        errors.add(['embeds', i, 'fields'], 'BASE_TYPE_ARRAY', 'Must be an array.');
      } else {
        if (fields.length > 25) errors.add(['embeds', i, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
        fields.forEach((f, j) => {
          const base = ['embeds', i, 'fields', j];
          if (!isObject(f)) {
            errors.add(base, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
            return;
          }
          for (const [key, max] of [['name', 256], ['value', 1024]] as const) {
            const v = f[key];
            if (typeof v !== 'string' || v.length === 0) {
              errors.add([...base, key], 'BASE_TYPE_REQUIRED', 'This field is required');
              continue;
            }
            total += chars(v);
            if (chars(v) > max) errors.add([...base, key], 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
          }
        });
      }
    }
    const { provider: _p, video: _v, ...rest } = embed;
    out.push({ ...rest, type: 'rich' });
  });
  if (total > 6000) errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  return out;
}

interface AllowedMentions {
  parse: Set<string> | null;
  users: string[] | null;
  roles: string[] | null;
  repliedUser: boolean;
}

/** "Allowed Mentions Object": absent means parse everything; `parse` and explicit lists of the same kind exclude each other. */
function checkAllowedMentions(errors: FormErrors, raw: unknown): AllowedMentions {
  if (raw === undefined || raw === null) return { parse: new Set(['users', 'roles', 'everyone']), users: null, roles: null, repliedUser: false };
  if (!isObject(raw)) {
    errors.add(['allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    return { parse: new Set(), users: null, roles: null, repliedUser: false };
  }
  const result: AllowedMentions = { parse: new Set(), users: null, roles: null, repliedUser: raw.replied_user === true };
  if (raw.parse !== undefined && raw.parse !== null) {
    if (!Array.isArray(raw.parse)) {
      errors.add(['allowed_mentions', 'parse'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    } else {
      raw.parse.forEach((v, i) => {
        if (v !== 'users' && v !== 'roles' && v !== 'everyone') {
          errors.add(['allowed_mentions', 'parse', i], 'BASE_TYPE_CHOICES', "Value must be one of ('roles', 'users', 'everyone').");
        } else {
          result.parse?.add(v);
        }
      });
    }
  }
  for (const key of ['users', 'roles'] as const) {
    const list = raw[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      errors.add(['allowed_mentions', key], 'BASE_TYPE_ARRAY', 'Must be an array.');
      continue;
    }
    if (list.length > 100) errors.add(['allowed_mentions', key], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
    if (list.length > 0 && result.parse?.has(key)) {
      errors.add(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${key}"] and ${key}: [ids] are mutually exclusive.`);
    }
    result[key] = list.map(String);
  }
  return result;
}

function userObject(u: User): User {
  return { ...u };
}

function partialMember(world: World, guildId: string, userId: string): Record<string, unknown> | undefined {
  if (!world.getMember(guildId, userId)) return undefined;
  const { user: _user, ...member } = world.memberObject(guildId, userId);
  return member;
}

/** A message as MESSAGE_CREATE carries it: plus guild_id, the author's partial member, and members on mentions. */
export function gatewayMessage(world: World, message: Message, guildId: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(message);
  if (guildId) {
    out.guild_id = guildId;
    const member = message.webhook_id ? undefined : partialMember(world, guildId, message.author.id);
    if (member) out.member = member;
    out.mentions = message.mentions.map((u) => {
      const m = partialMember(world, guildId, u.id);
      return m ? { ...u, member: m } : { ...u };
    });
  }
  return out;
}

const lastSentAt = new WeakMap<World, Map<string, number>>();

/**
 * Creates a message in a channel as `authorId` and dispatches MESSAGE_CREATE.
 * Throws ApiError with the status and JSON body Discord would answer with.
 */
export function createMessage(world: World, opts: CreateMessageOptions): Message {
  const channel = world.getChannel(opts.channelId);
  if (!channel) throw Errors.unknownChannel();
  const author = world.users.get(opts.authorId);
  if (!author) throw Errors.unknownUser();
  const guildId = channel.guild_id;
  const thread = isThreadType(channel.type);

  // Permissions first: a channel the author cannot see is "Missing Access".
  let perms = (1n << 53n) - 1n;
  if (guildId) {
    if (!world.getMember(guildId, author.id)) throw Errors.missingAccess();
    perms = world.channelPermissions(channel.id, author.id);
    if (!hasPermission(perms, P.VIEW_CHANNEL)) throw Errors.missingAccess();
  } else if (channel.type === ChannelType.DM && author.id !== world.botUser.id && !channel.recipients?.some((r) => r.id === author.id)) {
    throw Errors.missingAccess();
  }
  if (channel.type === ChannelType.GUILD_FORUM || channel.type === ChannelType.GUILD_MEDIA) throw Errors.forumMessage();
  if (!TEXT_TYPES.has(channel.type)) throw Errors.nonTextChannel();
  if (guildId) {
    if (!hasPermission(perms, thread ? P.SEND_MESSAGES_IN_THREADS : P.SEND_MESSAGES)) throw Errors.missingPermissions();
    const member = world.getMember(guildId, author.id);
    const until = member?.communicationDisabledUntil ? Date.parse(member.communicationDisabledUntil) : NaN;
    if (!Number.isNaN(until) && until > world.now() && !hasPermission(perms, P.ADMINISTRATOR)) throw Errors.missingPermissions();
  }

  const body = opts.body ?? {};
  const errors = new FormErrors();
  if (!isObject(body)) {
    errors.add([], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    throw errors.toApiError();
  }

  let content = '';
  if (body.content !== undefined && body.content !== null) {
    if (typeof body.content !== 'string') errors.add(['content'], 'BASE_TYPE_STRING', 'Must be a string.');
    else {
      content = body.content;
      if (chars(content) > 2000) errors.add(['content'], 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
    }
  }
  let nonce: string | number | undefined;
  if (body.nonce !== undefined && body.nonce !== null) {
    if (typeof body.nonce === 'string') {
      if (chars(body.nonce) > 25) errors.add(['nonce'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      nonce = body.nonce;
    } else if (typeof body.nonce === 'number' && Number.isInteger(body.nonce)) {
      nonce = body.nonce;
    } else {
      errors.add(['nonce'], 'BASE_TYPE_STRING', 'Must be a string or an integer.');
    }
  }
  const tts = body.tts === true;
  const embeds = checkEmbeds(errors, body.embeds);
  const allowed = checkAllowedMentions(errors, body.allowed_mentions);
  let components: unknown[] = [];
  if (body.components !== undefined && body.components !== null) {
    if (!Array.isArray(body.components)) errors.add(['components'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else components = structuredClone(body.components);
  }
  let stickerIds: unknown[] = [];
  if (body.sticker_ids !== undefined && body.sticker_ids !== null) {
    if (!Array.isArray(body.sticker_ids)) errors.add(['sticker_ids'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else {
      stickerIds = body.sticker_ids;
      if (stickerIds.length > 3) errors.add(['sticker_ids'], 'BASE_TYPE_MAX_LENGTH', 'Must be 3 or fewer in length.');
    }
  }
  let flags = 0;
  if (body.flags !== undefined && body.flags !== null) {
    if (typeof body.flags !== 'number' || !Number.isInteger(body.flags)) errors.add(['flags'], 'BASE_TYPE_INTEGER', 'Must be an integer.');
    else flags = body.flags & SETTABLE_FLAGS;
  }
  const files = opts.files ?? [];
  const hasPoll = body.poll !== undefined && body.poll !== null;
  if ((flags & MessageFlags.IS_COMPONENTS_V2) !== 0) {
    for (const [key, present] of [['content', content !== ''], ['embeds', embeds.length > 0], ['sticker_ids', stickerIds.length > 0], ['poll', hasPoll]] as const) {
      if (present) errors.add([key], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'This field cannot be used when the IS_COMPONENTS_V2 flag is set.');
    }
  }

  // message_reference: a reply (type 0) or a forward (type 1).
  let reference: MessageReference | undefined;
  let referenced: Message | undefined;
  const rawRef = body.message_reference;
  if (rawRef !== undefined && rawRef !== null) {
    if (!isObject(rawRef)) {
      errors.add(['message_reference'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    } else {
      const refType = rawRef.type ?? 0;
      if (refType !== 0 && refType !== 1) {
        errors.add(['message_reference', 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of (0, 1).');
      } else if (typeof rawRef.message_id !== 'string') {
        errors.add(['message_reference', 'message_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
      } else {
        const refChannelId = typeof rawRef.channel_id === 'string' ? rawRef.channel_id : channel.id;
        if (refType === 1 && typeof rawRef.channel_id !== 'string') {
          errors.add(['message_reference', 'channel_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        }
        const found = world.getMessage(refChannelId, rawRef.message_id);
        const sameChannelOk = refType === 1 || refChannelId === channel.id;
        if (!found || !sameChannelOk) {
          if (rawRef.fail_if_not_exists !== false || refType === 1) {
            errors.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
          }
        } else {
          referenced = found;
          const refChannel = world.getChannel(refChannelId);
          reference = { type: refType, channel_id: refChannelId, message_id: found.id };
          if (refChannel?.guild_id) reference.guild_id = refChannel.guild_id;
        }
      }
    }
  }

  errors.throwIfAny();

  const hasContent = content !== '' || embeds.length > 0 || stickerIds.length > 0 || components.length > 0 || files.length > 0 || hasPoll || reference?.type === 1;
  if (!hasContent) throw Errors.emptyMessage();

  if (guildId && tts && !hasPermission(perms, P.SEND_TTS_MESSAGES)) throw Errors.missingPermissions();
  if (reference && referenced) {
    if (reference.type === 0) {
      if (guildId && !hasPermission(perms, P.READ_MESSAGE_HISTORY)) throw Errors.replyWithoutHistory();
      if (!REPLYABLE_TYPES.has(referenced.type)) throw new ApiError(400, 50021, 'Cannot execute action on a system message');
    } else {
      const src = world.getChannel(reference.channel_id ?? '');
      if (src?.guild_id) {
        const srcPerms = world.channelPermissions(src.id, author.id);
        if (!hasPermission(srcPerms, P.VIEW_CHANNEL) || !hasPermission(srcPerms, P.READ_MESSAGE_HISTORY)) throw Errors.missingAccess();
      }
    }
  }

  // Slowmode binds users, never bots ("Channel Object": rate_limit_per_user).
  if (!author.bot && guildId && (channel.rate_limit_per_user ?? 0) > 0 &&
      !hasPermission(perms, P.MANAGE_MESSAGES) && !hasPermission(perms, P.MANAGE_CHANNELS) && !hasPermission(perms, P.BYPASS_SLOWMODE)) {
    let byWorld = lastSentAt.get(world);
    if (!byWorld) {
      byWorld = new Map();
      lastSentAt.set(world, byWorld);
    }
    const key = `${channel.id}:${author.id}`;
    const last = byWorld.get(key);
    const windowMs = (channel.rate_limit_per_user ?? 0) * 1000;
    if (last !== undefined && world.now() - last < windowMs) {
      const retry = (last + windowMs - world.now()) / 1000;
      const err = new ApiError(429, 20016, 'This action cannot be performed due to slowmode rate limit', {
        headers: { 'Retry-After': String(Math.ceil(retry)) },
      });
      err.body.retry_after = retry;
      err.body.global = false;
      throw err;
    }
    byWorld.set(key, world.now());
  }

  // enforce_nonce: the same author and nonce within a few minutes returns the earlier message.
  if (body.enforce_nonce === true && nonce !== undefined) {
    const recent = world.messagesIn(channel.id).find(
      (m) => m.author.id === author.id && m.nonce === nonce && world.now() - Date.parse(m.timestamp) < 5 * 60_000,
    );
    if (recent) return structuredClone(recent);
  }

  // "Threads — Locked Threads" / "Active & Archived Threads": without MANAGE_THREADS
  // nobody posts in a locked thread; otherwise a message unarchives the thread.
  if (thread && channel.thread_metadata) {
    if (channel.thread_metadata.locked && !hasPermission(perms, P.MANAGE_THREADS)) {
      throw new ApiError(403, 160005, 'Thread is locked');
    }
    if (channel.thread_metadata.archived) world.updateChannel(channel.id, { archived: false });
  }

  const { mentions, mentionRoles, mentionEveryone } = resolveMentions(world, channel, author, perms, content, allowed, reference?.type === 0 ? referenced : undefined);

  const attachments = buildAttachments(world, channel, files, body.attachments, opts.baseUrl);

  const message: Message = {
    id: world.snowflakes.next(),
    channel_id: channel.id,
    author: userObject(author),
    content,
    timestamp: world.nowIso(),
    edited_timestamp: null,
    tts,
    mention_everyone: mentionEveryone,
    mentions,
    mention_roles: mentionRoles,
    attachments,
    embeds,
    components,
    pinned: false,
    type: reference?.type === 0 ? MessageType.REPLY : MessageType.DEFAULT,
    flags,
  };
  if (nonce !== undefined) message.nonce = nonce;
  if (stickerIds.length > 0) message.sticker_items = [];
  if (hasPoll) message.poll = structuredClone(body.poll);
  if (thread) message.position = channel.total_message_sent ?? 0;
  if (reference && referenced) {
    message.message_reference = reference;
    if (reference.type === 0) {
      message.referenced_message = structuredClone(referenced);
    } else {
      message.flags |= MessageFlags.HAS_SNAPSHOT;
      message.message_snapshots = [{
        message: {
          type: referenced.type,
          content: referenced.content,
          embeds: structuredClone(referenced.embeds),
          attachments: structuredClone(referenced.attachments),
          timestamp: referenced.timestamp,
          edited_timestamp: referenced.edited_timestamp,
          flags: referenced.flags,
          mentions: structuredClone(referenced.mentions),
          mention_roles: [...referenced.mention_roles],
          components: structuredClone(referenced.components ?? []),
        },
      }];
    }
  }
  world.storeMessage(message);
  world.hooks.dispatch('MESSAGE_CREATE', gatewayMessage(world, message, guildId), guildId);
  return structuredClone(message);
}

function resolveMentions(
  world: World,
  channel: Channel,
  author: User,
  perms: bigint,
  content: string,
  allowed: AllowedMentions,
  repliedTo: Message | undefined,
): { mentions: User[]; mentionRoles: string[]; mentionEveryone: boolean } {
  const guildId = channel.guild_id;
  const userIds = [...content.matchAll(/<@!?(\d{1,20})>/g)].map((m) => m[1] as string);
  const roleIds = [...content.matchAll(/<@&(\d{1,20})>/g)].map((m) => m[1] as string);
  const parse = allowed.parse ?? new Set<string>();

  const mentionedUsers: string[] = [];
  for (const id of userIds) {
    const ok = parse.has('users') || (allowed.users?.includes(id) ?? false);
    if (ok && world.users.has(id) && !mentionedUsers.includes(id)) mentionedUsers.push(id);
  }
  if (repliedTo && allowed.repliedUser && !mentionedUsers.includes(repliedTo.author.id) && world.users.has(repliedTo.author.id)) {
    mentionedUsers.push(repliedTo.author.id);
  }

  const mentionRoles: string[] = [];
  if (guildId) {
    const guild = world.getGuild(guildId);
    for (const id of roleIds) {
      const role = guild?.roles.get(id);
      if (!role || id === guildId || mentionRoles.includes(id)) continue;
      const ok = parse.has('roles') || (allowed.roles?.includes(id) ?? false);
      if (ok && (role.mentionable || hasPermission(perms, P.MENTION_EVERYONE))) mentionRoles.push(id);
    }
  }

  const mentionEveryone = guildId !== undefined && /@(everyone|here)/.test(content) && parse.has('everyone') && hasPermission(perms, P.MENTION_EVERYONE);
  void author;
  return {
    mentions: mentionedUsers.map((id) => userObject(world.requireUser(id))),
    mentionRoles,
    mentionEveryone,
  };
}

function buildAttachments(world: World, channel: Channel, files: UploadedFile[], rawMeta: unknown, baseUrl: string): Attachment[] {
  const meta = new Map<string, Record<string, unknown>>();
  if (Array.isArray(rawMeta)) {
    for (const m of rawMeta) if (isObject(m) && m.id !== undefined) meta.set(String(m.id), m);
  }
  return files.map((f, i) => {
    const index = /^files\[(\d+)\]$/.exec(f.field)?.[1] ?? String(i);
    const m = meta.get(index);
    const filename = typeof m?.filename === 'string' ? m.filename : f.filename;
    const attachment = world.storeAttachment(channel.id, filename, f.contentType, f.data, baseUrl);
    if (typeof m?.description === 'string') attachment.description = m.description;
    return attachment;
  });
}
