// Readiness, as /readyz reports it: every gateway shard this process runs has had its
// READY (and the guilds it listed), and the database takes a write within a short bound.
// The gateway wiring reports shard by shard through ShardHealth; nothing here knows the
// gateway library.
import type { DatabaseStatus } from '../store/probe.ts';

/** What the gateway wiring calls as its shards come and go. */
export interface ShardHealth {
  /** The shards this process runs, before they connect; each starts not ready. */
  expectShards(ids: readonly number[]): void;
  /** A shard became ready (READY received and its guilds in) or stopped being so (closed, new session). */
  shardReady(id: number, ready: boolean): void;
}

export interface Readiness {
  ready: boolean;
  /** Each shard this process runs, by id; empty before the gateway starts. */
  gateway: Record<string, 'ready' | 'not ready'>;
  database: DatabaseStatus;
}

/** How long /readyz waits for the database's write lock before calling it locked. */
export const DATABASE_BOUND_MS = 500;

export class Health implements ShardHealth {
  readonly #shards = new Map<number, boolean>();
  readonly #probe: () => Promise<DatabaseStatus>;

  constructor(probeDatabase: () => Promise<DatabaseStatus>) {
    this.#probe = probeDatabase;
  }

  expectShards(ids: readonly number[]): void {
    for (const id of [...this.#shards.keys()]) if (!ids.includes(id)) this.#shards.delete(id);
    for (const id of ids) if (!this.#shards.has(id)) this.#shards.set(id, false);
  }

  shardReady(id: number, ready: boolean): void {
    this.#shards.set(id, ready);
  }

  /** Each known shard and whether it is ready, by id. */
  shards(): ReadonlyMap<number, boolean> {
    return this.#shards;
  }

  gatewayReady(): boolean {
    return this.#shards.size > 0 && [...this.#shards.values()].every(Boolean);
  }

  databaseStatus(): Promise<DatabaseStatus> {
    return this.#probe();
  }

  async readiness(): Promise<Readiness> {
    const database = await this.databaseStatus();
    const gateway: Record<string, 'ready' | 'not ready'> = {};
    for (const [id, ready] of [...this.#shards].sort((a, b) => a[0] - b[0])) gateway[String(id)] = ready ? 'ready' : 'not ready';
    return { ready: this.gatewayReady() && database === 'ok', gateway, database };
  }
}
