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
import { createMessage as createMessageIn } from './messages.ts';
import { RateLimiter, type BucketConfig } from './ratelimit.ts';
import { channelRoutes } from './rest/channels.ts';
import { commandRoutes } from './rest/commands.ts';
import { gatewayRoutes } from './rest/gateway.ts';
import { guildRoutes } from './rest/guilds.ts';
import { type Core, Router } from './rest/router.ts';
import { userRoutes } from './rest/users.ts';
import { type FaultSpec, type RecordedRequest, RestServer } from './server.ts';
import { type Clock, SnowflakeGenerator } from './snowflake.ts';
import {
  type AddMemberInput,
  type CreateChannelInput,
  type CreateGuildInput,
  type CreateRoleInput,
  type CreateUserInput,
  type OverwriteInput,
  type UpdateMemberInput,
  World,
} from './state.ts';
import type { ApplicationCommand, Channel, Guild, Member, Message, PresenceStatus, Role, ThreadMember, User } from './types.ts';

export type { FaultSpec, RecordedRequest } from './server.ts';
export type { GatewayStats } from './gateway.ts';
export type * from './types.ts';
export type { AddMemberInput, CreateChannelInput, CreateGuildInput, CreateRoleInput, CreateUserInput, OverwriteInput, UpdateMemberInput } from './state.ts';
export { ChannelType } from './state.ts';
export { P as Permissions, computeBasePermissions, computeChannelPermissions, applyOverwrites } from './permissions.ts';
export { I as Intents } from './intents.ts';
export { CloseCode, Op as GatewayOp } from './gateway.ts';

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
  /** Answer IDENTIFYs beyond max_concurrency per 5 s with op 9 (default false). */
  enforceIdentifyConcurrency?: boolean;
  /** session_start_limit.total (default 1000). */
  sessionStartLimit?: number;
  /** Time source for ids, timestamps, rate-limit windows and session expiry (default Date.now). */
  clock?: Clock;
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
  #privilegedIntents: number;
  #closed = false;

  /** @internal use startEmulator() */
  constructor(parts: { server: Server; port: number; world: World; gateway: Gateway; rest: RestServer; limiter: RateLimiter; token: string; privileged: { get: () => number; set: (n: number) => void } }) {
    this.#server = parts.server;
    this.world = parts.world;
    this.#gateway = parts.gateway;
    this.#rest = parts.rest;
    this.#limiter = parts.limiter;
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
   * Message, and dispatches MESSAGE_CREATE. `body` is a Create Message body.
   */
  createMessage(channelId: string, authorId: string, body: Record<string, unknown>): Message {
    return createMessageIn(this.world, { channelId, authorId, body, baseUrl: this.baseUrl });
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

  // ------------------------------------------------------------ gateway

  /** Dispatches an event to every READY session whose intents (and shard) allow it. */
  dispatch(event: string, data: unknown, opts?: { guildId?: string }): void {
    this.#gateway.dispatch(event, data, opts ?? {});
  }

  /** Closes every gateway socket (default code 4000, resumable); `abnormal` drops the TCP connection without a close frame. */
  dropConnections(opts?: { code?: number; abnormal?: boolean }): void {
    this.#gateway.dropConnections(opts);
  }

  sendReconnect(): void {
    this.#gateway.sendReconnect();
  }

  sendInvalidSession(resumable: boolean): void {
    this.#gateway.sendInvalidSession(resumable);
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
  const world = new World({
    clock,
    snowflakes,
    ...(opts.botUsername !== undefined ? { botUsername: opts.botUsername } : {}),
    ...(opts.applicationName !== undefined ? { applicationName: opts.applicationName } : {}),
  });
  const token = opts.token ?? generateToken(world.botUser.id);
  let privileged = opts.privilegedIntents ?? (I.GUILD_MEMBERS | I.GUILD_PRESENCES | I.MESSAGE_CONTENT);
  let port = 0;
  const heartbeatIntervalMs = opts.heartbeatIntervalMs ?? 41250;

  const gateway = new Gateway({
    world,
    token,
    clock,
    heartbeatIntervalMs,
    heartbeatGraceMs: opts.heartbeatGraceMs ?? Math.max(heartbeatIntervalMs / 2, 5000),
    privilegedIntents: () => privileged,
    sessionResumeWindowMs: opts.sessionResumeWindowMs ?? 180_000,
    enforceIdentifyConcurrency: opts.enforceIdentifyConcurrency ?? false,
    maxConcurrency: 1,
    sessionStartTotal: opts.sessionStartLimit ?? 1000,
    gatewayUrl: () => `ws://127.0.0.1:${port}/gateway`,
    resumeUrl: () => `ws://127.0.0.1:${port}/gateway/resume`,
  });

  const limiter = new RateLimiter({
    clock,
    enabled: opts.rateLimits ?? true,
    globalPerSecond: opts.globalPerSecond ?? 50,
    ...(opts.defaultRouteLimit ? { defaultBucket: opts.defaultRouteLimit } : {}),
  });
  for (const [route, cfg] of Object.entries(opts.routeLimits ?? {})) limiter.setRouteLimit(route, cfg.limit, cfg.windowMs);

  const router = new Router();
  router.addAll([...gatewayRoutes, ...userRoutes, ...commandRoutes, ...channelRoutes, ...guildRoutes]);

  const core: Core = {
    world,
    gateway,
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

  emulator = new Emulator({
    server,
    port,
    world,
    gateway,
    rest,
    limiter,
    token,
    privileged: { get: () => privileged, set: (n) => { privileged = n; } },
  });
  return emulator;
}
