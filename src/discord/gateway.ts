// The gateway as the rest of the bot sees it, shard by shard: the identify throttler
// handed to @discordjs/ws, and the lifecycle of each shard this process runs (its READY,
// the bounded wait for its guilds, resumes, guilds that arrive late). What to do when a
// shard's guilds are in (the catch-up) is the composition root's business.
import { setTimeout as sleep } from 'node:timers/promises';
import type { IIdentifyThrottler } from '@discordjs/ws';
import { GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import type { Logger } from '../log/logger.ts';
import type { Timers } from './schedule.ts';
import type { BotState } from './state.ts';

/** "Gateway — Identifying": max_concurrency IDENTIFYs per 5 seconds, one per rate-limit key. */
export const IDENTIFY_WINDOW_MS = 5000;
/** The window is counted where Discord receives the IDENTIFY; leave room for the network. */
const IDENTIFY_MARGIN_MS = 250;

/**
 * How long a shard waits for the next of its guilds after READY before it goes on
 * without the rest. Discord sends one GUILD_CREATE per guild right after READY (or an
 * unavailable GUILD_DELETE for one in an outage); one that never comes (dropped as
 * malformed, say) must not hold the startup catch-up back forever. Like discord.js,
 * which waits 15 s after the last guild packet; a guild that arrives later is caught up
 * on its own, so a generous bound costs only a later start.
 */
export const GUILD_WAIT_MS = 15_000;

type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;
const abortableSleep: Sleep = async (ms, signal) => {
  await sleep(ms, undefined, { signal });
};

/** Settles with `promise`, or rejects with the signal's reason as soon as it is aborted. */
function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/**
 * The identify windows of the whole bot, kept where every process of it sees them (the
 * PostgreSQL database), for a bot whose shards run in several processes.
 */
export interface SharedIdentifyBuckets {
  /**
   * Takes the rate-limit key's window of `windowMs` if it is free and returns 0; else
   * returns the milliseconds until it is. Counted on one clock for every process.
   */
  take(key: number, windowMs: number): Promise<number>;
}

/** How long to wait before asking the shared buckets again after they failed (the database is away). */
export const SHARED_BUCKET_RETRY_MS = 1000;

/**
 * One IDENTIFY per rate-limit key (`shard_id % max_concurrency`) per 5 seconds, shards
 * of one key in the order they asked. With `shared`, a key's window is also taken from
 * the buckets every process of the bot shares, so processes that each run some of the
 * shards do not IDENTIFY in one key within 5 s of each other. Unlike the throttler @discordjs/ws 2.0.4 ships,
 * its wait ends when the shard's signal aborts (the socket closed meanwhile): a stale
 * wait that went on would IDENTIFY on the next socket, while it is still connecting
 * (an exception that ends the process) or a second time once it is open (close 4005).
 */
export class IdentifyThrottler implements IIdentifyThrottler {
  readonly #maxConcurrency: number;
  readonly #clock: () => number;
  readonly #sleep: Sleep;
  readonly #shared: SharedIdentifyBuckets | null;
  readonly #onSharedError: (error: unknown) => void;
  /** Per key: when the last IDENTIFY was let through, and the end of the queue. */
  readonly #keys = new Map<number, { last: number; tail: Promise<void> }>();

  constructor(
    maxConcurrency: number,
    opts: { clock?: () => number; sleep?: Sleep; shared?: SharedIdentifyBuckets; onSharedError?: (error: unknown) => void } = {},
  ) {
    this.#maxConcurrency = Number.isInteger(maxConcurrency) && maxConcurrency > 0 ? maxConcurrency : 1;
    this.#clock = opts.clock ?? Date.now;
    this.#sleep = opts.sleep ?? abortableSleep;
    this.#shared = opts.shared ?? null;
    this.#onSharedError = opts.onSharedError ?? (() => {});
  }

  /** Waits until the shared window of `key` is this process's; the database's failures are waited out, never skipped. */
  async #takeShared(key: number, signal: AbortSignal): Promise<void> {
    const shared = this.#shared;
    if (!shared) return;
    for (;;) {
      signal.throwIfAborted();
      let wait: number;
      try {
        wait = await shared.take(key, IDENTIFY_WINDOW_MS + IDENTIFY_MARGIN_MS);
      } catch (error) {
        this.#onSharedError(error);
        wait = SHARED_BUCKET_RETRY_MS;
      }
      if (wait <= 0) return;
      await this.#sleep(wait, signal);
    }
  }

  async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    const key = shardId % this.#maxConcurrency;
    let state = this.#keys.get(key);
    if (!state) {
      state = { last: -Infinity, tail: Promise.resolve() };
      this.#keys.set(key, state);
    }
    const turn = state.tail;
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    // The next in line waits for the one before this one too, even if this one gives up early.
    state.tail = turn.then(() => mine);
    try {
      await untilAborted(turn, signal);
      const wait = state.last + IDENTIFY_WINDOW_MS + IDENTIFY_MARGIN_MS - this.#clock();
      if (wait > 0) await this.#sleep(wait, signal);
      await this.#takeShared(key, signal);
      signal.throwIfAborted();
      state.last = this.#clock();
    } finally {
      done();
    }
  }
}

