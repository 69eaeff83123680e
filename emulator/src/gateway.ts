/**
 * The WebSocket gateway. Behaviour follows the Discord documentation pages
 * "Gateway" (connecting, heartbeats, identifying, resuming, intents, rate
 * limiting, encoding and compression, sharding), "Gateway Events" (payload
 * shapes of Hello, Ready, Resumed, Reconnect, Invalid Session, Guild Create…)
 * and "Opcodes and Status Codes" (opcodes and close codes).
 */

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';
import { ALL_INTENTS, I, MESSAGE_PAYLOAD_EVENTS, PRIVILEGED_INTENTS, redactMessageContent, requiredIntent } from './intents.ts';
import type { Clock } from './snowflake.ts';
import type { World } from './state.ts';

export const Op = {
  DISPATCH: 0,
  HEARTBEAT: 1,
  IDENTIFY: 2,
  PRESENCE_UPDATE: 3,
  VOICE_STATE_UPDATE: 4,
  RESUME: 6,
  RECONNECT: 7,
  REQUEST_GUILD_MEMBERS: 8,
  INVALID_SESSION: 9,
  HELLO: 10,
  HEARTBEAT_ACK: 11,
  REQUEST_SOUNDBOARD_SOUNDS: 31,
} as const;

export const CloseCode = {
  UNKNOWN_ERROR: 4000,
  UNKNOWN_OPCODE: 4001,
  DECODE_ERROR: 4002,
  NOT_AUTHENTICATED: 4003,
  AUTHENTICATION_FAILED: 4004,
  ALREADY_AUTHENTICATED: 4005,
  INVALID_SEQ: 4007,
  RATE_LIMITED: 4008,
  SESSION_TIMED_OUT: 4009,
  INVALID_SHARD: 4010,
  SHARDING_REQUIRED: 4011,
  INVALID_API_VERSION: 4012,
  INVALID_INTENTS: 4013,
  DISALLOWED_INTENTS: 4014,
} as const;

const CLOSE_REASONS: Record<number, string> = {
  4000: 'Unknown error.',
  4001: 'Unknown opcode.',
  4002: 'Error while decoding payload.',
  4003: 'Not authenticated.',
  4004: 'Authentication failed.',
  4005: 'Already authenticated.',
  4007: 'Invalid seq.',
  4008: 'Rate limited.',
  4009: 'Session timed out.',
  4010: 'Invalid shard.',
  4011: 'Sharding required.',
  4012: 'Invalid API version.',
  4013: 'Invalid intent(s).',
  4014: 'Disallowed intent(s).',
};

/** Close codes after which the docs say the session cannot be resumed. */
const NON_RESUMABLE = new Set([4001, 4003, 4004, 4005, 4007, 4010, 4011, 4012, 4013, 4014]);

const MAX_PAYLOAD_BYTES = 4096;
const SEND_LIMIT = 120;
const SEND_WINDOW_MS = 60_000;
const REPLAY_BUFFER = 10_000;
const IDENTIFY_WINDOW_MS = 5000;

export interface GatewayOptions {
  world: World;
  token: string;
  clock: Clock;
  heartbeatIntervalMs: number;
  /** Extra time past the interval before a silent connection is closed. */
  heartbeatGraceMs: number;
  privilegedIntents: () => number;
  /** How long a disconnected session stays resumable. */
  sessionResumeWindowMs: number;
  /** Enforce one IDENTIFY per rate-limit key (shard_id % max_concurrency) per 5 seconds (op 9 beyond it). */
  enforceIdentifyConcurrency: boolean;
  maxConcurrency: number;
  /** Guilds one session may hold; an IDENTIFY that would hold more is closed with 4011. */
  maxGuildsPerShard: number;
  /** Guilds per shard behind the `shards` recommendation of Get Gateway Bot. */
  recommendedGuildsPerShard: number;
  sessionStartTotal: number;
  gatewayUrl: () => string;
  resumeUrl: () => string;
}

export interface GatewayStats {
  /** IDENTIFY payloads that started a session. */
  identifies: number;
  /** RESUME payloads that resumed a session. */
  resumes: number;
  /** RESUME payloads answered with op 9 or closed. */
  failedResumes: number;
  /** Successful resumes that connected to the READY's resume_gateway_url. */
  resumesOnResumeUrl: number;
  /** WebSocket connections ever opened. */
  connections: number;
  openConnections: number;
  /** Sessions alive (connected or waiting to be resumed). */
  sessions: number;
  heartbeats: number;
  reconnectsSent: number;
  invalidSessionsSent: number;
  /** Events re-sent during resumes. */
  replayedEvents: number;
  /** Close codes sent by the emulator, in order. */
  serverCloseCodes: number[];
  /** Close codes received from clients, in order. */
  clientCloseCodes: number[];
  lastIdentify: { intents: number; shard: [number, number] | null; largeThreshold: number; compress: boolean; properties: unknown } | null;
  sessionStartLimit: { total: number; remaining: number; reset_after: number; max_concurrency: number };
  /** IDENTIFYs answered with op 9 because their max_concurrency bucket was used within 5 s. */
  identifyRateLimited: number;
  /**
   * Per `[shard_id, num_shards]` ever identified (key "shard_id/num_shards"; a
   * session identified without `shard` counts as 0/1): the guilds that shard owns now,
   * sessions alive and connected, identifies, resumes and dispatches sent.
   */
  shards: Record<string, ShardStats>;
}

