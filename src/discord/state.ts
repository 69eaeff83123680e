// The small cache the bot keeps, fed only by gateway events. It holds what later
// decisions need without a REST call (permissions, locales, slowmode, ownership) and
// nothing else: no members, no messages, no presences. With several shards, each READY
// speaks only for its own shard's guilds, and the cache knows per shard whether it holds
// a complete view of them (what the weekly clean-up may rely on).
import type {
  APIChannel,
  APIGuild,
  APIOverwrite,
  APIRole,
  APIThreadChannel,
  GatewayDispatchPayload,
  GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import {
  channelPermissions,
  isTimedOut,
  timeoutUntil,
  type ChannelPermissionOptions,
  type GuildPermissionInput,
  type Overwrite,
} from '../domain/permissions.ts';
import { shardOf } from '../domain/shards.ts';

/** Shared between channels whose values are equal (see BotState.addGuild): never mutated. */
export interface CachedChannel {
  type: number;
  parentId: string | null;
  overwrites: Overwrite[];
  rateLimitPerUser: number;
}

export interface CachedThread {
  id: string;
  parentId: string;
  archived: boolean;
  locked: boolean;
}

export interface CachedGuild extends GuildPermissionInput {
  rolePermissions: Map<string, bigint>;
  locale: string;
  botRoleIds: string[];
  /** When the bot's timeout in this guild ends (epoch ms); null when it has none. */
  botTimeoutUntil: number | null;
  channels: Map<string, CachedChannel>;
  /** Only threads created by the bot: tickets live there. */
  threads: Map<string, CachedThread>;
}

const NO_OVERWRITES: Overwrite[] = [];

/**
 * Permission values, one BigInt per distinct value: a guild's roles and overwrites repeat
 * a handful of permission sets, and at thousands of guilds the copies add up.
 */
class PermissionValues {
  readonly #values = new Map<string, bigint>();

  get(text: string): bigint {
    let value = this.#values.get(text);
    if (value === undefined) {
      value = BigInt(text);
      this.#values.set(text, value);
    }
    return value;
  }
}

function isThread(type: number): boolean {
  return type === 10 || type === 11 || type === 12;
}

/** One shard of this process, as far as the cache is concerned. */
interface ShardView {
  /** The session is live: READY or RESUMED came and the connection has not closed since. */
  connected: boolean;
  /** Every guild of the session's READY has arrived, was reported unavailable, or was given up waiting for. */
  complete: boolean;
  /** Guilds of the session's READY with neither a GUILD_CREATE nor an unavailable GUILD_DELETE yet. */
  awaiting: Set<string>;
}

export class BotState {
  botUserId: string | null = null;
  readonly guilds = new Map<string, CachedGuild>();
  /** Guilds the bot is in that are not (yet) available: announced in READY and not arrived, or in an outage. */
  readonly pendingGuilds = new Set<string>();
  /** The shard count Discord routes by, and the shards this process runs. */
  #shardCount = 1;
  #shardIds: readonly number[] = [0];
  readonly #shards = new Map<number, ShardView>();
  readonly #permissions = new PermissionValues();

  /** Set once, before the gateway connects. */
  configureShards(shardCount: number, shardIds: readonly number[]): void {
    this.#shardCount = shardCount;
    this.#shardIds = [...shardIds];
  }

  get shardCount(): number {
    return this.#shardCount;
  }

  get shardIds(): readonly number[] {
    return this.#shardIds;
  }

  shardOf(guildId: string): number {
    return shardOf(guildId, this.#shardCount);
  }

  #view(shardId: number): ShardView {
    let view = this.#shards.get(shardId);
    if (!view) {
      view = { connected: false, complete: false, awaiting: new Set() };
      this.#shards.set(shardId, view);
    }
    return view;
  }

  /** Guilds of the shard's latest READY still to arrive. */
  awaitingGuilds(shardId: number): ReadonlySet<string> {
    return this.#view(shardId).awaiting;
  }

  /** The wait after the shard's READY is over: what has not arrived is treated as unavailable. */
  completeShard(shardId: number): void {
    const view = this.#view(shardId);
    view.complete = true;
    view.awaiting.clear();
  }

  isShardComplete(shardId: number): boolean {
    return this.#view(shardId).complete;
  }

  /** The shard's connection closed; a resume or a new READY follows. */
  shardDisconnected(shardId: number): void {
    this.#view(shardId).connected = false;
  }

  /** The shard resumed its session: everything missed was replayed. */
  shardResumed(shardId: number): void {
    this.#view(shardId).connected = true;
  }

  /**
   * Shards of this process whose guilds the cache holds completely: connected, and every
   * guild of their READY in or accounted for. Only their guilds may be judged "left".
   */
  completeShards(): number[] {
    return this.#shardIds.filter((id) => {
      const view = this.#shards.get(id);
      return view !== undefined && view.connected && view.complete;
    });
  }

  /**
   * Feeds one gateway dispatch that passed `checkDispatch` (payloads.ts), so every field
   * read here is there with its type. `shardId` is the shard it came on.
   */
  apply(payload: GatewayDispatchPayload, shardId = 0): void {
    switch (payload.t) {
      case GatewayDispatchEvents.Ready:
        this.applyReady(payload.d.user.id, payload.d.guilds, shardId);
        break;
      case GatewayDispatchEvents.GuildCreate:
        if ('unavailable' in payload.d && payload.d.unavailable) this.markUnavailable(payload.d.id);
        else this.addGuild(payload.d as GatewayGuildCreateDispatchData);
        break;
      case GatewayDispatchEvents.GuildUpdate:
        this.updateGuild(payload.d);
        break;
      case GatewayDispatchEvents.GuildDelete:
        if (payload.d.unavailable) {
          this.markUnavailable(payload.d.id);
        } else {
          this.guilds.delete(payload.d.id);
          this.pendingGuilds.delete(payload.d.id);
          this.#view(this.shardOf(payload.d.id)).awaiting.delete(payload.d.id);
        }
        break;
      case GatewayDispatchEvents.GuildRoleCreate:
      case GatewayDispatchEvents.GuildRoleUpdate:
        this.guilds.get(payload.d.guild_id)?.rolePermissions.set(payload.d.role.id, BigInt(payload.d.role.permissions));
        break;
      case GatewayDispatchEvents.GuildRoleDelete: {
        const guild = this.guilds.get(payload.d.guild_id);
        if (guild) {
          guild.rolePermissions.delete(payload.d.role_id);
          guild.botRoleIds = guild.botRoleIds.filter((id) => id !== payload.d.role_id);
        }
        break;
      }
      case GatewayDispatchEvents.GuildMemberUpdate:
        if (payload.d.user.id === this.botUserId) {
          const guild = this.guilds.get(payload.d.guild_id);
          if (guild) {
            guild.botRoleIds = [...payload.d.roles];
            guild.botTimeoutUntil = timeoutUntil(payload.d.communication_disabled_until);
          }
        }
        break;
      case GatewayDispatchEvents.ChannelCreate:
      case GatewayDispatchEvents.ChannelUpdate:
        this.putChannel(payload.d as APIChannel);
        break;
      case GatewayDispatchEvents.ChannelDelete: {
        const guildId = 'guild_id' in payload.d ? payload.d.guild_id : undefined;
        const guild = guildId ? this.guilds.get(guildId) : undefined;
        if (guild) {
          guild.channels.delete(payload.d.id);
          for (const [id, thread] of guild.threads) if (thread.parentId === payload.d.id) guild.threads.delete(id);
        }
        break;
      }
      case GatewayDispatchEvents.ThreadCreate:
      case GatewayDispatchEvents.ThreadUpdate:
        this.putThread(payload.d as APIThreadChannel);
        break;
      case GatewayDispatchEvents.ThreadDelete:
        this.guilds.get(payload.d.guild_id)?.threads.delete(payload.d.id);
        break;
      case GatewayDispatchEvents.ThreadListSync: {
        const guild = this.guilds.get(payload.d.guild_id);
        if (!guild) break;
        const parents = payload.d.channel_ids;
        if (parents) {
          for (const [id, t] of guild.threads) if (parents.includes(t.parentId)) guild.threads.delete(id);
        } else {
          guild.threads.clear();
        }
        for (const t of payload.d.threads) this.putThread(t as APIThreadChannel);
        break;
      }
      default:
        break;
    }
  }

  /**
   * A new session of one shard. It lists every guild of that shard the bot is in: any
   * other guild of the shard was left while disconnected. Other shards' guilds are not
   * its business.
   */
  private applyReady(botUserId: string, guilds: ReadonlyArray<{ id: string }>, shardId: number): void {
    this.botUserId = botUserId;
    const view = this.#view(shardId);
    view.connected = true;
    view.complete = false;
    view.awaiting = new Set(guilds.map((g) => g.id));
    for (const id of this.pendingGuilds) if (this.shardOf(id) === shardId && !view.awaiting.has(id)) this.pendingGuilds.delete(id);
    for (const id of view.awaiting) this.pendingGuilds.add(id);
    for (const id of this.guilds.keys()) if (this.shardOf(id) === shardId && !view.awaiting.has(id)) this.guilds.delete(id);
  }

  /** An outage: the guild stays the bot's (kept by the weekly clean-up) but nothing of it is usable. */
  private markUnavailable(guildId: string): void {
    this.guilds.delete(guildId);
    this.pendingGuilds.add(guildId);
    this.#view(this.shardOf(guildId)).awaiting.delete(guildId);
  }

  private addGuild(data: GatewayGuildCreateDispatchData): void {
    this.pendingGuilds.delete(data.id);
    this.#view(this.shardOf(data.id)).awaiting.delete(data.id);
    const guild: CachedGuild = {
      guildId: data.id,
      ownerId: data.owner_id,
      locale: data.preferred_locale,
      rolePermissions: new Map(),
      botRoleIds: [],
      botTimeoutUntil: null,
      channels: new Map(),
      threads: new Map(),
    };
    for (const role of data.roles) guild.rolePermissions.set(role.id, this.#permissions.get(role.permissions));
    const me = this.botUserId ? data.members?.find((m) => m.user.id === this.botUserId) : undefined;
    if (me) {
      guild.botRoleIds = [...me.roles];
      guild.botTimeoutUntil = timeoutUntil(me.communication_disabled_until);
    }
    this.guilds.set(data.id, guild);
    // Channels synced with their category look alike: they share one record.
    const alike = new Map<string, CachedChannel>();
    for (const channel of data.channels ?? []) this.putChannel({ ...channel, guild_id: data.id } as APIChannel, alike);
    for (const thread of data.threads ?? []) this.putThread({ ...thread, guild_id: data.id } as APIThreadChannel);
  }

  private updateGuild(data: APIGuild): void {
    const guild = this.guilds.get(data.id);
    if (!guild) return;
    guild.ownerId = data.owner_id;
    guild.locale = data.preferred_locale;
    guild.rolePermissions.clear();
    for (const role of data.roles as APIRole[]) guild.rolePermissions.set(role.id, this.#permissions.get(role.permissions));
  }

  private putChannel(channel: APIChannel, alike?: Map<string, CachedChannel>): void {
    if (!('guild_id' in channel) || !channel.guild_id) return;
    if (isThread(channel.type)) return this.putThread(channel as APIThreadChannel);
    const guild = this.guilds.get(channel.guild_id);
    if (!guild) return;
    const record: CachedChannel = {
      type: channel.type,
      parentId: 'parent_id' in channel ? (channel.parent_id ?? null) : null,
      overwrites: this.toOverwrites('permission_overwrites' in channel ? channel.permission_overwrites : undefined),
      rateLimitPerUser: 'rate_limit_per_user' in channel ? (channel.rate_limit_per_user ?? 0) : 0,
    };
    if (!alike) {
      guild.channels.set(channel.id, record);
      return;
    }
    const key = `${record.type}/${record.parentId}/${record.rateLimitPerUser}/${record.overwrites.map((o) => `${o.id}:${o.type}:${o.allow}:${o.deny}`).join(',')}`;
    const same = alike.get(key);
    if (same) {
      guild.channels.set(channel.id, same);
    } else {
      alike.set(key, record);
      guild.channels.set(channel.id, record);
    }
  }

  private toOverwrites(list: readonly APIOverwrite[] | undefined): Overwrite[] {
    if (!list || list.length === 0) return NO_OVERWRITES;
    return list.map((o) => ({
      id: o.id,
      type: o.type === 1 ? 1 : 0,
      allow: this.#permissions.get(o.allow),
      deny: this.#permissions.get(o.deny),
    }));
  }

  private putThread(thread: APIThreadChannel): void {
    const guild = thread.guild_id ? this.guilds.get(thread.guild_id) : undefined;
    if (!guild || !thread.parent_id) return;
    // Tickets are threads the bot owns; other threads are not our business.
    if (thread.owner_id !== this.botUserId) {
      guild.threads.delete(thread.id);
      return;
    }
    guild.threads.set(thread.id, {
      id: thread.id,
      parentId: thread.parent_id,
      archived: thread.thread_metadata?.archived ?? false,
      locked: thread.thread_metadata?.locked ?? false,
    });
  }

  /**
   * The bot's own permissions in a channel or thread (a thread uses its parent's), at `now`
   * (a timeout ends by itself); `editing` as in channelPermissions.
   */
  botPermissions(guildId: string, channelId: string, opts: ChannelPermissionOptions & { now?: number } = {}): bigint | null {
    const now = opts.now ?? Date.now();
    const guild = this.guilds.get(guildId);
    if (!guild || !this.botUserId) return null;
    const thread = guild.threads.get(channelId);
    const channel = guild.channels.get(thread ? thread.parentId : channelId);
    if (!channel) return null;
    const me = { userId: this.botUserId, roleIds: guild.botRoleIds, timedOut: isTimedOut(guild.botTimeoutUntil, now) };
    return channelPermissions(guild, me, channel.overwrites, { editing: opts.editing === true });
  }

  /** Rough size figures, for logs and benchmarks. */
  counts(): { guilds: number; channels: number; roles: number; threads: number } {
    let channels = 0;
    let roles = 0;
    let threads = 0;
    for (const g of this.guilds.values()) {
      channels += g.channels.size;
      roles += g.rolePermissions.size;
      threads += g.threads.size;
    }
    return { guilds: this.guilds.size, channels, roles, threads };
  }
}
