// The operations side of a running bot. With [metrics] off (the default) it is the empty
// recorder and nothing else: no listener, no readiness bookkeeping, no prom-client. When
// enabled, the readiness checks, prom-client and the HTTP listener are loaded here, on
// demand, so that a default install never loads them.
import type { REST } from '@discordjs/rest';
import type { WebSocketManager } from '@discordjs/ws';
import type { Config } from '../config/schema.ts';
import type { BotState } from '../discord/state.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import type { Health, ShardHealth } from './health.ts';
import { NO_RECORDER, type Recorder } from './recorder.ts';

/** What startBot is handed: where to count, where to report shard readiness, and what to attach to. */
export interface BotOps {
  recorder: Recorder;
  /** Null when nobody asks for readiness ([metrics] off). */
  health: ShardHealth | null;
  /** Lets the metrics count the answers of these REST clients; does nothing with metrics off. */
  watchRest(clients: readonly REST[]): void;
  /** Lets the metrics follow the gateway's shards and the state's guilds; does nothing with metrics off. */
  watchGateway(gateway: WebSocketManager, state: BotState): void;
}

export interface Ops extends BotOps {
  health: Health | null;
  /** The listener's address, or null when [metrics] is off. */
  url: string | null;
  close(): Promise<void>;
}

export const NO_OPS: Ops = Object.freeze({
  recorder: NO_RECORDER,
  health: null,
  url: null,
  watchRest() {},
  watchGateway() {},
  async close() {},
});

export async function startOps(settings: Config['metrics'], store: Store, log: Logger): Promise<Ops> {
  if (!settings.enabled) return NO_OPS;
  // Dynamic imports: a bundler keeps them lazy, and nothing of prom-client runs before this line.
  const [{ DATABASE_BOUND_MS, Health }, { probeWritable }, { createMetrics }, { startListener }] = await Promise.all([
    import('./health.ts'),
    import('../store/probe.ts'),
    import('./metrics.ts'),
    import('./listener.ts'),
  ]);
  const health = new Health(() => probeWritable(store.db, DATABASE_BOUND_MS));
  const metrics = createMetrics({ health, store });
  let listener;
  try {
    listener = await startListener({ host: settings.host, port: settings.port, health, metrics, log });
  } catch (error) {
    metrics.stop();
    throw error;
  }
  log.info(`Health and metrics: ${listener.url}/healthz, ${listener.url}/readyz, ${listener.url}/metrics`);
  return {
    recorder: metrics.recorder,
    health,
    url: listener.url,
    watchRest: (clients) => metrics.watchRest(clients),
    watchGateway: (gateway, state) => metrics.watchGateway(gateway, state),
    async close() {
      await listener.close();
      metrics.stop();
    },
  };
}
