/**
 * A local Discord emulator: a REST API under http://127.0.0.1:PORT/api and a
 * WebSocket gateway on the same port, behaving as the Discord developer
 * documentation describes. See emulator/README.md.
 */

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { handleControl } from './control.ts';
import { Gateway, type GatewayStats } from './gateway.ts';
import { I, PRIVILEGED_INTENTS } from './intents.ts';
import {
  type ClickButtonInput,
  type InteractionHandle,
  Interactions,
  type MessageCommandInput,
  type SelectMenuInput,
  type SlashCommandInput,
  type SubmitModalInput,
  type UserCommandInput,
} from './interactions.ts';
import { type OfferedThreadActions, type ThreadAction, threadActionAs, threadActionsOf } from './member-actions.ts';
import { createMessage as createMessageIn, removeMessage } from './messages.ts';
import { RateLimiter, type BucketConfig } from './ratelimit.ts';
import { channelRoutes } from './rest/channels.ts';
import { commandRoutes } from './rest/commands.ts';
import { gatewayRoutes } from './rest/gateway.ts';
import { guildRoutes } from './rest/guilds.ts';
import { interactionRoutes } from './rest/interactions.ts';
import { threadRoutes } from './rest/threads.ts';
import { type Core, Router, type UploadedFile } from './rest/router.ts';
import { userRoutes } from './rest/users.ts';
import { type FaultSpec, type RecordedRequest, RestServer } from './server.ts';
import { type Clock, SnowflakeGenerator } from './snowflake.ts';
import { restoreWorld, snapshotWorld, type WorldSnapshot } from './snapshot.ts';
import {
  type AddMemberInput,
  type CreateChannelInput,
  type CreateGuildInput,
  type CreateRoleInput,
  type CreateUserInput,
  type OverwriteInput,
  type TeamMemberRole,
  type UpdateMemberInput,
  isThreadType,
  World,
} from './state.ts';
import type { ApplicationCommand, Channel, Guild, Member, Message, PresenceStatus, Role, ThreadMember, User } from './types.ts';

export type { FaultSpec, RecordedRequest } from './server.ts';
export type { OfferedThreadActions, ThreadAction, ThreadSelfAction } from './member-actions.ts';
export type { WorldSnapshot } from './snapshot.ts';
export { checkSnapshot } from './snapshot.ts';
export type { GatewayStats, ShardStats } from './gateway.ts';
export type {
  ClickButtonInput,
  InteractionHandle,
  InteractionResponse,
  MessageCommandInput,
  SelectMenuInput,
  SlashCommandInput,
  SubmitModalInput,
  UserCommandInput,
} from './interactions.ts';
export { CallbackType, InteractionType } from './interactions.ts';
export { MessageFlags, MessageType } from './messages.ts';
export type * from './types.ts';
export type { AddMemberInput, CreateChannelInput, CreateGuildInput, CreateRoleInput, CreateUserInput, OverwriteInput, TeamMemberRole, UpdateMemberInput } from './state.ts';
export { ChannelType } from './state.ts';
export { P as Permissions, computeBasePermissions, computeChannelPermissions, applyOverwrites } from './permissions.ts';
export { I as Intents } from './intents.ts';
export { CloseCode, Op as GatewayOp, shardForGuild } from './gateway.ts';