export interface ShardStats {
  shard: [number, number];
  guilds: number;
  sessions: number;
  connectedSessions: number;
  identifies: number;
  resumes: number;
  dispatches: number;
}

/** "Gateway — Sharding Formula": the shard that receives a guild's events. */
export function shardForGuild(guildId: string, numShards: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(numShards));
}

interface SessionEntry {
  seq: number;
  text: string;
}

class Session {
  readonly id = randomBytes(16).toString('hex');
  seq = 0;
  buffer: SessionEntry[] = [];
  connection: Connection | null = null;
  disconnectedAt: number | null = null;
  invalid = false;
  readonly intents: number;
  readonly largeThreshold: number;
  /** As sent in IDENTIFY (null when absent). */
  readonly shard: [number, number] | null;
  /** The shard used for routing: the one sent, or [0, 1]. */
  readonly routing: [number, number];
  readonly payloadCompression: boolean;
  constructor(intents: number, largeThreshold: number, shard: [number, number] | null, payloadCompression: boolean) {
    this.intents = intents;
    this.largeThreshold = largeThreshold;
    this.shard = shard;
    this.routing = shard ?? [0, 1];
    this.payloadCompression = payloadCompression;
  }
}

function shardKey(shard: readonly [number, number]): string {
  return `${shard[0]}/${shard[1]}`;
}

class ZlibStreamContext {
  #deflate = zlib.createDeflate({ chunkSize: 65536 });
  #chunks: Buffer[] = [];
  constructor() {
    this.#deflate.on('data', (chunk: Buffer) => this.#chunks.push(chunk));
  }
  compress(text: string): Promise<Buffer> {
    return new Promise((resolve) => {
      this.#deflate.write(text);
      this.#deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        const out = Buffer.concat(this.#chunks);
        this.#chunks = [];
        resolve(out);
      });
    });
  }
  close(): void {
    this.#deflate.close();
  }
}

class Connection {
  readonly id: number;
  session: Session | null = null;
  closed = false;
  chain: Promise<void> = Promise.resolve();
  heartbeatTimer: NodeJS.Timeout | null = null;
  sendWindowStart: number;
  sentInWindow = 0;
  readonly zlibStream: ZlibStreamContext | null;
  readonly ws: WebSocket;
  readonly viaResumeUrl: boolean;

