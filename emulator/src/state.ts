/**
 * The emulated world: users, guilds, roles, members, channels (and threads),
 * permission overwrites, messages and application commands. Object shapes
 * follow the Discord documentation resources (User, Guild, Permissions → Role,
 * Channel, Message). World changes that Discord would announce over the
 * gateway are reported through `hooks` so the gateway can dispatch them.
 */

import { randomBytes } from 'node:crypto';
import { isDiscordLocale } from './locales.ts';
import {
  applyImplicitPermissions,
  computeChannelPermissions,
  DEFAULT_EVERYONE_PERMISSIONS,
  P,
  toPermissionBits,
  type PermissionContext,
} from './permissions.ts';
import { type Clock, SnowflakeGenerator } from './snowflake.ts';
import { isoTimestamp } from './time.ts';
import type {
  ApplicationCommand,
  Attachment,
  Channel,
  Guild,
  GuildRecord,
  Member,
  MemberRecord,
  Message,
  Overwrite,
  PresenceStatus,
  Role,
  ThreadMember,
  User,
} from './types.ts';

export const ChannelType = {
  GUILD_TEXT: 0,
  DM: 1,
  GUILD_VOICE: 2,
  GROUP_DM: 3,
  GUILD_CATEGORY: 4,
  GUILD_ANNOUNCEMENT: 5,
  ANNOUNCEMENT_THREAD: 10,
  PUBLIC_THREAD: 11,
  PRIVATE_THREAD: 12,
  GUILD_STAGE_VOICE: 13,
  GUILD_DIRECTORY: 14,
  GUILD_FORUM: 15,
  GUILD_MEDIA: 16,
} as const;

export function isThreadType(type: number): boolean {
  return type === ChannelType.ANNOUNCEMENT_THREAD || type === ChannelType.PUBLIC_THREAD || type === ChannelType.PRIVATE_THREAD;
}

export type PermissionInput = bigint | string | number;

export interface OverwriteInput {
  id: string;
  type: 0 | 1;
  allow?: PermissionInput;
  deny?: PermissionInput;
}

export interface CreateUserInput {
  id?: string;
  username?: string;
  globalName?: string | null;
  bot?: boolean;
  avatar?: string | null;
}

export interface CreateGuildInput {
  id?: string;
  name?: string;
  ownerId?: string;
  preferredLocale?: string;
  description?: string | null;
  features?: string[];
  /** Permissions of the @everyone role. Defaults to a typical new-guild set. */
  everyonePermissions?: PermissionInput;
  /** Add the bot as a member (default true). */
  botMember?: boolean;
  /** When set, the bot gets a managed role with these permissions, as when invited with a permissions value. */
  botPermissions?: PermissionInput;
  /** Create a "general" text channel and use it as the system channel (default false). */
  defaultChannel?: boolean;
}

export interface CreateRoleInput {
  id?: string;
  name?: string;
  permissions?: PermissionInput;
  mentionable?: boolean;
  hoist?: boolean;
  color?: number;
  position?: number;
  managed?: boolean;
  tags?: Role['tags'];
}

export interface CreateChannelInput {
  id?: string;
  name?: string;
  type?: number;
  parentId?: string | null;
  topic?: string | null;
  nsfw?: boolean;
  position?: number;
  rateLimitPerUser?: number;
  permissionOverwrites?: OverwriteInput[];
  /** Threads: creator (defaults to the bot user). */
  ownerId?: string;
  /** Private threads: whether non-moderators can add others (default true). */
  invitable?: boolean;
  autoArchiveDuration?: number;
  /** Threads: user ids to add as thread members (the owner is always added). */
  members?: string[];
}

export interface AddMemberInput {
  roles?: string[];
  nick?: string | null;
  joinedAt?: string;
  pending?: boolean;
  communicationDisabledUntil?: string | null;
}

export interface UpdateMemberInput {
  roles?: string[];
  nick?: string | null;
  communicationDisabledUntil?: string | null;
}