export interface EmulatorOptions {
  /** TCP port (default 0: any free port). */
  port?: number;
  /** Added to every REST response, in ms (default 0). */
  latencyMs?: number;
  /** Per-route buckets and the global limit (default true). */
  rateLimits?: boolean;
  /** Global limit per second (default 50). */
  globalPerSecond?: number;
  /** Bucket used by routes without their own limit (default 50 per 1000 ms). */
  defaultRouteLimit?: BucketConfig;
  /** Limits for particular routes, e.g. { "POST /channels/:id/messages": { limit: 5, windowMs: 5000 } }. */
  routeLimits?: Record<string, BucketConfig>;
  /** heartbeat_interval sent in HELLO (default 41250). */
  heartbeatIntervalMs?: number;
  /** Extra time past the interval before a silent connection is closed (default max(interval / 2, 5000)). */
  heartbeatGraceMs?: number;
  /** Intents "enabled in the developer portal" (default GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT). */
  privilegedIntents?: number;
  /** The bot token to accept (default: a generated, realistic-looking one). */
  token?: string;
  botUsername?: string;
  applicationName?: string;
  /** How long a disconnected session can be resumed (default 180000 ms). */
  sessionResumeWindowMs?: number;
  /** Answer a second IDENTIFY within 5 s in the same rate-limit key (shard_id % maxConcurrency) with op 9 (default false). */
  enforceIdentifyConcurrency?: boolean;
  /** session_start_limit.max_concurrency (default 1). */
  maxConcurrency?: number;
  /** Guilds one gateway session may hold; an IDENTIFY that would hold more is closed with 4011 (default 2500). */
  maxGuildsPerShard?: number;
  /** Guilds per shard behind Get Gateway Bot's `shards` recommendation (default 1000; at most maxGuildsPerShard). */
  recommendedGuildsPerShard?: number;
  /** session_start_limit.total (default 1000). */
  sessionStartLimit?: number;
  /** Emulator-only: delay of the WebSocket upgrade answer for every gateway connection (default 0; see setHandshakeDelays). */
  upgradeDelayMs?: number;
  /** Emulator-only: delay of HELLO after a gateway connection opens (default 0). */
  helloDelayMs?: number;
  /** Time source for ids, timestamps, rate-limit windows, session expiry and interaction deadlines (default Date.now). */
  clock?: Clock;
  /** Time an interaction has for its initial response (default 3000 ms, as on Discord). */
  interactionResponseDeadlineMs?: number;
  /** Lifetime of interaction tokens (default 15 minutes). */
  interactionTokenLifetimeMs?: number;
  /** Active threads a guild may hold before Start Thread answers 400 code 160006 (default 1000). */
  activeThreadLimit?: number;
  /** Renames of one thread (Modify Channel with `name`) per window before 429 (default 2 per 600000 ms). */
  threadRenameLimit?: { limit: number; windowMs: number };
  /** A world saved earlier with `snapshot()`: restored before the server answers (emulator-only). */
  snapshot?: WorldSnapshot;
}

/** Serves a path outside /api and /_emulator; returns false to let the emulator answer 404. */
export type ExtraHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

/** A file a simulated user or webhook attaches. */
export interface EmulatorFile {
  name: string;
  contentType?: string;
  data: Buffer | Uint8Array | string;
  description?: string;
}

function toUploads(files: EmulatorFile[] | undefined): UploadedFile[] {
  return (files ?? []).map((f, i) => ({
    field: `files[${i}]`,
    filename: f.name,
    contentType: f.contentType ?? 'application/octet-stream',
    data: Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data),
  }));
}

/** Descriptions of files go into the body's `attachments`, as a client sends them. */
function withAttachmentMeta(body: Record<string, unknown>, files: EmulatorFile[] | undefined): Record<string, unknown> {
  if (!files?.some((f) => f.description !== undefined) || body.attachments !== undefined) return body;
  return { ...body, attachments: files.map((f, i) => ({ id: i, filename: f.name, ...(f.description !== undefined ? { description: f.description } : {}) })) };
}

function generateToken(botId: string): string {
  const head = Buffer.from(botId).toString('base64').replace(/=+$/, '');
  return `${head}.${randomBytes(4).toString('base64url')}.${randomBytes(28).toString('base64url')}`;
}

export class Emulator {
  readonly apiUrl: string;
  readonly baseUrl: string;
  readonly gatewayUrl: string;
  readonly resumeGatewayUrl: string;
  readonly controlUrl: string;
  readonly token: string;
  readonly application: { id: string; name: string; ownerId: string };
  readonly botUser: User;
  /** Emits 'request' (RecordedRequest), 'connection', 'identify', 'resume', 'close', 'dispatch'. */
  readonly events = new EventEmitter();
  /** The world model, for advanced use (prefer the methods below). */
  readonly world: World;

  readonly #server: Server;
  readonly #gateway: Gateway;
  readonly #rest: RestServer;
  readonly #limiter: RateLimiter;
  readonly #interactions: Interactions;
  #privilegedIntents: number;
  #closed = false;
  /** @internal handlers added with mount(). */
  readonly extraHandlers: ExtraHandler[] = [];