  constructor(id: number, ws: WebSocket, viaResumeUrl: boolean, transportCompression: boolean, now: number) {
    this.id = id;
    this.ws = ws;
    this.viaResumeUrl = viaResumeUrl;
    this.zlibStream = transportCompression ? new ZlibStreamContext() : null;
    this.sendWindowStart = now;
  }
}

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function serialize(payload: unknown): string {
  return JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export class Gateway {
  readonly events = new EventEmitter();
  readonly #opts: GatewayOptions;
  readonly #wss: WebSocketServer;
  readonly #connections = new Set<Connection>();
  readonly #sessions = new Map<string, Session>();
  #connectionCounter = 0;
  #sessionStartRemaining: number;
  readonly #sessionStartResetAt: number;
  /** Rate-limit key → time of the last IDENTIFY that started a session in it. */
  readonly #identifyBuckets = new Map<number, number>();
  readonly #stats = {
    identifies: 0,
    resumes: 0,
    failedResumes: 0,
    resumesOnResumeUrl: 0,
    connections: 0,
    heartbeats: 0,
    reconnectsSent: 0,
    invalidSessionsSent: 0,
    replayedEvents: 0,
    serverCloseCodes: [] as number[],
    clientCloseCodes: [] as number[],
    lastIdentify: null as GatewayStats['lastIdentify'],
    identifyRateLimited: 0,
  };
  readonly #shardCounters = new Map<string, { shard: [number, number]; identifies: number; resumes: number; dispatches: number }>();
  /** Emulator-only: a slow network, to test clients that reconnect while a socket is still opening. */
  #delays = { upgradeMs: 0, helloMs: 0 };

  constructor(opts: GatewayOptions) {
    this.#opts = opts;
    this.#sessionStartRemaining = opts.sessionStartTotal;
    this.#sessionStartResetAt = opts.clock() + 24 * 60 * 60 * 1000;
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
    opts.world.hooks = {
      dispatch: (event, data, guildId, extra) => this.dispatch(event, data, { guildId, concernsBot: extra?.concernsBot }),
      guildJoined: (guildId) => this.#dispatchGuildCreate(guildId),
    };
  }

  // ------------------------------------------------------------ public API

  sessionStartLimit(): GatewayStats['sessionStartLimit'] {
    return {
      total: this.#opts.sessionStartTotal,
      remaining: this.#sessionStartRemaining,
      reset_after: Math.max(0, this.#sessionStartResetAt - this.#opts.clock()),
      max_concurrency: this.#opts.maxConcurrency,
    };
  }

  /**
   * The `shards` of Get Gateway Bot. The docs give no formula, only that a shard
   * holds at most 2,500 guilds: the emulator recommends one shard per
   * `recommendedGuildsPerShard` guilds, raised until no shard would exceed
   * `maxGuildsPerShard` under the sharding formula, so following it never earns 4011.
   */
  recommendedShards(): number {
    const guildIds = this.#opts.world.botGuilds().map((g) => g.id);
    const first = Math.max(1, Math.ceil(guildIds.length / this.#opts.recommendedGuildsPerShard));
    // Guilds whose ids share a millisecond always share a shard, so the search is bounded.
    let best = first;
    let bestLoad = Infinity;
    for (let shards = first; shards <= first + guildIds.length; shards += 1) {
      const counts = new Map<number, number>();
      for (const id of guildIds) {
        const k = shardForGuild(id, shards);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const load = Math.max(0, ...counts.values());
      if (load <= this.#opts.maxGuildsPerShard) return shards;
      if (load < bestLoad) {
        best = shards;
        bestLoad = load;
      }
    }
    return best;
  }

  stats(): GatewayStats {
    this.#sweepExpired();
    let sessions = 0;
    for (const s of this.#sessions.values()) if (!s.invalid) sessions += 1;
    return {
      ...this.#stats,
      serverCloseCodes: [...this.#stats.serverCloseCodes],
      clientCloseCodes: [...this.#stats.clientCloseCodes],
      openConnections: [...this.#connections].filter((c) => !c.closed).length,
      sessions,
      sessionStartLimit: this.sessionStartLimit(),
      shards: this.#shardStats(),
    };
  }

  #shardStats(): Record<string, ShardStats> {
    const guildIds = this.#opts.world.botGuilds().map((g) => g.id);
    const out: Record<string, ShardStats> = {};
    for (const [key, c] of this.#shardCounters) {
      let live = 0;
      let connected = 0;
      for (const s of this.#sessions.values()) {
        if (s.invalid || shardKey(s.routing) !== key) continue;
        live += 1;
        if (s.connection) connected += 1;
      }
      out[key] = {
        shard: [c.shard[0], c.shard[1]],
        guilds: guildIds.filter((id) => shardForGuild(id, c.shard[1]) === c.shard[0]).length,
        sessions: live,
        connectedSessions: connected,
        identifies: c.identifies,
        resumes: c.resumes,
        dispatches: c.dispatches,
      };
    }
    return out;
  }

  #shardCounter(shard: [number, number]): { shard: [number, number]; identifies: number; resumes: number; dispatches: number } {
    const key = shardKey(shard);
    let c = this.#shardCounters.get(key);
    if (!c) {
      c = { shard: [shard[0], shard[1]], identifies: 0, resumes: 0, dispatches: 0 };
      this.#shardCounters.set(key, c);
    }
    return c;
  }

  /** Session ids of sessions that are connected and past READY/RESUMED. */
  activeSessionIds(): string[] {
    return [...this.#sessions.values()].filter((s) => !s.invalid && s.connection !== null).map((s) => s.id);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, viaResumeUrl: boolean): void {
    const upgrade = (): void => this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, req, viaResumeUrl));
    // The client's socket stays CONNECTING until the 101 answer arrives.
    if (this.#delays.upgradeMs > 0) setTimeout(upgrade, this.#delays.upgradeMs).unref();
    else upgrade();
  }

  /** Emulator-only: delays the WebSocket upgrade answer and/or HELLO of every new connection (0 = none). */
  setHandshakeDelays(delays: { upgradeMs?: number; helloMs?: number }): void {
    for (const [key, ms] of Object.entries(delays)) {
      if (ms === undefined) continue;
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`${key} is a number of milliseconds >= 0`);
    }
    this.#delays = { upgradeMs: delays.upgradeMs ?? this.#delays.upgradeMs, helloMs: delays.helloMs ?? this.#delays.helloMs };
  }

  /**
   * Emulator-only: an outage of one guild. Going down sends GUILD_DELETE
   * `{ id, unavailable: true }` ("Guild Delete": "Sent when a guild becomes or was already
   * unavailable due to an outage"); coming back sends the full GUILD_CREATE ("Guild
   * Create", scenario 2). Meanwhile a new session's READY lists the guild and sends
   * GUILD_DELETE for it instead of GUILD_CREATE, and the guild's events are not delivered.
   */
  setGuildAvailable(guildId: string, available: boolean): void {
    const world = this.#opts.world;
    const guild = world.requireGuild(guildId);
    if (guild.unavailable === !available) return;
    guild.unavailable = !available;
    if (!world.isBotInGuild(guildId)) return;
    for (const session of this.#sessions.values()) {
      if (session.invalid || !this.#sessionWants(session, available ? 'GUILD_CREATE' : 'GUILD_DELETE', guildId, false)) continue;
      if (available) {
        this.#emitDispatch(session, 'GUILD_CREATE', world.guildCreatePayload(guildId, { intents: session.intents, largeThreshold: session.largeThreshold }));
      } else {
        this.#emitDispatch(session, 'GUILD_DELETE', { id: guildId, unavailable: true });
      }
    }
  }

  /**
   * Sends a dispatch to every session allowed to receive it: the intent from
   * "Gateway — List of Intents" must be present, guild events only reach the
   * shard that owns the guild ("Gateway — Sharding"), DMs only shard 0, and
   * message content is blanked for sessions without MESSAGE_CONTENT.
   * Sessions waiting to be resumed get the event queued for replay.
   */
  dispatch(event: string, data: unknown, opts: { guildId?: string; concernsBot?: boolean } = {}): void {
    const guildId = opts.guildId ?? guessGuildId(event, data);
    this.#sweepExpired();
    const down = guildId !== undefined && this.#opts.world.getGuild(guildId)?.unavailable === true;
    if (down || !this.#visibleToBot(event, data, guildId, opts.concernsBot ?? false)) {
      this.events.emit('dispatch', { event, data, guildId, delivered: false });
      return;
    }
    for (const session of this.#sessions.values()) {
      if (session.invalid) continue;
      if (!this.#sessionWants(session, event, guildId, opts.concernsBot ?? false)) continue;
      let payloadData = data;
      if (MESSAGE_PAYLOAD_EVENTS.has(event) && (session.intents & I.MESSAGE_CONTENT) === 0 && data && typeof data === 'object') {
        payloadData = redactMessageContent(data as Record<string, unknown>, this.#opts.world.botUser.id, guildId !== undefined);
      }
      this.#emitDispatch(session, event, payloadData);
    }
    this.events.emit('dispatch', { event, data, guildId, delivered: true });
  }

  /**
   * Emulator-only: sends `{ op: 0, t: event, d: data, s }` to every live session
   * exactly as given, with no intent, shard or visibility filter and no content
   * blanking, so tests can feed a client payloads Discord would never send.
   * Each session uses its next sequence number and keeps the event for replay on
   * RESUME. `data` undefined leaves `d` out. Returns the sequence numbers used,
   * one per session.
   */
  dispatchRaw(event: unknown, data: unknown): number[] {
    this.#sweepExpired();
    const sequences: number[] = [];
    for (const session of this.#sessions.values()) {
      if (session.invalid) continue;
      this.#emitDispatch(session, event, data);
      sequences.push(session.seq);
    }
    this.events.emit('dispatch', { event, data, guildId: undefined, delivered: sequences.length > 0, raw: true });
    return sequences;
  }

  /** Closes every open connection; sessions stay resumable unless the code says otherwise. */
  dropConnections(opts: { code?: number; abnormal?: boolean; shard?: number } = {}): void {
    for (const conn of this.#connections) {
      if (conn.closed || !this.#onShard(conn, opts.shard)) continue;
      if (opts.abnormal) {
        this.#detach(conn);
        conn.closed = true;
        conn.ws.terminate();
      } else {
        this.#close(conn, opts.code ?? CloseCode.UNKNOWN_ERROR, 'Connection dropped by the emulator.');
      }
    }
  }

  /** Sends op 7 RECONNECT on every open connection. */
  sendReconnect(): void {
    for (const conn of this.#connections) {
      if (conn.closed) continue;
      this.#stats.reconnectsSent += 1;
      this.#send(conn, { op: Op.RECONNECT, d: null, s: null, t: null });
    }
  }

  /** Sends op 9 INVALID_SESSION on every connection that has a session. */
  sendInvalidSession(resumable: boolean, opts: { shard?: number } = {}): void {
    for (const conn of this.#connections) {
      if (conn.closed || !conn.session || !this.#onShard(conn, opts.shard)) continue;
      const session = conn.session;
      this.#stats.invalidSessionsSent += 1;
      this.#send(conn, { op: Op.INVALID_SESSION, d: resumable, s: null, t: null });
      this.#detach(conn);
      if (!resumable) this.#invalidate(session);
    }
  }

  /** Emulator-only filter: a connection whose session routes as `shard` (any connection when undefined). */
  #onShard(conn: Connection, shard: number | undefined): boolean {
    return shard === undefined || conn.session?.routing[0] === shard;
  }

  /** Sends op 1 HEARTBEAT (a heartbeat request) on every open connection. */
  requestHeartbeat(): void {
    for (const conn of this.#connections) {
      if (!conn.closed) this.#send(conn, { op: Op.HEARTBEAT, d: null, s: null, t: null });
    }
  }

  async close(): Promise<void> {
    for (const conn of this.#connections) {
      if (conn.heartbeatTimer) clearTimeout(conn.heartbeatTimer);
      conn.closed = true;
      conn.zlibStream?.close();
      conn.ws.terminate();
    }
    this.#connections.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  // ------------------------------------------------------------ connection lifecycle

  #onConnection(ws: WebSocket, req: IncomingMessage, viaResumeUrl: boolean): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const version = url.searchParams.get('v');
    const encoding = url.searchParams.get('encoding') ?? 'json';
    const compress = url.searchParams.get('compress');
    this.#connectionCounter += 1;
    this.#stats.connections += 1;
    const conn = new Connection(this.#connectionCounter, ws, viaResumeUrl, compress === 'zlib-stream', this.#opts.clock());
    this.#connections.add(conn);
    this.events.emit('connection', { id: conn.id, viaResumeUrl, query: Object.fromEntries(url.searchParams) });

    ws.on('message', (raw, isBinary) => this.#onMessage(conn, raw as Buffer, isBinary));
    ws.on('close', (code) => this.#onClose(conn, code));
    ws.on('error', () => {});

    if (version !== null && version !== '10' && version !== '9') {
      this.#close(conn, CloseCode.INVALID_API_VERSION);
      return;
    }
    if (encoding !== 'json') {
      // ETF is not implemented by the emulator.
      this.#close(conn, CloseCode.DECODE_ERROR, 'The emulator only speaks encoding=json.');
      return;
    }
    const hello = (): void => {
      if (conn.closed) return;
      this.#send(conn, { op: Op.HELLO, d: { heartbeat_interval: this.#opts.heartbeatIntervalMs }, s: null, t: null });
      this.#armHeartbeatTimer(conn);
    };
    if (this.#delays.helloMs > 0) setTimeout(hello, this.#delays.helloMs).unref();
    else hello();
  }

  #armHeartbeatTimer(conn: Connection): void {
    if (conn.heartbeatTimer) clearTimeout(conn.heartbeatTimer);
    const ms = this.#opts.heartbeatIntervalMs + this.#opts.heartbeatGraceMs;
    conn.heartbeatTimer = setTimeout(() => {
      // "If your app fails to send a heartbeat event in time, your connection
      // will be closed and you will be forced to Resume": the session survives.
      if (!conn.closed) this.#close(conn, CloseCode.SESSION_TIMED_OUT, undefined, { keepSession: true });
    }, ms);
    conn.heartbeatTimer.unref();
  }

  #onClose(conn: Connection, code: number): void {
    if (conn.heartbeatTimer) clearTimeout(conn.heartbeatTimer);
    conn.zlibStream?.close();
    const wasClosedByServer = conn.closed;
    conn.closed = true;
    this.#connections.delete(conn);
    if (!wasClosedByServer) {
      this.#stats.clientCloseCodes.push(code);
      const session = conn.session;
      this.#detach(conn);
      // "When you close the connection to the gateway with close code 1000 or
      // 1001, your session will be invalidated."
      if (session && (code === 1000 || code === 1001)) this.#invalidate(session);
    }
    this.events.emit('close', { id: conn.id, code, byServer: wasClosedByServer });
  }

  #detach(conn: Connection): void {
    const session = conn.session;
    if (!session) return;
    conn.session = null;
    if (session.connection === conn) {
      session.connection = null;
      session.disconnectedAt = this.#opts.clock();
    }
  }

  /** Forgets sessions that have waited longer than the resume window. */
  #sweepExpired(): void {
    const now = this.#opts.clock();
    for (const session of [...this.#sessions.values()]) {
      if (session.connection === null && session.disconnectedAt !== null && now - session.disconnectedAt > this.#opts.sessionResumeWindowMs) {
        this.#invalidate(session);
      }
    }
  }

  #invalidate(session: Session): void {
    session.invalid = true;
    session.buffer = [];
    this.#sessions.delete(session.id);
  }

  #close(conn: Connection, code: number, reason?: string, opts: { keepSession?: boolean } = {}): void {
    if (conn.closed) return;
    conn.closed = true;
    if (conn.heartbeatTimer) clearTimeout(conn.heartbeatTimer);
    this.#stats.serverCloseCodes.push(code);
    const session = conn.session;
    this.#detach(conn);
    if (session && NON_RESUMABLE.has(code) && !opts.keepSession) this.#invalidate(session);
    // Queue behind pending (possibly compressed) sends so the order holds.
    conn.chain = conn.chain.then(() => {
      try {
        conn.ws.close(code, reason ?? CLOSE_REASONS[code] ?? '');
      } catch {
        conn.ws.terminate();
      }
    });
  }

  // ------------------------------------------------------------ sending

  #send(conn: Connection, payload: unknown): void {
    this.#sendText(conn, serialize(payload), false);
  }

  #sendText(conn: Connection, text: string, payloadCompressible: boolean): void {
    if (conn.closed) return;
    const zctx = conn.zlibStream;
    const usePayloadCompression = !zctx && payloadCompressible && conn.session?.payloadCompression === true && text.length > 1024;
    conn.chain = conn.chain.then(async () => {
      if (conn.ws.readyState !== WebSocket.OPEN) return;
      if (zctx) {
        const data = await zctx.compress(text);
        if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(data, { binary: true });
      } else if (usePayloadCompression) {
        conn.ws.send(zlib.deflateSync(text), { binary: true });
      } else {
        conn.ws.send(text);
      }
    }).catch(() => {});
  }

  #emitDispatch(session: Session, event: unknown, data: unknown): void {
    session.seq += 1;
    this.#shardCounter(session.routing).dispatches += 1;
    const text = serialize({ op: Op.DISPATCH, d: data, s: session.seq, t: event });
    session.buffer.push({ seq: session.seq, text });
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.splice(0, session.buffer.length - REPLAY_BUFFER);
    if (session.connection) this.#sendText(session.connection, text, true);
  }

  // ------------------------------------------------------------ routing

  #sessionWants(session: Session, event: string, guildId: string | undefined, concernsBot: boolean): boolean {
    const world = this.#opts.world;
    if (guildId !== undefined) {
      if (event !== 'GUILD_DELETE' && !world.isBotInGuild(guildId)) return false;
      if (!this.#ownsGuild(session, guildId)) return false;
    } else if (session.routing[0] !== 0) {
      // "Gateway events that do not contain a guild_id will only be sent to the first shard."
      return false;
    }
    if (event === 'GUILD_MEMBER_UPDATE' && concernsBot) return true;
    const needed = requiredIntent(event, guildId !== undefined);
    if (needed !== 0 && (session.intents & needed) === 0) return false;
    if (event === 'THREAD_MEMBERS_UPDATE' && (session.intents & I.GUILD_MEMBERS) === 0 && !concernsBot) return false;
    return true;
  }

  /**
   * "Threads — Permissions": the gateway does not tell the app about threads it
   * cannot view, and messages, reactions and typing only arrive from channels
   * the bot can see. Unknown channel ids (custom dispatches) pass.
   */
  #visibleToBot(event: string, data: unknown, guildId: string | undefined, concernsBot: boolean): boolean {
    if (guildId === undefined || concernsBot || !data || typeof data !== 'object') return true;
    const d = data as Record<string, unknown>;
    const world = this.#opts.world;
    let channelId: unknown;
    if (CHANNEL_SCOPED.has(event)) channelId = d.channel_id;
    else if (event === 'THREAD_CREATE' || event === 'THREAD_UPDATE' || event === 'THREAD_MEMBERS_UPDATE') channelId = d.id;
    else return true;
    if (typeof channelId !== 'string' || !world.getChannel(channelId)) return true;
    return world.canView(channelId, world.botUser.id);
  }

  #dispatchGuildCreate(guildId: string): void {
    const world = this.#opts.world;
    for (const session of this.#sessions.values()) {
      if (session.invalid) continue;
      if (!this.#sessionWants(session, 'GUILD_CREATE', guildId, false)) continue;
      this.#emitDispatch(session, 'GUILD_CREATE', world.guildCreatePayload(guildId, {
        intents: session.intents,
        largeThreshold: session.largeThreshold,
      }));
    }
  }

  // ------------------------------------------------------------ receiving

  #onMessage(conn: Connection, raw: Buffer, isBinary: boolean): void {
    if (conn.closed) return;
    if (raw.length > MAX_PAYLOAD_BYTES) {
      this.#close(conn, CloseCode.DECODE_ERROR);
      return;
    }
    if (isBinary) {
      // Clients cannot send compressed payloads ("Gateway — Encoding and Compression").
      this.#close(conn, CloseCode.DECODE_ERROR);
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      this.#close(conn, CloseCode.DECODE_ERROR);
      return;
    }
    if (!payload || typeof payload !== 'object' || !isInt((payload as { op?: unknown }).op)) {
      this.#close(conn, CloseCode.DECODE_ERROR);
      return;
    }
    const { op, d } = payload as { op: number; d?: unknown };

    if (op !== Op.HEARTBEAT) {
      // 120 events per connection per 60 s ("Gateway — Rate Limiting").
      // Heartbeats are left out of the count so short test intervals cannot trip it.
      const now = this.#opts.clock();
      if (now - conn.sendWindowStart >= SEND_WINDOW_MS) {
        conn.sendWindowStart = now;
        conn.sentInWindow = 0;
      }
      conn.sentInWindow += 1;
      if (conn.sentInWindow > SEND_LIMIT) {
        this.#close(conn, CloseCode.RATE_LIMITED);
        return;
      }
    }

    switch (op) {
      case Op.HEARTBEAT:
        if (d !== null && d !== undefined && !isInt(d)) {
          this.#close(conn, CloseCode.DECODE_ERROR);
          return;
        }
        this.#stats.heartbeats += 1;
        this.#armHeartbeatTimer(conn);
        this.#send(conn, { op: Op.HEARTBEAT_ACK, d: null, s: null, t: null });
        return;
      case Op.IDENTIFY:
        this.#onIdentify(conn, d);
        return;
      case Op.RESUME:
        this.#onResume(conn, d);
        return;
      case Op.PRESENCE_UPDATE:
      case Op.VOICE_STATE_UPDATE:
      case Op.REQUEST_SOUNDBOARD_SOUNDS:
        if (!conn.session) this.#close(conn, CloseCode.NOT_AUTHENTICATED);
        return;
      case Op.REQUEST_GUILD_MEMBERS:
        if (!conn.session) {
          this.#close(conn, CloseCode.NOT_AUTHENTICATED);
          return;
        }
        this.#onRequestGuildMembers(conn, conn.session, d);
        return;
      default:
        this.#close(conn, conn.session ? CloseCode.UNKNOWN_OPCODE : CloseCode.NOT_AUTHENTICATED);
    }
  }

  #tokenMatches(token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const bare = token.startsWith('Bot ') ? token.slice(4) : token;
    return bare === this.#opts.token;
  }

  /** The checks IDENTIFY and RESUME share; closes the connection and answers null when one fails. */
  #authPayload(conn: Connection, d: unknown): Record<string, unknown> | null {
    if (conn.session) {
      this.#close(conn, CloseCode.ALREADY_AUTHENTICATED);
      return null;
    }
    if (!d || typeof d !== 'object') {
      this.#close(conn, CloseCode.UNKNOWN_OPCODE);
      return null;
    }
    const data = d as Record<string, unknown>;
    if (!this.#tokenMatches(data.token)) {
      this.#close(conn, CloseCode.AUTHENTICATION_FAILED);
      return null;
    }
    return data;
  }

  #onIdentify(conn: Connection, d: unknown): void {
    const data = this.#authPayload(conn, d);
    if (!data) return;
    const intents = data.intents;
    if (!isInt(intents) || intents < 0 || (intents & ~ALL_INTENTS) !== 0) {
      this.#close(conn, CloseCode.INVALID_INTENTS);
      return;
    }
    const privileged = intents & PRIVILEGED_INTENTS;
    if ((privileged & ~this.#opts.privilegedIntents()) !== 0) {
      this.#close(conn, CloseCode.DISALLOWED_INTENTS);
      return;
    }
    let shard: [number, number] | null = null;
    if (data.shard !== undefined && data.shard !== null) {
      const s = data.shard;
      if (!Array.isArray(s) || s.length !== 2 || !isInt(s[0]) || !isInt(s[1]) || s[1] < 1 || s[0] < 0 || s[0] >= s[1]) {
        this.#close(conn, CloseCode.INVALID_SHARD);
        return;
      }
      shard = [s[0], s[1]];
    }
    let largeThreshold = 50;
    if (isInt(data.large_threshold)) largeThreshold = Math.min(250, Math.max(50, data.large_threshold));
    const payloadCompression = data.compress === true;

    const world = this.#opts.world;
    const routing: [number, number] = shard ?? [0, 1];
    const guilds = world.botGuilds().filter((g) => shardForGuild(g.id, routing[1]) === routing[0]);
    if (guilds.length > this.#opts.maxGuildsPerShard) {
      // "The session would have handled too many guilds."
      this.#close(conn, CloseCode.SHARDING_REQUIRED);
      return;
    }
    if (this.#sessionStartRemaining <= 0) {
      this.#stats.invalidSessionsSent += 1;
      this.#send(conn, { op: Op.INVALID_SESSION, d: false, s: null, t: null });
      return;
    }
    if (!this.#takeIdentifySlot(routing[0])) {
      // "If your app exceeds this limit, Discord will respond with a Invalid Session (opcode 9)."
      this.#stats.identifyRateLimited += 1;
      this.#stats.invalidSessionsSent += 1;
      this.#send(conn, { op: Op.INVALID_SESSION, d: false, s: null, t: null });
      return;
    }
    this.#sessionStartRemaining -= 1;
    this.#stats.identifies += 1;
    this.#shardCounter(routing).identifies += 1;
    this.#stats.lastIdentify = { intents, shard, largeThreshold, compress: payloadCompression, properties: data.properties ?? null };

    const session = new Session(intents, largeThreshold, shard, payloadCompression);
    this.#sessions.set(session.id, session);
    session.connection = conn;
    conn.session = session;

    const botUser = { ...world.botUser };
    const ready: Record<string, unknown> = {
      v: 10,
      user: { ...botUser, verified: true, mfa_enabled: false, email: null, bot: true },
      user_settings: {},
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.#opts.resumeUrl(),
      application: { id: world.applicationId, flags: this.#applicationFlags() },
      private_channels: [],
      relationships: [],
      presences: [],
      geo_ordered_rtc_regions: [],
      guild_join_requests: [],
    };
    if (shard) ready.shard = shard;
    this.#emitDispatch(session, 'READY', ready);
    if ((intents & I.GUILDS) !== 0) {
      for (const g of guilds) {
        // "Guilds that are unavailable due to an outage will send a Guild Delete event."
        if (g.unavailable) this.#emitDispatch(session, 'GUILD_DELETE', { id: g.id, unavailable: true });
        else this.#emitDispatch(session, 'GUILD_CREATE', world.guildCreatePayload(g.id, { intents, largeThreshold }));
      }
    }
    this.events.emit('identify', { sessionId: session.id, intents, shard });
  }

  #applicationFlags(): number {
    let flags = 0;
    const p = this.#opts.privilegedIntents();
    if (p & I.GUILD_PRESENCES) flags |= 1 << 13;
    if (p & I.GUILD_MEMBERS) flags |= 1 << 15;
    if (p & I.MESSAGE_CONTENT) flags |= 1 << 19;
    if (this.#opts.world.hasGlobalCommands()) flags |= 1 << 23;
    return flags;
  }

  #ownsGuild(session: Session, guildId: string): boolean {
    return shardForGuild(guildId, session.routing[1]) === session.routing[0];
  }

  /**
   * "Gateway — Sharding, Max Concurrency": rate_limit_key = shard_id % max_concurrency,
   * one IDENTIFY per key per 5 seconds, when enforcement is on.
   */
  #takeIdentifySlot(shardId: number): boolean {
    if (!this.#opts.enforceIdentifyConcurrency) return true;
    const key = shardId % this.#opts.maxConcurrency;
    const now = this.#opts.clock();
    const last = this.#identifyBuckets.get(key);
    if (last !== undefined && now - last < IDENTIFY_WINDOW_MS) return false;
    this.#identifyBuckets.set(key, now);
    return true;
  }

  #onResume(conn: Connection, d: unknown): void {
    const data = this.#authPayload(conn, d);
    if (!data) return;
    const seq = data.seq === null ? 0 : data.seq;
    const session = typeof data.session_id === 'string' ? this.#sessions.get(data.session_id) : undefined;
    const expired =
      session !== undefined &&
      session.connection === null &&
      session.disconnectedAt !== null &&
      this.#opts.clock() - session.disconnectedAt > this.#opts.sessionResumeWindowMs;
    if (!session || session.invalid || expired || !isInt(seq)) {
      if (session && expired) this.#invalidate(session);
      this.#stats.failedResumes += 1;
      this.#stats.invalidSessionsSent += 1;
      this.#send(conn, { op: Op.INVALID_SESSION, d: false, s: null, t: null });
      return;
    }
    if (seq > session.seq || seq < 0) {
      this.#stats.failedResumes += 1;
      this.#close(conn, CloseCode.INVALID_SEQ);
      return;
    }
    const oldest = session.buffer[0]?.seq ?? session.seq + 1;
    if (seq < oldest - 1) {
      // The events after `seq` are no longer buffered.
      this.#stats.failedResumes += 1;
      this.#stats.invalidSessionsSent += 1;
      this.#invalidate(session);
      this.#send(conn, { op: Op.INVALID_SESSION, d: false, s: null, t: null });
      return;
    }
    // A session can only be attached to one connection; drop the stale one.
    if (session.connection && session.connection !== conn) {
      const stale = session.connection;
      this.#detach(stale);
      this.#close(stale, CloseCode.UNKNOWN_ERROR, 'Session resumed elsewhere.');
    }
    session.connection = conn;
    session.disconnectedAt = null;
    conn.session = session;
    this.#stats.resumes += 1;
    this.#shardCounter(session.routing).resumes += 1;
    if (conn.viaResumeUrl) this.#stats.resumesOnResumeUrl += 1;
    let replayed = 0;
    for (const entry of session.buffer) {
      if (entry.seq > seq) {
        this.#sendText(conn, entry.text, true);
        replayed += 1;
      }
    }
    this.#stats.replayedEvents += replayed;
    // The docs give RESUMED no fields; its `d` is an object like every dispatch's, never null.
    this.#emitDispatch(session, 'RESUMED', {});
    this.events.emit('resume', { sessionId: session.id, fromSeq: seq, replayed });
  }

  /**
   * Op 8 ("Gateway Events — Request Guild Members"): answers with one
   * GUILD_MEMBERS_CHUNK per 1000 members. Listing everyone (empty query)
   * needs GUILD_MEMBERS; a query prefix or user_ids are capped at 100.
   */
  #onRequestGuildMembers(conn: Connection, session: Session, d: unknown): void {
    const world = this.#opts.world;
    if (!d || typeof d !== 'object') {
      this.#close(conn, CloseCode.UNKNOWN_OPCODE);
      return;
    }
    const data = d as Record<string, unknown>;
    const guildId = data.guild_id;
    if (typeof guildId !== 'string' || !world.isBotInGuild(guildId)) {
      this.#close(conn, CloseCode.UNKNOWN_OPCODE);
      return;
    }
    const guild = world.requireGuild(guildId);
    const nonce = typeof data.nonce === 'string' && Buffer.byteLength(data.nonce) <= 32 ? data.nonce : undefined;
    const wantPresences = data.presences === true && (session.intents & I.GUILD_PRESENCES) !== 0;
    let userIds: string[] | null = null;
    if (data.user_ids !== undefined) {
      userIds = (Array.isArray(data.user_ids) ? data.user_ids : [data.user_ids]).map(String);
    }
    let matched: string[] = [];
    const notFound: string[] = [];
    if (userIds) {
      for (const id of userIds.slice(0, 100)) {
        if (guild.members.has(id)) matched.push(id);
        else notFound.push(id);
      }
    } else {
      const query = typeof data.query === 'string' ? data.query.toLowerCase() : '';
      const limit = isInt(data.limit) ? data.limit : 0;
      if (query === '' && (session.intents & I.GUILD_MEMBERS) === 0) {
        this.#close(conn, CloseCode.UNKNOWN_OPCODE);
        return;
      }
      for (const m of guild.members.values()) {
        const user = world.users.get(m.userId);
        if (!user) continue;
        if (query === '' || user.username.toLowerCase().startsWith(query) || (m.nick ?? '').toLowerCase().startsWith(query)) {
          matched.push(m.userId);
        }
      }
      const cap = query === '' ? (limit === 0 ? Infinity : limit) : Math.min(limit || 100, 100);
      matched = matched.slice(0, cap);
    }
    const chunks: string[][] = [];
    for (let i = 0; i < matched.length; i += 1000) chunks.push(matched.slice(i, i + 1000));
    if (chunks.length === 0) chunks.push([]);
    chunks.forEach((ids, index) => {
      const chunk: Record<string, unknown> = {
        guild_id: guildId,
        members: ids.map((id) => world.memberObject(guildId, id)),
        chunk_index: index,
        chunk_count: chunks.length,
      };
      if (index === 0 && notFound.length > 0) chunk.not_found = notFound;
      if (wantPresences) chunk.presences = ids.map((id) => world.presenceObject(guildId, id));
      if (nonce !== undefined) chunk.nonce = nonce;
      this.#emitDispatch(session, 'GUILD_MEMBERS_CHUNK', chunk);
    });
  }
}

const CHANNEL_SCOPED = new Set([
  'MESSAGE_CREATE', 'MESSAGE_UPDATE', 'MESSAGE_DELETE', 'MESSAGE_DELETE_BULK', 'MESSAGE_REACTION_ADD',
  'MESSAGE_REACTION_REMOVE', 'MESSAGE_REACTION_REMOVE_ALL', 'MESSAGE_REACTION_REMOVE_EMOJI', 'TYPING_START',
  'CHANNEL_PINS_UPDATE', 'MESSAGE_POLL_VOTE_ADD', 'MESSAGE_POLL_VOTE_REMOVE',
]);

/** Finds the guild an event belongs to when the caller did not say. */
function guessGuildId(event: string, data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  if (typeof d.guild_id === 'string') return d.guild_id;
  if ((event === 'GUILD_CREATE' || event === 'GUILD_UPDATE' || event === 'GUILD_DELETE') && typeof d.id === 'string') return d.id;
  return undefined;
}