export interface StoredAttachment {
  id: string;
  channelId: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface WorldHooks {
  /**
   * A gateway event that every eligible session should receive. `concernsBot`
   * marks events about the bot itself, which some intent rules let through
   * ("Gateway — Caveats").
   */
  dispatch(event: string, data: unknown, guildId?: string, extra?: { concernsBot?: boolean }): void;
  /** The bot became a member of a guild: sessions should receive a GUILD_CREATE built for them. */
  guildJoined(guildId: string): void;
}

export interface GuildCreateOptions {
  intents: number;
  largeThreshold: number;
}

export interface WorldOptions {
  clock: Clock;
  snowflakes: SnowflakeGenerator;
  botUsername?: string;
  applicationName?: string;
  ownerUsername?: string;
  /** Ids of the application owner and the bot user (a restored world keeps its own). */
  ownerId?: string;
  botUserId?: string;
}

/** "Teams — Team Member Role Types": the `role` of a team member (the owner has none of its own). */
export type TeamMemberRole = 'admin' | 'developer' | 'read_only';

export interface TeamMemberRecord {
  userId: string;
  role: TeamMemberRole;
  /** "Teams — Membership State Enum": 1 INVITED, 2 ACCEPTED. */
  membershipState: 1 | 2;
}

/** The team that owns the application ("Teams — Team Object"); its owner is the application owner user. */
export interface TeamRecord {
  id: string;
  name: string;
  ownerUserId: string;
  members: TeamMemberRecord[];
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export class World {
  readonly users = new Map<string, User>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, Channel>();
  readonly messages = new Map<string, Map<string, Message>>();
  readonly threadMembers = new Map<string, Map<string, ThreadMember>>();
  readonly presences = new Map<string, PresenceStatus>();
  /** 'global' or a guild id → commands in registration order. */
  readonly commands = new Map<string, ApplicationCommand[]>();
  readonly attachments = new Map<string, StoredAttachment>();
  /** Ephemeral interaction messages: only the invoking user sees them, so they are not channel history. */
  readonly ephemeralMessages = new Map<string, Message>();
  /** Called after any message is stored, edited or removed (for waiters such as InteractionHandle.waitForOriginal). */
  readonly messageWatchers = new Set<() => void>();

  readonly botUser: User;
  readonly owner: User;
  readonly applicationId: string;
  readonly applicationName: string;
  readonly verifyKey = randomHex(32);

  hooks: WorldHooks = { dispatch: () => {}, guildJoined: () => {} };

  /** Active (unarchived) threads a guild may hold; beyond it Start Thread answers 400 code 160006. */
  activeThreadLimit = 1000;

  /** Renames of one thread through Modify Channel allowed per window; beyond it 429. */
  threadRenameLimit = { limit: 2, windowMs: 10 * 60 * 1000 };
  /** The team owning the application, or null when one user owns it. */
  team: TeamRecord | null = null;

  readonly clock: Clock;
  readonly snowflakes: SnowflakeGenerator;
  #userCounter = 0;

  constructor(opts: WorldOptions) {
    this.clock = opts.clock;
    this.snowflakes = opts.snowflakes;
    this.owner = this.createUser({ username: opts.ownerUsername ?? 'app_owner', globalName: 'App Owner', ...(opts.ownerId ? { id: opts.ownerId } : {}) });
    // New applications share their id with their bot user.
    this.botUser = this.createUser({ username: opts.botUsername ?? 'theticketbot', bot: true, ...(opts.botUserId ? { id: opts.botUserId } : {}) });
    this.applicationId = this.botUser.id;
    this.applicationName = opts.applicationName ?? 'theticketbot';
  }

  now(): number {
    return this.clock();
  }

  nowIso(): string {
    return isoTimestamp(this.clock());
  }

  // ---------------------------------------------------------------- users

  createUser(p: CreateUserInput = {}): User {
    const id = p.id ?? this.snowflakes.next();
    this.#userCounter += 1;
    const user: User = {
      id,
      username: p.username ?? `user${this.#userCounter}`,
      discriminator: '0',
      global_name: p.globalName ?? null,
      avatar: p.avatar ?? null,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
    };
    if (p.bot) user.bot = true;
    this.users.set(id, user);
    return { ...user };
  }

  getUser(id: string): User | undefined {
    const u = this.users.get(id);
    return u ? { ...u } : undefined;
  }

  requireUser(id: string): User {
    const u = this.users.get(id);
    if (!u) throw new Error(`unknown user ${id}`);
    return u;
  }

  // ---------------------------------------------------------------- guilds

  createGuild(p: CreateGuildInput = {}): Guild {
    const id = p.id ?? this.snowflakes.next();
    if (this.guilds.has(id)) throw new Error(`guild ${id} already exists`);
    const ownerId = p.ownerId ?? this.owner.id;
    this.requireUser(ownerId);
    const preferredLocale = p.preferredLocale ?? 'en-US';
    if (!isDiscordLocale(preferredLocale)) throw new Error(`not a Discord locale: ${preferredLocale}`);
    const record: GuildRecord = {
      id,
      name: p.name ?? `Guild ${this.guilds.size + 1}`,
      ownerId,
      preferredLocale,
      description: p.description ?? null,
      systemChannelId: null,
      createdAt: this.nowIso(),
      features: p.features ?? [],
      unavailable: false,
      roles: new Map(),
      members: new Map(),
      channelIds: [],
    };
    record.roles.set(id, this.#makeRole({
      id,
      name: '@everyone',
      permissions: p.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
      position: 0,
    }));
    this.guilds.set(id, record);
    this.#putMember(record, ownerId, {});
    if (p.defaultChannel) {
      const general = this.#makeChannel(record, { name: 'general', type: ChannelType.GUILD_TEXT });
      record.systemChannelId = general.id;
    }
    if (p.botMember !== false) {
      const roles: string[] = [];
      if (p.botPermissions !== undefined) {
        const role = this.#makeRole({
          name: this.botUser.username,
          permissions: p.botPermissions,
          position: this.#nextRolePosition(record),
          managed: true,
          tags: { bot_id: this.botUser.id },
        });
        record.roles.set(role.id, role);
        roles.push(role.id);
      }
      this.#putMember(record, this.botUser.id, { roles });
      this.hooks.guildJoined(id);
    }
    return this.guildObject(id);
  }

  getGuild(id: string): GuildRecord | undefined {
    return this.guilds.get(id);
  }

  requireGuild(id: string): GuildRecord {
    const g = this.guilds.get(id);
    if (!g) throw new Error(`unknown guild ${id}`);
    return g;
  }

  /** Guilds the bot is a member of. */
  botGuilds(): GuildRecord[] {
    return [...this.guilds.values()].filter((g) => g.members.has(this.botUser.id));
  }

  isBotInGuild(guildId: string): boolean {
    return this.guilds.get(guildId)?.members.has(this.botUser.id) ?? false;
  }

  updateGuild(guildId: string, p: { name?: string; preferredLocale?: string; ownerId?: string; description?: string | null }): Guild {
    const g = this.requireGuild(guildId);
    if (p.name !== undefined) g.name = p.name;
    if (p.preferredLocale !== undefined) {
      if (!isDiscordLocale(p.preferredLocale)) throw new Error(`not a Discord locale: ${p.preferredLocale}`);
      g.preferredLocale = p.preferredLocale;
    }
    if (p.ownerId !== undefined) {
      this.requireUser(p.ownerId);
      g.ownerId = p.ownerId;
    }
    if (p.description !== undefined) g.description = p.description;
    const guild = this.guildObject(guildId);
    this.hooks.dispatch('GUILD_UPDATE', guild, guildId);
    return guild;
  }

  guildObject(guildId: string): Guild {
    const g = this.requireGuild(guildId);
    return {
      id: g.id,
      name: g.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: this.rolesOf(guildId),
      emojis: [],
      features: [...g.features],
      mfa_level: 0,
      application_id: null,
      system_channel_id: g.systemChannelId,
      system_channel_flags: 0,
      rules_channel_id: null,
      max_presences: null,
      max_members: 25000000,
      vanity_url_code: null,
      description: g.description,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: g.preferredLocale,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      incidents_data: null,
    };
  }

  /**
   * The GUILD_CREATE payload for one session ("Gateway Events — Guild Create"):
   * the guild object plus joined_at, large, unavailable, member_count,
   * voice_states, members, channels, threads, presences, stage_instances and
   * guild_scheduled_events. Without GUILD_PRESENCES only the bot's own member is
   * included; with it, a guild above `large_threshold` members only lists
   * members who are online, have a role or a nickname.
   */
  guildCreatePayload(guildId: string, opts: GuildCreateOptions): Record<string, unknown> {
    const g = this.requireGuild(guildId);
    if (g.unavailable) return { id: g.id, unavailable: true };
    const botMember = g.members.get(this.botUser.id);
    const memberCount = g.members.size;
    const large = memberCount > opts.largeThreshold;
    const withPresences = (opts.intents & (1 << 8)) !== 0;
    let listed: MemberRecord[];
    if (!withPresences) {
      listed = botMember ? [botMember] : [];
    } else if (large) {
      listed = [...g.members.values()].filter(
        (m) => m.userId === this.botUser.id || this.#isOnline(m.userId) || m.roles.length > 0 || m.nick !== null,
      );
    } else {
      listed = [...g.members.values()];
    }
    const presences = withPresences
      ? listed.filter((m) => this.#isOnline(m.userId)).map((m) => this.presenceObject(guildId, m.userId))
      : [];
    const channels: Channel[] = [];
    const threads: Channel[] = [];
    for (const cid of g.channelIds) {
      const c = this.channels.get(cid);
      if (!c) continue;
      if (isThreadType(c.type)) {
        if (c.thread_metadata?.archived) continue;
        if (!this.canView(cid, this.botUser.id)) continue;
        threads.push(this.channelObject(cid, { forUserId: this.botUser.id }));
      } else {
        channels.push(this.channelObject(cid));
      }
    }
    return {
      ...this.guildObject(guildId),
      joined_at: botMember?.joinedAt ?? g.createdAt,
      large,
      unavailable: false,
      member_count: memberCount,
      voice_states: [],
      members: listed.map((m) => this.memberObject(guildId, m.userId)),
      channels,
      threads,
      presences,
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---------------------------------------------------------------- roles

  #nextRolePosition(g: GuildRecord): number {
    let max = 0;
    for (const r of g.roles.values()) max = Math.max(max, r.position);
    return max + 1;
  }

  #makeRole(p: CreateRoleInput & { id?: string }): Role {
    const color = p.color ?? 0;
    const role: Role = {
      id: p.id ?? this.snowflakes.next(),
      name: p.name ?? 'new role',
      color,
      colors: { primary_color: color, secondary_color: null, tertiary_color: null },
      hoist: p.hoist ?? false,
      icon: null,
      unicode_emoji: null,
      position: p.position ?? 1,
      permissions: toPermissionBits(p.permissions ?? 0n).toString(),
      managed: p.managed ?? false,
      mentionable: p.mentionable ?? false,
      flags: 0,
    };
    if (p.tags) role.tags = { ...p.tags };
    return role;
  }

  createRole(guildId: string, p: CreateRoleInput = {}): Role {
    const g = this.requireGuild(guildId);
    const role = this.#makeRole({ ...p, position: p.position ?? this.#nextRolePosition(g) });
    g.roles.set(role.id, role);
    this.hooks.dispatch('GUILD_ROLE_CREATE', { guild_id: guildId, role: { ...role } }, guildId);
    return { ...role };
  }

  updateRole(guildId: string, roleId: string, p: Omit<CreateRoleInput, 'id'>): Role {
    const g = this.requireGuild(guildId);
    const role = g.roles.get(roleId);
    if (!role) throw new Error(`unknown role ${roleId}`);
    if (p.name !== undefined) role.name = p.name;
    if (p.permissions !== undefined) role.permissions = toPermissionBits(p.permissions).toString();
    if (p.mentionable !== undefined) role.mentionable = p.mentionable;
    if (p.hoist !== undefined) role.hoist = p.hoist;
    if (p.position !== undefined) role.position = p.position;
    if (p.color !== undefined) {
      role.color = p.color;
      role.colors = { primary_color: p.color, secondary_color: null, tertiary_color: null };
    }
    this.hooks.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role: { ...role } }, guildId);
    return { ...role };
  }

  deleteRole(guildId: string, roleId: string): void {
    const g = this.requireGuild(guildId);
    if (roleId === guildId) throw new Error('the @everyone role cannot be deleted');
    if (!g.roles.delete(roleId)) throw new Error(`unknown role ${roleId}`);
    for (const m of g.members.values()) m.roles = m.roles.filter((r) => r !== roleId);
    this.hooks.dispatch('GUILD_ROLE_DELETE', { guild_id: guildId, role_id: roleId }, guildId);
  }

  rolesOf(guildId: string): Role[] {
    const g = this.requireGuild(guildId);
    return [...g.roles.values()]
      .sort((a, b) => a.position - b.position || (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((r) => ({ ...r, colors: { ...r.colors }, ...(r.tags ? { tags: { ...r.tags } } : {}) }));
  }

  // ---------------------------------------------------------------- members

  #putMember(g: GuildRecord, userId: string, p: AddMemberInput): MemberRecord {
    this.requireUser(userId);
    for (const r of p.roles ?? []) {
      if (!g.roles.has(r) || r === g.id) throw new Error(`unknown role ${r} in guild ${g.id}`);
    }
    const record: MemberRecord = {
      userId,
      nick: p.nick ?? null,
      roles: [...(p.roles ?? [])],
      joinedAt: p.joinedAt ?? this.nowIso(),
      avatar: null,
      deaf: false,
      mute: false,
      pending: p.pending ?? false,
      flags: 0,
      premiumSince: null,
      communicationDisabledUntil: p.communicationDisabledUntil ?? null,
    };
    g.members.set(userId, record);
    return record;
  }

  addMember(guildId: string, userId: string, p: AddMemberInput = {}): Member {
    const g = this.requireGuild(guildId);
    if (g.members.has(userId)) throw new Error(`user ${userId} is already a member of ${guildId}`);
    this.#putMember(g, userId, p);
    if (userId === this.botUser.id) {
      this.hooks.guildJoined(guildId);
    } else {
      this.hooks.dispatch('GUILD_MEMBER_ADD', { ...this.memberObject(guildId, userId), guild_id: guildId }, guildId);
    }
    return this.memberObject(guildId, userId);
  }

  updateMember(guildId: string, userId: string, p: UpdateMemberInput): Member {
    const g = this.requireGuild(guildId);
    const m = g.members.get(userId);
    if (!m) throw new Error(`user ${userId} is not a member of ${guildId}`);
    if (p.roles !== undefined) {
      for (const r of p.roles) {
        if (!g.roles.has(r) || r === g.id) throw new Error(`unknown role ${r} in guild ${g.id}`);
      }
      m.roles = [...p.roles];
    }
    if (p.nick !== undefined) m.nick = p.nick;
    if (p.communicationDisabledUntil !== undefined) m.communicationDisabledUntil = p.communicationDisabledUntil;
    const member = this.memberObject(guildId, userId);
    this.hooks.dispatch('GUILD_MEMBER_UPDATE', { ...member, guild_id: guildId }, guildId, {
      concernsBot: userId === this.botUser.id,
    });
    return member;
  }

  removeMember(guildId: string, userId: string): void {
    const g = this.requireGuild(guildId);
    if (!g.members.has(userId)) throw new Error(`user ${userId} is not a member of ${guildId}`);
    if (userId === this.botUser.id) {
      // Dispatch first: once removed, the bot no longer "sees" the guild.
      this.hooks.dispatch('GUILD_DELETE', { id: guildId }, guildId);
      g.members.delete(userId);
      return;
    }
    g.members.delete(userId);
    this.hooks.dispatch('GUILD_MEMBER_REMOVE', { guild_id: guildId, user: { ...this.requireUser(userId) } }, guildId);
    // A member who leaves the guild leaves its threads too.
    for (const cid of g.channelIds) {
      const c = this.channels.get(cid);
      if (!c || !isThreadType(c.type) || !this.isThreadMember(cid, userId)) continue;
      this.threadMembers.get(cid)?.delete(userId);
      const count = Math.min(this.threadMembers.get(cid)?.size ?? 0, 50);
      this.#dispatchThreadMembersUpdate(c, { id: cid, guild_id: guildId, member_count: count, removed_member_ids: [userId] }, userId);
    }
  }

  /** The application leaves (is removed from) a guild: GUILD_DELETE without `unavailable`. */
  removeBotFromGuild(guildId: string): void {
    this.removeMember(guildId, this.botUser.id);
  }

  getMember(guildId: string, userId: string): MemberRecord | undefined {
    return this.guilds.get(guildId)?.members.get(userId);
  }

  memberObject(guildId: string, userId: string): Member {
    const m = this.getMember(guildId, userId);
    if (!m) throw new Error(`user ${userId} is not a member of ${guildId}`);
    return {
      user: { ...this.requireUser(userId) },
      nick: m.nick,
      avatar: m.avatar,
      banner: null,
      roles: [...m.roles],
      joined_at: m.joinedAt,
      premium_since: m.premiumSince,
      deaf: m.deaf,
      mute: m.mute,
      flags: m.flags,
      pending: m.pending,
      communication_disabled_until: m.communicationDisabledUntil,
    };
  }

  // ---------------------------------------------------------------- presences

  #isOnline(userId: string): boolean {
    const s = this.presences.get(userId);
    return s !== undefined && s !== 'offline';
  }

  presenceObject(guildId: string, userId: string): Record<string, unknown> {
    const status = this.presences.get(userId) ?? 'offline';
    return {
      user: { id: userId },
      guild_id: guildId,
      status,
      activities: [],
      client_status: status === 'offline' ? {} : { desktop: status },
    };
  }

  setPresence(userId: string, status: PresenceStatus): void {
    this.requireUser(userId);
    this.presences.set(userId, status);
    for (const g of this.guilds.values()) {
      if (g.members.has(userId)) this.hooks.dispatch('PRESENCE_UPDATE', this.presenceObject(g.id, userId), g.id);
    }
  }

  // ---------------------------------------------------------------- channels

  #makeChannel(g: GuildRecord, p: CreateChannelInput): Channel {
    const type = p.type ?? ChannelType.GUILD_TEXT;
    const id = p.id ?? this.snowflakes.next();
    if (this.channels.has(id)) throw new Error(`channel ${id} already exists`);
    let channel: Channel;
    if (isThreadType(type)) {
      const parentId = p.parentId;
      if (!parentId) throw new Error('threads need a parentId');
      const parent = this.channels.get(parentId);
      if (!parent || parent.guild_id !== g.id) throw new Error(`unknown parent channel ${parentId}`);
      const ownerId = p.ownerId ?? this.botUser.id;
      const now = this.nowIso();
      channel = {
        id,
        type,
        guild_id: g.id,
        parent_id: parentId,
        owner_id: ownerId,
        name: p.name ?? 'thread',
        last_message_id: null,
        rate_limit_per_user: p.rateLimitPerUser ?? 0,
        flags: 0,
        message_count: 0,
        member_count: 0,
        total_message_sent: 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration: p.autoArchiveDuration ?? parent.default_auto_archive_duration ?? 4320,
          archive_timestamp: now,
          locked: false,
          create_timestamp: now,
          ...(type === ChannelType.PRIVATE_THREAD ? { invitable: p.invitable ?? true } : {}),
        },
      };
      this.channels.set(id, channel);
      g.channelIds.push(id);
      this.messages.set(id, new Map());
      this.threadMembers.set(id, new Map());
      for (const uid of new Set([ownerId, ...(p.members ?? [])])) this.#putThreadMember(id, uid);
      return channel;
    }
    const siblings = g.channelIds
      .map((cid) => this.channels.get(cid))
      .filter((c): c is Channel => c !== undefined && !isThreadType(c.type));
    const position = p.position ?? siblings.length;
    if (p.parentId) {
      const parent = this.channels.get(p.parentId);
      if (!parent || parent.guild_id !== g.id || parent.type !== ChannelType.GUILD_CATEGORY) {
        throw new Error(`unknown category ${p.parentId}`);
      }
    }
    channel = {
      id,
      type,
      guild_id: g.id,
      name: p.name ?? 'channel',
      position,
      permission_overwrites: (p.permissionOverwrites ?? []).map((o) => this.#normalizeOverwrite(o)),
      parent_id: p.parentId ?? null,
      nsfw: p.nsfw ?? false,
      flags: 0,
    };
    if (type !== ChannelType.GUILD_CATEGORY) {
      channel.last_message_id = null;
      channel.rate_limit_per_user = p.rateLimitPerUser ?? 0;
    }
    if (type === ChannelType.GUILD_TEXT || type === ChannelType.GUILD_ANNOUNCEMENT || type === ChannelType.GUILD_FORUM || type === ChannelType.GUILD_MEDIA) {
      channel.topic = p.topic ?? null;
      channel.default_auto_archive_duration = p.autoArchiveDuration ?? 4320;
      channel.last_pin_timestamp = null;
    }
    if (type === ChannelType.GUILD_VOICE || type === ChannelType.GUILD_STAGE_VOICE) {
      channel.bitrate = 64000;
      channel.user_limit = 0;
      channel.rtc_region = null;
    }
    this.channels.set(id, channel);
    g.channelIds.push(id);
    this.messages.set(id, new Map());
    return channel;
  }

  #normalizeOverwrite(o: OverwriteInput): Overwrite {
    if (o.type !== 0 && o.type !== 1) throw new Error(`overwrite type must be 0 (role) or 1 (member), got ${String(o.type)}`);
    return {
      id: o.id,
      type: o.type,
      allow: toPermissionBits(o.allow ?? 0n).toString(),
      deny: toPermissionBits(o.deny ?? 0n).toString(),
    };
  }

  createChannel(guildId: string, p: CreateChannelInput = {}): Channel {
    const g = this.requireGuild(guildId);
    const channel = this.#makeChannel(g, p);
    if (isThreadType(channel.type)) {
      this.hooks.dispatch('THREAD_CREATE', { ...this.channelObject(channel.id, { forUserId: this.botUser.id }), newly_created: true }, guildId);
    } else {
      this.hooks.dispatch('CHANNEL_CREATE', this.channelObject(channel.id), guildId);
    }
    return this.channelObject(channel.id);
  }

  getChannel(id: string): Channel | undefined {
    return this.channels.get(id);
  }

  channelObject(id: string, opts: { forUserId?: string } = {}): Channel {
    const c = this.channels.get(id);
    if (!c) throw new Error(`unknown channel ${id}`);
    const copy: Channel = { ...c };
    if (c.permission_overwrites) copy.permission_overwrites = c.permission_overwrites.map((o) => ({ ...o }));
    if (c.thread_metadata) copy.thread_metadata = { ...c.thread_metadata };
    if (c.recipients) copy.recipients = c.recipients.map((u) => ({ ...u }));
    if (isThreadType(c.type)) {
      copy.member_count = Math.min(this.threadMembers.get(id)?.size ?? 0, 50);
      if (opts.forUserId) {
        const tm = this.threadMembers.get(id)?.get(opts.forUserId);
        if (tm) copy.member = { ...tm };
      }
    }
    return copy;
  }

  updateChannel(channelId: string, p: { name?: string; topic?: string | null; parentId?: string | null; rateLimitPerUser?: number; position?: number; archived?: boolean; locked?: boolean; invitable?: boolean; autoArchiveDuration?: number }, opts: { forUserId?: string } = {}): Channel {
    const c = this.channels.get(channelId);
    if (!c) throw new Error(`unknown channel ${channelId}`);
    if (p.name !== undefined) c.name = p.name;
    if (p.topic !== undefined) c.topic = p.topic;
    if (p.parentId !== undefined) c.parent_id = p.parentId;
    if (p.rateLimitPerUser !== undefined) c.rate_limit_per_user = p.rateLimitPerUser;
    if (p.position !== undefined) c.position = p.position;
    if (c.thread_metadata) {
      // "archive_timestamp is changed when creating, archiving, or unarchiving a thread, and when changing the auto_archive_duration field."
      if (p.archived !== undefined && p.archived !== c.thread_metadata.archived) {
        c.thread_metadata.archived = p.archived;
        c.thread_metadata.archive_timestamp = this.nowIso();
      }
      if (p.locked !== undefined) c.thread_metadata.locked = p.locked;
      if (p.invitable !== undefined && c.type === ChannelType.PRIVATE_THREAD) c.thread_metadata.invitable = p.invitable;
      if (p.autoArchiveDuration !== undefined && p.autoArchiveDuration !== c.thread_metadata.auto_archive_duration) {
        c.thread_metadata.auto_archive_duration = p.autoArchiveDuration;
        c.thread_metadata.archive_timestamp = this.nowIso();
      }
    }
    this.#announceChannelUpdate(c);
    return this.channelObject(channelId, opts);
  }

  #announceChannelUpdate(c: Channel): void {
    const event = isThreadType(c.type) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE';
    this.hooks.dispatch(event, this.channelObject(c.id), c.guild_id);
  }

  setOverwrite(channelId: string, o: OverwriteInput): Channel {
    const c = this.channels.get(channelId);
    if (!c) throw new Error(`unknown channel ${channelId}`);
    if (isThreadType(c.type)) throw new Error('threads have no overwrites of their own; set them on the parent');
    const normalized = this.#normalizeOverwrite(o);
    const list = c.permission_overwrites ?? [];
    const i = list.findIndex((x) => x.id === normalized.id);
    if (i >= 0) list[i] = normalized;
    else list.push(normalized);
    c.permission_overwrites = list;
    this.#announceChannelUpdate(c);
    return this.channelObject(channelId);
  }

  deleteOverwrite(channelId: string, targetId: string): Channel {
    const c = this.channels.get(channelId);
    if (!c) throw new Error(`unknown channel ${channelId}`);
    c.permission_overwrites = (c.permission_overwrites ?? []).filter((o) => o.id !== targetId);
    this.#announceChannelUpdate(c);
    return this.channelObject(channelId);
  }

  deleteChannel(channelId: string): Channel {
    const c = this.channels.get(channelId);
    if (!c) throw new Error(`unknown channel ${channelId}`);
    const snapshot = this.channelObject(channelId);
    const botCouldView = this.canView(channelId, this.botUser.id);
    // Deleting a text channel deletes its threads too.
    for (const child of [...this.channels.values()]) {
      if (isThreadType(child.type) && child.parent_id === channelId) this.deleteChannel(child.id);
    }
    this.channels.delete(channelId);
    this.messages.delete(channelId);
    this.threadMembers.delete(channelId);
    if (c.guild_id) {
      const g = this.guilds.get(c.guild_id);
      if (g) {
        g.channelIds = g.channelIds.filter((x) => x !== channelId);
        if (g.systemChannelId === channelId) g.systemChannelId = null;
      }
    }
    if (isThreadType(c.type)) {
      // "Threads — Permissions": the gateway does not tell about threads the app cannot view.
      if (botCouldView) this.hooks.dispatch('THREAD_DELETE', { id: c.id, guild_id: c.guild_id, parent_id: c.parent_id, type: c.type }, c.guild_id);
    } else {
      this.hooks.dispatch('CHANNEL_DELETE', snapshot, c.guild_id);
    }
    this.notifyMessageWatchers();
    return snapshot;
  }

  /** A DM channel between the bot and a user (created on first use). */
  dmChannel(userId: string): Channel {
    const user = this.requireUser(userId);
    for (const c of this.channels.values()) {
      if (c.type === ChannelType.DM && c.recipients?.some((r) => r.id === userId)) return this.channelObject(c.id);
    }
    const id = this.snowflakes.next();
    const channel: Channel = { id, type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [{ ...user }] };
    this.channels.set(id, channel);
    this.messages.set(id, new Map());
    return this.channelObject(id);
  }

  // ---------------------------------------------------------------- threads

  #putThreadMember(threadId: string, userId: string): ThreadMember {
    this.requireUser(userId);
    const members = this.threadMembers.get(threadId);
    if (!members) throw new Error(`unknown thread ${threadId}`);
    const tm: ThreadMember = { id: threadId, user_id: userId, join_timestamp: this.nowIso(), flags: 0 };
    members.set(userId, tm);
    return tm;
  }

  /** Adds a user to a thread (no event when already a member). */
  addThreadMember(threadId: string, userId: string): ThreadMember {
    const existing = this.threadMembers.get(threadId)?.get(userId);
    if (existing) return { ...existing };
    const [tm] = this.addThreadMembers(threadId, [userId]);
    if (!tm) throw new Error(`could not add ${userId} to ${threadId}`);
    return tm;
  }

  /** Adds several users at once: one THREAD_MEMBERS_UPDATE listing every user that was not a member yet. */
  addThreadMembers(threadId: string, userIds: string[]): ThreadMember[] {
    const c = this.channels.get(threadId);
    if (!c || !isThreadType(c.type)) throw new Error(`unknown thread ${threadId}`);
    const fresh = [...new Set(userIds)].filter((id) => !this.isThreadMember(threadId, id));
    if (fresh.length === 0) return [];
    const added = fresh.map((uid) => this.#putThreadMember(threadId, uid));
    const count = Math.min(this.threadMembers.get(threadId)?.size ?? 0, 50);
    const payloadMembers = added.map((tm) => {
      const out: Record<string, unknown> = { ...tm };
      if (c.guild_id && tm.user_id && this.getMember(c.guild_id, tm.user_id)) out.member = this.memberObject(c.guild_id, tm.user_id);
      out.presence = null;
      return out;
    });
    const concernsBot = fresh.includes(this.botUser.id);
    this.hooks.dispatch('THREAD_MEMBERS_UPDATE', { id: threadId, guild_id: c.guild_id, member_count: count, added_members: payloadMembers }, c.guild_id, { concernsBot });
    if (concernsBot) {
      const tm = added.find((m) => m.user_id === this.botUser.id);
      this.hooks.dispatch('THREAD_CREATE', this.channelObject(threadId, { forUserId: this.botUser.id }), c.guild_id);
      if (tm) this.hooks.dispatch('THREAD_MEMBER_UPDATE', { ...tm, guild_id: c.guild_id }, c.guild_id);
    }
    return added.map((m) => ({ ...m }));
  }

  /** Thread members of a thread, in join order. */
  threadMembersOf(threadId: string): ThreadMember[] {
    return [...(this.threadMembers.get(threadId)?.values() ?? [])].map((m) => ({ ...m }));
  }

  /** Active (unarchived) threads of a guild. */
  activeThreads(guildId: string): Channel[] {
    const g = this.guilds.get(guildId);
    if (!g) return [];
    return g.channelIds
      .map((id) => this.channels.get(id))
      .filter((c): c is Channel => c !== undefined && isThreadType(c.type) && c.thread_metadata?.archived !== true);
  }

  removeThreadMember(threadId: string, userId: string): void {
    const c = this.channels.get(threadId);
    if (!c || !isThreadType(c.type)) throw new Error(`unknown thread ${threadId}`);
    if (!this.threadMembers.get(threadId)?.delete(userId)) return;
    const count = Math.min(this.threadMembers.get(threadId)?.size ?? 0, 50);
    this.#dispatchThreadMembersUpdate(c, { id: threadId, guild_id: c.guild_id, member_count: count, removed_member_ids: [userId] }, userId);
  }

  #dispatchThreadMembersUpdate(c: Channel, data: Record<string, unknown>, userId: string): void {
    // Without GUILD_MEMBERS a session only hears about the bot itself being added or removed.
    this.hooks.dispatch('THREAD_MEMBERS_UPDATE', data, c.guild_id, { concernsBot: userId === this.botUser.id });
  }

  /**
   * The one rule for adding someone to a thread, whether by Add Thread Member
   * or by a mention in a message ("Channels — Add Thread Member", "Thread
   * Metadata Object — invitable"): the thread is active, the adder can send
   * messages in it, the target is a guild member, and in a private thread with
   * `invitable: false` a non-moderator other than the creator adds only
   * moderators (MANAGE_THREADS in the parent). Viewing the parent is not
   * required: membership does not grant access, channelPermissions still needs
   * VIEW_CHANNEL on the parent. Answers why not, or null when allowed.
   */
  threadAddRefusal(threadId: string, adderId: string, targetId: string): 'archived' | 'missing-permissions' | 'unknown-user' | 'unknown-member' | null {
    const c = this.channels.get(threadId);
    if (!c || !isThreadType(c.type) || !c.guild_id) throw new Error(`unknown thread ${threadId}`);
    if (c.thread_metadata?.archived) return 'archived';
    const adderPerms = this.channelPermissions(threadId, adderId);
    if ((adderPerms & P.ADMINISTRATOR) === 0n && (adderPerms & P.SEND_MESSAGES_IN_THREADS) === 0n) return 'missing-permissions';
    if (!this.users.has(targetId)) return 'unknown-user';
    if (!this.getMember(c.guild_id, targetId)) return 'unknown-member';
    if (c.type === ChannelType.PRIVATE_THREAD && c.thread_metadata?.invitable === false) {
      const moderator = (perms: bigint) => (perms & (P.ADMINISTRATOR | P.MANAGE_THREADS)) !== 0n;
      const parentId = c.parent_id ?? '';
      const adderIsModerator = moderator(this.channelPermissions(parentId, adderId));
      if (!adderIsModerator && c.owner_id !== adderId && !moderator(this.channelPermissions(parentId, targetId))) return 'missing-permissions';
    }
    return null;
  }

  isThreadMember(threadId: string, userId: string): boolean {
    return this.threadMembers.get(threadId)?.has(userId) ?? false;
  }

  // ---------------------------------------------------------------- permissions

  permissionContext(guildId: string, userId: string): PermissionContext | undefined {
    const g = this.guilds.get(guildId);
    const m = g?.members.get(userId);
    if (!g || !m) return undefined;
    return { guildId, ownerId: g.ownerId, roles: g.roles, userId, memberRoleIds: m.roles, timedOut: this.isTimedOut(m) };
  }

  /** "null or a time in the past if the user is not timed out" (Guild Member Object). */
  isTimedOut(m: MemberRecord): boolean {
    if (m.communicationDisabledUntil === null) return false;
    const until = Date.parse(m.communicationDisabledUntil);
    return !Number.isNaN(until) && until > this.clock();
  }

  /**
   * A user's permissions in a channel, computed as the "Permissions" page
   * describes, with the thread rules from "Inherited Permissions (Threads)":
   * threads use their parent's overwrites, and a private thread is only
   * visible to its members and to holders of MANAGE_THREADS. DMs allow
   * everything; non-members get nothing.
   */
  /** `editing`: for an author editing its own message (see applyImplicitPermissions). */
  channelPermissions(channelId: string, userId: string, editing = false): bigint {
    const c = this.channels.get(channelId);
    if (!c) return 0n;
    if (!c.guild_id) return (1n << 53n) - 1n;
    const ctx = this.permissionContext(c.guild_id, userId);
    if (!ctx) return 0n;
    const thread = isThreadType(c.type);
    const source = thread && c.parent_id ? this.channels.get(c.parent_id) : c;
    let perms = computeChannelPermissions(ctx, source?.permission_overwrites ?? []);
    if (thread && c.type === ChannelType.PRIVATE_THREAD && (perms & P.ADMINISTRATOR) === 0n) {
      if ((perms & P.MANAGE_THREADS) === 0n && !this.isThreadMember(channelId, userId)) perms &= ~P.VIEW_CHANNEL;
    }
    return applyImplicitPermissions(perms, thread, editing);
  }

  canView(channelId: string, userId: string): boolean {
    return (this.channelPermissions(channelId, userId) & P.VIEW_CHANNEL) !== 0n;
  }

  // ---------------------------------------------------------------- messages

  storeMessage(message: Message): void {
    let map = this.messages.get(message.channel_id);
    if (!map) {
      map = new Map();
      this.messages.set(message.channel_id, map);
    }
    map.set(message.id, message);
    const c = this.channels.get(message.channel_id);
    if (c) {
      c.last_message_id = message.id;
      if (isThreadType(c.type)) {
        c.message_count = (c.message_count ?? 0) + 1;
        c.total_message_sent = (c.total_message_sent ?? 0) + 1;
      }
    }
    this.notifyMessageWatchers();
  }

  getMessage(channelId: string, messageId: string): Message | undefined {
    return this.messages.get(channelId)?.get(messageId);
  }

  /** A message by id alone: channel history first, then ephemeral messages. */
  findMessage(messageId: string): Message | undefined {
    for (const map of this.messages.values()) {
      const m = map.get(messageId);
      if (m) return m;
    }
    return this.ephemeralMessages.get(messageId);
  }

  storeEphemeral(message: Message): void {
    this.ephemeralMessages.set(message.id, message);
    this.notifyMessageWatchers();
  }

  /** Puts an edited copy in place of the stored message. */
  replaceMessage(message: Message): void {
    if (this.ephemeralMessages.has(message.id)) this.ephemeralMessages.set(message.id, message);
    else this.messages.get(message.channel_id)?.set(message.id, message);
    this.notifyMessageWatchers();
  }

  dropMessage(channelId: string, messageId: string): boolean {
    const removed = (this.messages.get(channelId)?.delete(messageId) ?? false) || this.ephemeralMessages.delete(messageId);
    if (removed) this.notifyMessageWatchers();
    return removed;
  }

  notifyMessageWatchers(): void {
    for (const w of [...this.messageWatchers]) w();
  }

  messagesIn(channelId: string): Message[] {
    return [...(this.messages.get(channelId)?.values() ?? [])];
  }

  storeAttachment(channelId: string, filename: string, contentType: string, data: Buffer, baseUrl: string): Attachment {
    const id = this.snowflakes.next();
    this.attachments.set(id, { id, channelId, filename, contentType, data });
    const url = `${baseUrl}/_emulator/cdn/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    return { id, filename, content_type: contentType, size: data.length, url, proxy_url: url };
  }

  // ---------------------------------------------------------------- commands

  commandsIn(scope: string): ApplicationCommand[] {
    return this.commands.get(scope) ?? [];
  }

  hasGlobalCommands(): boolean {
    return (this.commands.get('global')?.length ?? 0) > 0;
  }
}