  /** @internal use startEmulator() */
  constructor(parts: { server: Server; port: number; world: World; gateway: Gateway; rest: RestServer; limiter: RateLimiter; interactions: Interactions; token: string; privileged: { get: () => number; set: (n: number) => void } }) {
    this.#server = parts.server;
    this.world = parts.world;
    this.#gateway = parts.gateway;
    this.#rest = parts.rest;
    this.#limiter = parts.limiter;
    this.#interactions = parts.interactions;
    this.#privilegedIntents = parts.privileged.get();
    this.#setPrivileged = parts.privileged.set;
    this.token = parts.token;
    this.baseUrl = `http://127.0.0.1:${parts.port}`;
    this.apiUrl = `${this.baseUrl}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${parts.port}/gateway`;
    this.resumeGatewayUrl = `ws://127.0.0.1:${parts.port}/gateway/resume`;
    this.controlUrl = `${this.baseUrl}/_emulator`;
    this.application = { id: parts.world.applicationId, name: parts.world.applicationName, ownerId: parts.world.owner.id };
    this.botUser = { ...parts.world.botUser };
    for (const name of ['connection', 'identify', 'resume', 'close', 'dispatch']) {
      this.#gateway.events.on(name, (e: unknown) => this.events.emit(name, e));
    }
  }

  readonly #setPrivileged: (n: number) => void;

  // ------------------------------------------------------------ world building

  createUser(p?: CreateUserInput): User {
    return this.world.createUser(p);
  }

  createGuild(p?: CreateGuildInput): Guild {
    return this.world.createGuild(p);
  }

  updateGuild(guildId: string, p: { name?: string; preferredLocale?: string; ownerId?: string; description?: string | null }): Guild {
    return this.world.updateGuild(guildId, p);
  }

  createRole(guildId: string, p?: CreateRoleInput): Role {
    return this.world.createRole(guildId, p);
  }

  updateRole(guildId: string, roleId: string, p: Omit<CreateRoleInput, 'id'>): Role {
    return this.world.updateRole(guildId, roleId, p);
  }

  deleteRole(guildId: string, roleId: string): void {
    this.world.deleteRole(guildId, roleId);
  }

  createChannel(guildId: string, p?: CreateChannelInput): Channel {
    return this.world.createChannel(guildId, p);
  }

  updateChannel(channelId: string, p: Parameters<World['updateChannel']>[1]): Channel {
    return this.world.updateChannel(channelId, p);
  }

  deleteChannel(channelId: string): void {
    this.world.deleteChannel(channelId);
  }

  setOverwrite(channelId: string, overwrite: OverwriteInput): Channel {
    return this.world.setOverwrite(channelId, overwrite);
  }

  deleteOverwrite(channelId: string, targetId: string): Channel {
    return this.world.deleteOverwrite(channelId, targetId);
  }

  addMember(guildId: string, userId: string, p?: AddMemberInput): Member {
    return this.world.addMember(guildId, userId, p);
  }

  updateMember(guildId: string, userId: string, p: UpdateMemberInput): Member {
    return this.world.updateMember(guildId, userId, p);
  }

  removeMember(guildId: string, userId: string): void {
    this.world.removeMember(guildId, userId);
  }

  /** Threads (active and archived) of a parent channel, or of every channel when none is given; oldest first. */
  threads(parentId?: string): Channel[] {
    return [...this.world.channels.values()]
      .filter((c) => isThreadType(c.type) && (parentId === undefined || c.parent_id === parentId))
      .map((c) => this.world.channelObject(c.id));
  }

  /** Thread members of a thread, in join order. */
  threadMembers(threadId: string): ThreadMember[] {
    const c = this.world.getChannel(threadId);
    if (!c || !isThreadType(c.type)) throw new Error(`unknown thread ${threadId}`);
    return this.world.threadMembersOf(threadId);
  }

  /** A moderator changes a thread (archive, lock, rename, invitable): THREAD_UPDATE. */
  updateThread(threadId: string, p: { archived?: boolean; locked?: boolean; name?: string; invitable?: boolean; autoArchiveDuration?: number }): Channel {
    const c = this.world.getChannel(threadId);
    if (!c || !isThreadType(c.type)) throw new Error(`unknown thread ${threadId}`);
    return this.world.updateChannel(threadId, p);
  }

  /** The application is removed from a guild (kicked, or the guild owner removes it): GUILD_DELETE. */
  removeGuild(guildId: string): void {
    if (!this.world.isBotInGuild(guildId)) throw new Error(`the application is not in guild ${guildId}`);
    this.world.removeBotFromGuild(guildId);
  }

