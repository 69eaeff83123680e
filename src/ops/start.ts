// The operations side of a running bot: readiness always (it costs a Map), and when
// [metrics] is enabled, prom-client and the HTTP listener, both loaded here on demand so
// that a default install never loads them.
import type { REST } from '@discordjs/rest';
import type { WebSocketManager } from '@discordjs/ws';
import type { Config } from '../config/schema.ts';
import type { BotState } from '../discord/state.ts';
import type { Logger } from '../log/logger.ts';
import { probeWritable } from '../store/probe.ts';
import type { Store } from '../store/store.ts';
import { DATABASE_BOUND_MS, Health, type ShardHealth } from './health.ts';
import { NO_RECORDER, type Recorder } from './recorder.ts';

/** What startBot is handed: where to count, where to report shard readiness, and what to attach to. */
export interface BotOps {
  recorder: Recorder;
  health: ShardHealth;
  /** Lets the metrics count the answers of these REST clients; does nothing with metrics off. */
  watchRest(clients: readonly REST[]): void;
  /** Lets the metrics follow the gateway's shards and the state's guilds; does nothing with metrics off. */
  watchGateway(gateway: WebSocketManager, state: BotState): void;
}

export interface Ops extends BotOps {
  health: Health;
  /** The listener's address, or null when [metrics] is off. */
  url: string | null;
  close(): Promise<void>;
}

export async function startOps(settings: Config['metrics'], store: Store, log: Logger): Promise<Ops> {
  const health = new Health(() => probeWritable(store.db, DATABASE_BOUND_MS));
  if (!settings.enabled) {
    return { recorder: NO_RECORDER, health, url: null, watchRest() {}, watchGateway() {}, async close() {} };
  }
  // Dynamic imports: a bundler keeps them lazy, and nothing of prom-client runs before this line.
  const [{ createMetrics }, { startListener }] = await Promise.all([import('./metrics.ts'), import('./listener.ts')]);
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