export interface ShardLifecycleOptions {
  state: BotState;
  logger: Logger;
  timers: Timers;
  /** See GUILD_WAIT_MS. */
  guildWaitMs?: number;
  /** A shard's guilds are in after its READY: at startup (`first`), or after a new session. */
  onShardIn(shardId: number, first: boolean): void;
  /** Every shard of this process has had its guilds in once. */
  onAllIn(): void;
  /** A guild became available after its shard's guilds were in: late after READY, back from an outage, or newly joined. */
  onLateGuild(guildId: string): void;
}

/**
 * Per shard: READY starts a wait for the guilds it lists, which ends when each has
 * arrived or been reported unavailable, or when none arrived for `guildWaitMs`. Fed
 * only READY, GUILD_CREATE, GUILD_DELETE, the close of a shard's socket and RESUMED,
 * after the state has taken them; nothing on the path of an interaction.
 */
export class ShardLifecycle {
  readonly #opts: ShardLifecycleOptions;
  readonly #waitMs: number;
  readonly #timers = new Map<number, unknown>();
  /** Shards whose READY came and whose guilds are not all in yet. */
  readonly #waiting = new Set<number>();
  readonly #everIn = new Set<number>();
  #allIn = false;
  #stopped = false;

  constructor(opts: ShardLifecycleOptions) {
    this.#opts = opts;
    this.#waitMs = opts.guildWaitMs ?? GUILD_WAIT_MS;
  }

  /** After `state.apply(payload, shardId)`; returns at once for events other than READY and guild arrivals. */
  afterDispatch(payload: GatewayDispatchPayload, shardId: number): void {
    const { state } = this.#opts;
    if (payload.t === GatewayDispatchEvents.Ready) {
      this.#waiting.add(shardId);
      this.#progress(shardId);
    } else if (payload.t === GatewayDispatchEvents.GuildCreate || payload.t === GatewayDispatchEvents.GuildDelete) {
      const guildId = payload.d.id;
      const shard = state.shardOf(guildId);
      if (this.#waiting.has(shard)) this.#progress(shard);
      else if (payload.t === GatewayDispatchEvents.GuildCreate && state.isShardComplete(shard) && state.guilds.has(guildId)) this.#opts.onLateGuild(guildId);
    }
  }

  /** The shard's socket closed: its view of its guilds is not complete again until it resumes or READY's guilds are in. */
  closed(shardId: number): void {
    this.#opts.state.shardDisconnected(shardId);
  }

  resumed(shardId: number): void {
    this.#opts.state.shardResumed(shardId);
  }

  stop(): void {
    this.#stopped = true;
    for (const handle of this.#timers.values()) this.#opts.timers.clearTimeout(handle);
    this.#timers.clear();
  }

  /** A guild of a shard still waiting arrived (or READY came): done, or wait again from now. */
  #progress(shardId: number): void {
    if (this.#stopped) return;
    const previous = this.#timers.get(shardId);
    if (previous !== undefined) this.#opts.timers.clearTimeout(previous);
    this.#timers.delete(shardId);
    if (this.#opts.state.awaitingGuilds(shardId).size === 0) {
      this.#in(shardId);
      return;
    }
    this.#timers.set(shardId, this.#opts.timers.setTimeout(() => this.#giveUp(shardId), this.#waitMs));
  }

  #giveUp(shardId: number): void {
    this.#timers.delete(shardId);
    if (this.#stopped || !this.#waiting.has(shardId)) return;
    const missing = this.#opts.state.awaitingGuilds(shardId).size;
    this.#opts.logger.warn(
      `${this.#shardName(shardId)}${missing} guild${missing === 1 ? '' : 's'} from READY did not arrive within ${Math.round(this.#waitMs / 1000)} s of the last one; going on without ${missing === 1 ? 'it' : 'them'}. ${missing === 1 ? 'Its' : 'Their'} tickets and inboxes are kept, and ${missing === 1 ? 'it is' : 'each is'} caught up on arrival.`,
    );
    this.#in(shardId);
  }

  #in(shardId: number): void {
    const { state } = this.#opts;
    this.#waiting.delete(shardId);
    state.completeShard(shardId);
    const first = !this.#everIn.has(shardId);
    this.#everIn.add(shardId);
    if (state.shardCount > 1) {
      let guilds = 0;
      for (const id of state.guilds.keys()) if (state.shardOf(id) === shardId) guilds++;
      this.#opts.logger.info(`${this.#shardName(shardId)}${guilds} guild${guilds === 1 ? '' : 's'} in${first ? '' : ' after a new session'}.`);
    }
    this.#opts.onShardIn(shardId, first);
    if (!this.#allIn && state.shardIds.every((id) => this.#everIn.has(id))) {
      this.#allIn = true;
      this.#opts.onAllIn();
    }
  }

  #shardName(shardId: number): string {
    const count = this.#opts.state.shardCount;
    return count > 1 ? `Shard ${shardId} of ${count}: ` : '';
  }
}