  /**
   * Makes the application team-owned (GET /applications/@me then carries `team`), with the
   * application owner as the team's owner, or owned by that user again with null. Each
   * member is an existing user with a role and a membership state (default 2, accepted).
   */
  setTeam(members: readonly { userId: string; role: TeamMemberRole; membershipState?: 1 | 2 }[] | null): void {
    if (members === null) {
      this.world.team = null;
      return;
    }
    const records = members.map((m) => {
      this.world.requireUser(m.userId);
      if (!['admin', 'developer', 'read_only'].includes(m.role)) throw new RangeError(`unknown team member role ${JSON.stringify(m.role)}`);
      if (m.membershipState !== undefined && m.membershipState !== 1 && m.membershipState !== 2) throw new RangeError('membershipState is 1 or 2');
      return { userId: m.userId, role: m.role, membershipState: m.membershipState ?? 2 };
    });
    const ownerUserId = this.world.owner.id;
    // The owner is a member too; the documentation gives the owner no role of its own, so the
    // emulator lists it with `admin`, the role that inherits everything below it.
    const owner = records.some((m) => m.userId === ownerUserId) ? [] : [{ userId: ownerUserId, role: 'admin' as const, membershipState: 2 as const }];
    this.world.team = { id: this.world.team?.id ?? this.world.snowflakes.next(), name: 'Team', ownerUserId, members: [...owner, ...records] };
  }

