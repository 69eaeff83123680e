/**
 * Messages: create, edit and delete, shared by the REST routes (the bot), the
 * interaction endpoints and the JavaScript/control API (simulated users and
 * webhooks). Rules follow the Discord documentation page "Messages Resource":
 * "Create Message" (limitations, JSON/form params, at least one content
 * field), "Edit Message", "Delete Message", "Bulk Delete Messages", "Allowed
 * Mentions Object", "Message Reference" and "Embed Limits"; permissions follow
 * "Permissions" (SEND_MESSAGES, SEND_MESSAGES_IN_THREADS, SEND_TTS_MESSAGES,
 * ATTACH_FILES, READ_MESSAGE_HISTORY, MENTION_EVERYONE, MANAGE_MESSAGES).
 */

import { hasPermission, P } from './permissions.ts';
import { type AllowedMentions, isObject, PARSE_ALL, parseMessageBody } from './message-body.ts';
import { ApiError, Errors, FormErrors } from './rest/errors.ts';
import type { UploadedFile } from './rest/router.ts';
import { ChannelType, isThreadType, type World } from './state.ts';
import type { Attachment, Channel, Message, MessageReference, User } from './types.ts';

export const MessageType = { DEFAULT: 0, REPLY: 19, CHAT_INPUT_COMMAND: 20, CONTEXT_MENU_COMMAND: 23 } as const;
export const MessageFlags = {
  SUPPRESS_EMBEDS: 1 << 2,
  EPHEMERAL: 1 << 6,
  LOADING: 1 << 7,
  SUPPRESS_NOTIFICATIONS: 1 << 12,
  IS_VOICE_MESSAGE: 1 << 13,
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

export interface WebhookAuthor {
  /** The webhook id (becomes `webhook_id` and the author id). */
  id: string;
  username: string;
  avatar?: string | null;
}

export interface CreateMessageOptions {
  channelId: string;
  /** The author; ignored (may be '') when `webhook` is given. */
  authorId: string;
  body: unknown;
  files?: UploadedFile[];
  /** "http://127.0.0.1:PORT", for attachment URLs. */
  baseUrl: string;
  /** Post as a webhook instead of a user: no member, no permission checks. */
  webhook?: WebhookAuthor;
}

function userObject(u: User): User {
  return { ...u };
}

function partialMember(world: World, guildId: string, userId: string): Record<string, unknown> | undefined {
  if (!world.getMember(guildId, userId)) return undefined;
  const { user: _user, ...member } = world.memberObject(guildId, userId);
  return member;
}

/** A message as MESSAGE_CREATE / MESSAGE_UPDATE carry it: plus guild_id, the author's partial member, and members on mentions. */
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
 * Creates a message in a channel as `authorId` (or as a webhook) and
 * dispatches MESSAGE_CREATE. Throws ApiError with the status and JSON body
 * Discord would answer with.
 */
export function createMessage(world: World, opts: CreateMessageOptions): Message {
  const channel = world.getChannel(opts.channelId);
  if (!channel) throw Errors.unknownChannel();
  const webhook = opts.webhook;
  const author: User | undefined = webhook
    ? { id: webhook.id, username: webhook.username, discriminator: '0000', global_name: null, avatar: webhook.avatar ?? null, bot: true, public_flags: 0 }
    : world.users.get(opts.authorId);
  if (!author) throw Errors.unknownUser();
  const guildId = channel.guild_id;
  const thread = isThreadType(channel.type);

  // Permissions first: a channel the author cannot see is "Missing Access".
  let perms = (1n << 53n) - 1n;
  if (webhook) {
    // A webhook posts with the permissions it was made with; the emulator lets it post anywhere textual.
  } else if (guildId) {
    if (!world.getMember(guildId, author.id)) throw Errors.missingAccess();
    perms = world.channelPermissions(channel.id, author.id);
    if (!hasPermission(perms, P.VIEW_CHANNEL)) throw Errors.missingAccess();
  } else if (channel.type === ChannelType.DM && author.id !== world.botUser.id && !channel.recipients?.some((r) => r.id === author.id)) {
    throw Errors.missingAccess();
  }
  if (channel.type === ChannelType.GUILD_FORUM || channel.type === ChannelType.GUILD_MEDIA) throw Errors.forumMessage();
  if (!TEXT_TYPES.has(channel.type)) throw Errors.nonTextChannel();
  if (guildId && !webhook) {
    // A timeout already took SEND_MESSAGES away in channelPermissions.
    if (!hasPermission(perms, thread ? P.SEND_MESSAGES_IN_THREADS : P.SEND_MESSAGES)) throw Errors.missingPermissions();
  }

  const body = opts.body ?? {};
  const errors = new FormErrors();
  if (!isObject(body)) {
    errors.add([], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    throw errors.toApiError();
  }
  const parsed = parseMessageBody(errors, body);
  const content = parsed.content ?? '';
  const embeds = parsed.embeds ?? [];
  const components = parsed.components ?? [];
  const stickerIds = parsed.stickerIds ?? [];
  const allowed = parsed.allowedMentions ?? PARSE_ALL();
  const flags = (parsed.flags ?? 0) & SETTABLE_FLAGS;
  const nonce = parsed.nonce;
  const tts = parsed.tts;
  const files = opts.files ?? [];
  const hasPoll = parsed.poll !== undefined;

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
  if (files.length > 10) throw new ApiError(400, 30015, 'Maximum number of attachments in a message reached (10)');

  if (guildId && !webhook) {
    if (tts && !hasPermission(perms, P.SEND_TTS_MESSAGES)) throw Errors.missingPermissions();
    // "Permissions": ATTACH_FILES allows uploading images and files.
    if (files.length > 0 && !hasPermission(perms, P.ATTACH_FILES)) throw Errors.missingPermissions();
  }
  if (reference && referenced) {
    if (reference.type === 0) {
      if (guildId && !webhook && !hasPermission(perms, P.READ_MESSAGE_HISTORY)) throw Errors.replyWithoutHistory();
      if (!REPLYABLE_TYPES.has(referenced.type)) throw new ApiError(400, 50021, 'Cannot execute action on a system message');
    } else if (!webhook) {
      const src = world.getChannel(reference.channel_id ?? '');
      if (src?.guild_id) {
        const srcPerms = world.channelPermissions(src.id, author.id);
        if (!hasPermission(srcPerms, P.VIEW_CHANNEL) || !hasPermission(srcPerms, P.READ_MESSAGE_HISTORY)) throw Errors.missingAccess();
      }
    }
  }

  // "Channel Object — rate_limit_per_user": bots and holders of MANAGE_MESSAGES
  // or MANAGE_CHANNELS (and BYPASS_SLOWMODE) are unaffected.
  // In threads MANAGE_THREADS is exempt as well ("Modify Channel — JSON Params (Thread)").
  if (!author.bot && !webhook && guildId && (channel.rate_limit_per_user ?? 0) > 0 &&
      !hasPermission(perms, P.MANAGE_MESSAGES) && !hasPermission(perms, P.MANAGE_CHANNELS) && !hasPermission(perms, P.BYPASS_SLOWMODE) &&
      !(thread && hasPermission(perms, P.MANAGE_THREADS))) {
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

  const { mentions, mentionRoles, mentionEveryone } = resolveMentions(world, channel, perms, content, allowed, reference?.type === 0 ? referenced : undefined);

  const attachments = buildAttachments(world, channel, files, parsed.attachments, opts.baseUrl);
  const storedEmbeds = resolveAttachmentUrls(embeds, attachments);

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
    embeds: storedEmbeds,
    components,
    pinned: false,
    type: reference?.type === 0 ? MessageType.REPLY : MessageType.DEFAULT,
    flags,
  };
  if (webhook) message.webhook_id = webhook.id;
  if (nonce !== undefined) message.nonce = nonce;
  if (stickerIds.length > 0) message.sticker_items = [];
  if (hasPoll) message.poll = structuredClone(parsed.poll);
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
  publishMessage(world, message);
  // Webhook messages add nobody: the docs do not say they do (see the README's notes).
  if (thread && channel.type === ChannelType.PRIVATE_THREAD && !webhook) addMentionedToPrivateThread(world, channel, message);
  return structuredClone(message);
}

/** Stores a channel message and dispatches MESSAGE_CREATE (ephemeral messages are kept apart and never dispatched). */
export function publishMessage(world: World, message: Message): void {
  if ((message.flags & MessageFlags.EPHEMERAL) !== 0) {
    world.storeEphemeral(message);
    return;
  }
  world.storeMessage(message);
  const guildId = world.getChannel(message.channel_id)?.guild_id;
  world.hooks.dispatch('MESSAGE_CREATE', gatewayMessage(world, message, guildId), guildId);
}

/**
 * A message in a private thread adds the users it mentions and the members of
 * the roles it mentions (Message Flags: FAILED_TO_MENTION_SOME_ROLES_IN_THREAD
 * "failed to … add their members to the thread"). Mentions were already
 * filtered by allowed_mentions and by the role's mentionability /
 * MENTION_EVERYONE; who may be added follows the same rule as Add Thread
 * Member (World.threadAddRefusal), and those it refuses are skipped.
 */
function addMentionedToPrivateThread(world: World, thread: Channel, message: Message): void {
  const guildId = thread.guild_id;
  if (!guildId) return;
  const candidates = new Set<string>(message.mentions.map((u) => u.id));
  const guild = world.getGuild(guildId);
  if (guild) {
    for (const roleId of message.mention_roles) {
      for (const m of guild.members.values()) if (m.roles.includes(roleId)) candidates.add(m.userId);
    }
  }
  const toAdd = [...candidates].filter((userId) =>
    !world.isThreadMember(thread.id, userId) && world.threadAddRefusal(thread.id, message.author.id, userId) === null);
  if (toAdd.length > 0) world.addThreadMembers(thread.id, toAdd);
}

export interface EditMessageOptions {
  /** The user editing; the message author may change everything, others only flags (with MANAGE_MESSAGES). */
  editorId: string;
  body: unknown;
  files?: UploadedFile[];
  baseUrl: string;
  /** Edits through a webhook / interaction token: the author check is done by the caller. */
  viaWebhook?: boolean;
  /** Flags that may be set by this edit (default: SUPPRESS_EMBEDS and IS_COMPONENTS_V2). */
  settableFlags?: number;
  /** Flags removed by this edit (LOADING when a deferred response is edited). */
  clearFlags?: number;
}

/**
 * "Edit Message": the author may change content, embeds, flags, components,
 * attachments, allowed_mentions; other users only SUPPRESS_EMBEDS, with
 * MANAGE_MESSAGES (else 403 50005). Mentions are rebuilt from the new content
 * with the request's allowed_mentions (default: parse everything). With
 * `attachments`, only the listed attachments stay (new uploads listed by their
 * index); without it new files are appended. Dispatches MESSAGE_UPDATE.
 */
export function editMessage(world: World, message: Message, opts: EditMessageOptions): Message {
  const channel = world.getChannel(message.channel_id);
  const guildId = channel?.guild_id;
  const ephemeral = (message.flags & MessageFlags.EPHEMERAL) !== 0;
  const body = opts.body ?? {};
  const errors = new FormErrors();
  if (!isObject(body)) {
    errors.add([], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    throw errors.toApiError();
  }
  const isAuthor = opts.viaWebhook === true || message.author.id === opts.editorId;
  let perms = (1n << 53n) - 1n;
  if (!opts.viaWebhook && guildId && channel) {
    perms = world.channelPermissions(channel.id, opts.editorId);
    if (!hasPermission(perms, P.VIEW_CHANNEL)) throw Errors.missingAccess();
  }
  const settable = opts.settableFlags ?? (MessageFlags.SUPPRESS_EMBEDS | MessageFlags.IS_COMPONENTS_V2);
  const currentV2 = (message.flags & MessageFlags.IS_COMPONENTS_V2) !== 0;
  const parsed = parseMessageBody(errors, body, {
    componentsV2: (f) => (f === undefined ? currentV2 : (f & MessageFlags.IS_COMPONENTS_V2) !== 0 || currentV2),
  });
  errors.throwIfAny();
  const files = opts.files ?? [];
  if (!isAuthor) {
    const touchesOther = parsed.content !== undefined || parsed.embeds !== undefined || parsed.components !== undefined ||
      parsed.attachments !== undefined || files.length > 0;
    if (touchesOther) throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
    if (guildId && !hasPermission(perms, P.MANAGE_MESSAGES)) throw Errors.missingPermissions();
  }
  if (!opts.viaWebhook && guildId && files.length > 0 && !hasPermission(perms, P.ATTACH_FILES)) throw Errors.missingPermissions();

  const next = structuredClone(message);
  if (parsed.content !== undefined) next.content = parsed.content;
  if (parsed.embeds !== undefined) next.embeds = parsed.embeds;
  if (parsed.components !== undefined) next.components = parsed.components;
  if (parsed.flags !== undefined) {
    const keep = message.flags & ~settable;
    next.flags = keep | (parsed.flags & settable);
  }
  if (opts.clearFlags) next.flags &= ~opts.clearFlags;
  if (parsed.attachments !== undefined) {
    const keepIds = new Set(parsed.attachments.map((a) => String(a.id)));
    const kept = message.attachments.filter((a) => keepIds.has(a.id));
    const listedNew = files.filter((f, i) => keepIds.has(/^files\[(\d+)\]$/.exec(f.field)?.[1] ?? String(i)));
    next.attachments = [...kept, ...buildAttachments(world, channel ?? { id: message.channel_id, type: 0 }, listedNew, parsed.attachments, opts.baseUrl)];
  } else if (files.length > 0) {
    next.attachments = [...message.attachments, ...buildAttachments(world, channel ?? { id: message.channel_id, type: 0 }, files, undefined, opts.baseUrl)];
  }
  if (parsed.poll !== undefined) next.poll = parsed.poll;
  next.embeds = resolveAttachmentUrls(next.embeds, next.attachments);
  if (parsed.content !== undefined && channel) {
    const m = resolveMentions(world, channel, perms, next.content, parsed.allowedMentions ?? PARSE_ALL(), undefined);
    next.mentions = m.mentions;
    next.mention_roles = m.mentionRoles;
    next.mention_everyone = m.mentionEveryone;
  }
  const v2 = (next.flags & MessageFlags.IS_COMPONENTS_V2) !== 0;
  const empty = next.content === '' && next.embeds.length === 0 && (next.components?.length ?? 0) === 0 &&
    next.attachments.length === 0 && next.poll === undefined && (next.sticker_items?.length ?? 0) === 0;
  if (empty && !v2 && (next.flags & MessageFlags.LOADING) === 0) throw Errors.emptyMessage();
  next.edited_timestamp = world.nowIso();
  world.replaceMessage(next);
  if (!ephemeral) world.hooks.dispatch('MESSAGE_UPDATE', gatewayMessage(world, next, guildId), guildId);
  return structuredClone(next);
}

/** Removes a message and dispatches MESSAGE_DELETE (not for ephemeral messages). */
export function removeMessage(world: World, message: Message): void {
  const ephemeral = (message.flags & MessageFlags.EPHEMERAL) !== 0;
  world.dropMessage(message.channel_id, message.id);
  if (ephemeral) return;
  const guildId = world.getChannel(message.channel_id)?.guild_id;
  const data: Record<string, unknown> = { id: message.id, channel_id: message.channel_id };
  if (guildId) data.guild_id = guildId;
  world.hooks.dispatch('MESSAGE_DELETE', data, guildId);
}

/**
 * "Bulk Delete Messages": 2 to 100 ids (unknown ids count), none older than two
 * weeks (50034), no duplicates; dispatches one MESSAGE_DELETE_BULK.
 */
export function bulkDeleteMessages(world: World, channelId: string, ids: unknown): string[] {
  const channel = world.getChannel(channelId);
  if (!channel) throw Errors.unknownChannel();
  if (!channel.guild_id) throw new ApiError(403, 50003, 'Cannot execute action on a DM channel');
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) {
    const e = new FormErrors();
    e.add(['messages'], 'BASE_TYPE_REQUIRED', 'This field is required');
    throw e.toApiError();
  }
  const list = ids as string[];
  if (list.length < 2 || list.length > 100) {
    throw new ApiError(400, 50016, 'Provided too few or too many messages to delete. Must provide at least 2 and fewer than 100 messages to delete.');
  }
  if (new Set(list).size !== list.length) {
    const e = new FormErrors();
    e.add(['messages'], 'BASE_TYPE_DUPLICATES', 'Duplicate message ids.');
    throw e.toApiError();
  }
  const twoWeeks = 14 * 24 * 60 * 60 * 1000;
  for (const id of list) {
    if (!/^\d{1,20}$/.test(id)) continue;
    const ms = Number((BigInt(id) >> 22n) + 1420070400000n);
    if (world.now() - ms > twoWeeks) throw new ApiError(400, 50034, 'A message provided was too old to bulk delete');
  }
  const deleted: string[] = [];
  for (const id of list) {
    if (world.getMessage(channelId, id)) {
      world.dropMessage(channelId, id);
      deleted.push(id);
    }
  }
  if (deleted.length > 0) {
    world.hooks.dispatch('MESSAGE_DELETE_BULK', { ids: deleted, channel_id: channelId, guild_id: channel.guild_id }, channel.guild_id);
  }
  return deleted;
}

export function resolveMentions(
  world: World,
  channel: Channel,
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
  return {
    mentions: mentionedUsers.map((id) => userObject(world.requireUser(id))),
    mentionRoles,
    mentionEveryone,
  };
}

/**
 * "Reference — Uploading Files, Using Attachments within Embeds": an embed
 * may point at an uploaded file as `attachment://filename`; the stored
 * message carries the file's URL instead. Returns resolved copies: the
 * request body stays as the client sent it.
 */
export function resolveAttachmentUrls(sent: unknown[], attachments: Attachment[]): unknown[] {
  const embeds = structuredClone(sent);
  const byName = new Map(attachments.map((a) => [a.filename, a]));
  const fix = (media: unknown): void => {
    if (!isObject(media)) return;
    for (const key of ['url', 'icon_url'] as const) {
      const v = media[key];
      if (typeof v !== 'string' || !v.startsWith('attachment://')) continue;
      const att = byName.get(v.slice('attachment://'.length));
      if (!att) continue;
      media[key] = att.url;
      media[key === 'url' ? 'proxy_url' : 'proxy_icon_url'] = att.proxy_url;
    }
  };
  for (const e of embeds) {
    if (!isObject(e)) continue;
    fix(e.image);
    fix(e.thumbnail);
    fix(e.author);
    fix(e.footer);
  }
  return embeds;
}

export function buildAttachments(world: World, channel: Channel, files: UploadedFile[], rawMeta: unknown, baseUrl: string): Attachment[] {
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