  /** Active threads a guild may hold (Start Thread beyond it: 400 code 160006). */
  setActiveThreadLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError('the active thread limit is a non-negative integer');
    this.world.activeThreadLimit = limit;
  }

  addThreadMember(threadId: string, userId: string): ThreadMember {
    return this.world.addThreadMember(threadId, userId);
  }

  removeThreadMember(threadId: string, userId: string): void {
    this.world.removeThreadMember(threadId, userId);
  }

  setPresence(userId: string, status: PresenceStatus): void {
    this.world.setPresence(userId, status);
  }

  /** A DM channel between the bot and a user. */
  dmChannel(userId: string): Channel {
    return this.world.dmChannel(userId);
  }

  /**
   * Posts a message as a (simulated) user, with the same rules as Create
   * Message, and dispatches MESSAGE_CREATE. `body` is a Create Message body;
   * `files` become attachments served from the emulator's CDN URL.
   */
  createMessage(channelId: string, authorId: string, body: Record<string, unknown>, files?: EmulatorFile[]): Message {
    return createMessageIn(this.world, { channelId, authorId, body: withAttachmentMeta(body, files), files: toUploads(files), baseUrl: this.baseUrl });
  }

  /**
   * Posts a message through a webhook (not the application's): `webhook_id`
   * set, the author is the webhook's user, no member. Dispatches MESSAGE_CREATE.
   */
  createWebhookMessage(channelId: string, body: Record<string, unknown>, files?: EmulatorFile[], webhook?: { id?: string; username?: string; avatar?: string | null }): Message {
    const id = webhook?.id ?? this.#webhookId(channelId);
    return createMessageIn(this.world, {
      channelId,
      authorId: '',
      body: withAttachmentMeta(body, files),
      files: toUploads(files),
      baseUrl: this.baseUrl,
      webhook: { id, username: webhook?.username ?? 'Captain Hook', avatar: webhook?.avatar ?? null },
    });
  }

  readonly #webhookIds = new Map<string, string>();
  #webhookId(channelId: string): string {
    let id = this.#webhookIds.get(channelId);
    if (!id) {
      id = this.world.snowflakes.next();
      this.#webhookIds.set(channelId, id);
    }
    return id;
  }

  /** A message by id (channel history or an ephemeral interaction message). */
  message(messageId: string): Message | undefined {
    const m = this.world.findMessage(messageId);
    return m ? structuredClone(m) : undefined;
  }

  /** Someone (a moderator) deletes a message: MESSAGE_DELETE. */
  deleteMessage(channelId: string, messageId: string): void {
    const m = this.world.getMessage(channelId, messageId) ?? this.world.ephemeralMessages.get(messageId);
    if (!m || m.channel_id !== channelId) throw new Error(`unknown message ${messageId} in channel ${channelId}`);
    removeMessage(this.world, m);
  }

  /** A moderator bulk-deletes messages: one MESSAGE_DELETE_BULK with the ids that existed. */
  bulkDeleteMessages(channelId: string, messageIds: string[]): void {
    const existing = messageIds.filter((id) => this.world.getMessage(channelId, id));
    if (existing.length === 0) return;
    for (const id of existing) this.world.dropMessage(channelId, id);
    const guildId = this.world.getChannel(channelId)?.guild_id;
    this.world.hooks.dispatch('MESSAGE_DELETE_BULK', { ids: existing, channel_id: channelId, ...(guildId ? { guild_id: guildId } : {}) }, guildId);
  }

  getChannel(channelId: string): Channel | undefined {
    return this.world.getChannel(channelId) ? this.world.channelObject(channelId) : undefined;
  }

  getMember(guildId: string, userId: string): Member | undefined {
    return this.world.getMember(guildId, userId) ? this.world.memberObject(guildId, userId) : undefined;
  }

  /** Messages in a channel, oldest first. */
  messages(channelId: string): Message[] {
    return structuredClone(this.world.messagesIn(channelId));
  }

  /** Currently registered commands: global when no guild id is given. */
  commands(guildId?: string): ApplicationCommand[] {
    return structuredClone(this.world.commandsIn(guildId ?? 'global'));
  }

  /** A person (not the bot) acts on a thread as the Discord client lets them: leave, add/remove a member, archive, lock, rename. Throws ApiError when Discord would refuse. */
  threadActionAs(userId: string, threadId: string, action: ThreadAction): Channel {
    return threadActionAs(this.world, userId, threadId, action);
  }

  /** What threadActionAs would carry out for `userId` on the thread right now: the client's offer (the sandbox page shows only these). */
  threadActionsOf(userId: string, threadId: string): OfferedThreadActions {
    return threadActionsOf(this.world, userId, threadId);
  }

  /** The world as JSON-ready data, for `startEmulator({ snapshot })` later (emulator-only). */
  snapshot(): WorldSnapshot {
    return snapshotWorld(this.world, this.baseUrl);
  }

  /** Serves other paths on the emulator's port (the sandbox page); handlers run in order for anything outside /api and /_emulator. */
  mount(handler: ExtraHandler): void {
    this.extraHandlers.push(handler);
  }

  /** Permissions of a user in a channel, as a bigint. */
  channelPermissions(channelId: string, userId: string): bigint {
    return this.world.channelPermissions(channelId, userId);
  }

  setPrivilegedIntents(intents: number): void {
    if ((intents & ~PRIVILEGED_INTENTS) !== 0) throw new RangeError('only GUILD_MEMBERS, GUILD_PRESENCES and MESSAGE_CONTENT are privileged');
    this.#privilegedIntents = intents;
    this.#setPrivileged(intents);
  }

  get privilegedIntents(): number {
    return this.#privilegedIntents;
  }

  // ------------------------------------------------------------ people acting: interactions

  /** A member runs a slash command: INTERACTION_CREATE (type 2) with options and `resolved` as Discord builds them. */
  runSlashCommand(p: SlashCommandInput): InteractionHandle {
    return this.#interactions.runSlashCommand(p);
  }

  /** A member runs a message context-menu command on `targetMessageId` (data.target_id, data.resolved.messages). */
  runMessageCommand(p: MessageCommandInput): InteractionHandle {
    return this.#interactions.runMessageCommand(p);
  }

  /** A member runs a user context-menu command on `targetUserId`. */
  runUserCommand(p: UserCommandInput): InteractionHandle {
    return this.#interactions.runUserCommand(p);
  }

  /** A member clicks a button of a message the application sent (INTERACTION_CREATE type 3 with `message`). */
  clickButton(p: ClickButtonInput): InteractionHandle {
    return this.#interactions.clickButton(p);
  }

  /** A member picks values in a select menu (string, user, role, mentionable or channel select). */
  selectMenu(p: SelectMenuInput): InteractionHandle {
    return this.#interactions.selectMenu(p);
  }

  /** The user submits the modal that `from` was answered with (INTERACTION_CREATE type 5). */
  submitModal(p: SubmitModalInput): InteractionHandle {
    return this.#interactions.submitModal(p);
  }

  /** An interaction started earlier, by id (for the control API). */
  interaction(id: string): InteractionHandle | undefined {
    return this.#interactions.handle(id);
  }

  /** @internal control API summary of an interaction. */
  describeInteraction(id: string): Record<string, unknown> | undefined {
    return this.#interactions.describe(id);
  }

  // ------------------------------------------------------------ gateway

  /** Dispatches an event to every READY session whose intents (and shard) allow it. */
  dispatch(event: string, data: unknown, opts?: { guildId?: string }): void {
    this.#gateway.dispatch(event, data, opts ?? {});
  }

  /**
   * Emulator-only: a dispatch with any `t` and any `d` (null, numbers, arrays, objects
   * missing fields…) sent as given to every live session, unfiltered, with each
   * session's next sequence number (replayed on RESUME). Returns the sequence numbers.
   */
  dispatchRaw(event: unknown, data: unknown): number[] {
    return this.#gateway.dispatchRaw(event, data);
  }

  /** Closes every gateway socket (default code 4000, resumable); `abnormal` drops the TCP connection without a close frame; `shard` only that shard's. */
  dropConnections(opts?: { code?: number; abnormal?: boolean; shard?: number }): void {
    this.#gateway.dropConnections(opts);
  }

  sendReconnect(): void {
    this.#gateway.sendReconnect();
  }

  /** Op 9 on every connection with a session, or only on those of `shard`. */
  sendInvalidSession(resumable: boolean, opts?: { shard?: number }): void {
    this.#gateway.sendInvalidSession(resumable, opts);
  }

  /** Emulator-only: delays the WebSocket upgrade answer and/or HELLO of every new gateway connection (0 = none). */
  setHandshakeDelays(delays: { upgradeMs?: number; helloMs?: number }): void {
    this.#gateway.setHandshakeDelays(delays);
  }

  /** Emulator-only: a guild outage (GUILD_DELETE `unavailable: true`) and its end (GUILD_CREATE). */
  setGuildAvailable(guildId: string, available: boolean): void {
    this.#gateway.setGuildAvailable(guildId, available);
  }

  requestHeartbeat(): void {
    this.#gateway.requestHeartbeat();
  }

  gatewayStats(): GatewayStats {
    return this.#gateway.stats();
  }

  // ------------------------------------------------------------ REST observation and faults

  /** Every REST request received, oldest first (live array). */
  get requests(): RecordedRequest[] {
    return this.#rest.requests;
  }

  clearRequests(): void {
    this.#rest.clearRequests();
  }

  /** Requests answered 404/405 because no route matched. */
  unknownRequests(): RecordedRequest[] {
    return this.#rest.requests.filter((r) => r.unknown);
  }

  injectFault(f: FaultSpec): void {
    this.#rest.injectFault(f);
  }

  clearFaults(): void {
    this.#rest.clearFaults();
  }

  setLatency(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('latency must be >= 0');
    this.#rest.latencyMs = ms;
  }

  setRouteLimit(route: string, limit: number, windowMs: number): void {
    this.#limiter.setRouteLimit(route, limit, windowMs);
  }

  setGlobalLimit(perSecond: number): void {
    this.#limiter.setGlobalPerSecond(perSecond);
  }

  setRateLimitsEnabled(enabled: boolean): void {
    this.#limiter.setEnabled(enabled);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#interactions.close();
    this.#rest.releaseHeld();
    await this.#gateway.close();
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const clock = opts.clock ?? Date.now;
  const snowflakes = new SnowflakeGenerator(clock);
  const saved = opts.snapshot;
  const world = new World({
    clock,
    snowflakes,
    ...(opts.botUsername !== undefined ? { botUsername: opts.botUsername } : {}),
    ...(opts.applicationName !== undefined ? { applicationName: opts.applicationName } : {}),
    ...(saved ? { applicationName: saved.applicationName, ownerId: saved.ownerId, botUserId: saved.botUserId } : {}),
  });
  const token = opts.token ?? generateToken(world.botUser.id);
  let privileged = opts.privilegedIntents ?? (I.GUILD_MEMBERS | I.GUILD_PRESENCES | I.MESSAGE_CONTENT);
  let port = 0;
  const heartbeatIntervalMs = opts.heartbeatIntervalMs ?? 41250;
  const maxConcurrency = opts.maxConcurrency ?? 1;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) throw new RangeError('maxConcurrency is an integer >= 1');
  const maxGuildsPerShard = opts.maxGuildsPerShard ?? 2500;
  if (!Number.isInteger(maxGuildsPerShard) || maxGuildsPerShard < 1) throw new RangeError('maxGuildsPerShard is an integer >= 1');
  const recommendedGuildsPerShard = opts.recommendedGuildsPerShard ?? Math.min(1000, maxGuildsPerShard);
  if (!Number.isInteger(recommendedGuildsPerShard) || recommendedGuildsPerShard < 1 || recommendedGuildsPerShard > maxGuildsPerShard) {
    throw new RangeError('recommendedGuildsPerShard is an integer from 1 to maxGuildsPerShard');
  }

  const gateway = new Gateway({
    world,
    token,
    clock,
    heartbeatIntervalMs,
    heartbeatGraceMs: opts.heartbeatGraceMs ?? Math.max(heartbeatIntervalMs / 2, 5000),
    privilegedIntents: () => privileged,
    sessionResumeWindowMs: opts.sessionResumeWindowMs ?? 180_000,
    enforceIdentifyConcurrency: opts.enforceIdentifyConcurrency ?? false,
    maxConcurrency,
    maxGuildsPerShard,
    recommendedGuildsPerShard,
    sessionStartTotal: opts.sessionStartLimit ?? 1000,
    gatewayUrl: () => `ws://127.0.0.1:${port}/gateway`,
    resumeUrl: () => `ws://127.0.0.1:${port}/gateway/resume`,
  });
  gateway.setHandshakeDelays({ upgradeMs: opts.upgradeDelayMs ?? 0, helloMs: opts.helloDelayMs ?? 0 });

  const limiter = new RateLimiter({
    clock,
    enabled: opts.rateLimits ?? true,
    globalPerSecond: opts.globalPerSecond ?? 50,
    ...(opts.defaultRouteLimit ? { defaultBucket: opts.defaultRouteLimit } : {}),
  });
  for (const [route, cfg] of Object.entries(opts.routeLimits ?? {})) limiter.setRouteLimit(route, cfg.limit, cfg.windowMs);
  if (opts.activeThreadLimit !== undefined) world.activeThreadLimit = opts.activeThreadLimit;
  if (opts.threadRenameLimit !== undefined) {
    const { limit, windowMs } = opts.threadRenameLimit;
    if (!Number.isInteger(limit) || limit < 1 || !(windowMs > 0)) throw new RangeError('threadRenameLimit needs an integer limit >= 1 and a positive windowMs');
    world.threadRenameLimit = { limit, windowMs };
  }

  const router = new Router();
  router.addAll([...gatewayRoutes, ...userRoutes, ...commandRoutes, ...channelRoutes, ...guildRoutes, ...interactionRoutes, ...threadRoutes]);

  const interactions = new Interactions({
    world,
    clock,
    baseUrl: () => `http://127.0.0.1:${port}`,
    ...(opts.interactionResponseDeadlineMs !== undefined ? { responseDeadlineMs: opts.interactionResponseDeadlineMs } : {}),
    ...(opts.interactionTokenLifetimeMs !== undefined ? { tokenLifetimeMs: opts.interactionTokenLifetimeMs } : {}),
  });

  const core: Core = {
    world,
    gateway,
    interactions,
    token,
    baseUrl: () => `http://127.0.0.1:${port}`,
    gatewayUrl: () => `ws://127.0.0.1:${port}/gateway`,
    privilegedIntents: () => privileged,
  };

  let emulator: Emulator | null = null;
  const rest = new RestServer({
    core,
    router,
    limiter,
    clock,
    latencyMs: opts.latencyMs ?? 0,
    onRecord: (r) => emulator?.events.emit('request', r),
  });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const done = (p: Promise<void>) => p.catch((err: unknown) => {
      process.stderr.write(`[emulator] ${String(err)}\n`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
      }
    });
    if (url.pathname.startsWith('/_emulator/') && emulator) {
      void done(handleControl(emulator, req, res, url));
    } else if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      void done(rest.handle(req, res, url));
    } else if (emulator?.extraHandlers.some((h) => h(req, res, url))) {
      // served by a mounted handler
    } else {
      const body = JSON.stringify({ message: '404: Not Found', code: 0 });
      res.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/gateway' || url.pathname === '/gateway/' || url.pathname === '/gateway/resume') {
      gateway.handleUpgrade(req, socket, head, url.pathname === '/gateway/resume');
    } else {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  if (saved) restoreWorld(world, saved, `http://127.0.0.1:${port}`);

  emulator = new Emulator({
    server,
    port,
    world,
    gateway,
    rest,
    limiter,
    interactions,
    token,
    privileged: { get: () => privileged, set: (n) => { privileged = n; } },
  });
  return emulator;
}
